//! Scoring a subject against a points rubric: totals, re-normalisation, bonus, rounding and
//! adjustments ([`totals`]), and the grade they reach ([`grades`]).

mod grades;
mod totals;

use super::{rubric, subject};
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::{Rubric, ScoreResult, score};

/// Two categories of 50: 1.1 (30) + 1.2 (20), 2.1 (50); plus a bonus and two vetoes.
fn two_categories(renormalise: &str, rounding: &str) -> Rubric {
    rubric(&format!(
        r#"
renormalise = "{renormalise}"
bonus_cap = 2
{rounding}
[grading]
category_minimum_grade = "优秀"
category_minimum_share = 0.6

[[category]]
code = "1"
title = "甲"
points = 50
[[category.item]]
code = "1.1"
title = "甲一"
max = 30
method = "points"
step = 0.01
applies_to = ["town"]
[[category.item]]
code = "1.2"
title = "甲二"
max = 20
method = "points"
step = 0.01
[[category.item]]
code = "1.3"
title = "加分"
max = 5
method = "bonus"
[[category.item.award]]
code = "a"
title = "表彰"
points = 1.5
[[category]]
code = "2"
title = "乙"
points = 50
[[category.item]]
code = "2.1"
title = "乙一"
max = 50
method = "points"
step = 0.01
[[category.item]]
code = "2.2"
title = "否决"
method = "veto"
[[category.item]]
code = "2.3"
title = "限制评优"
method = "veto"
max_grade = "良好"
"#
    ))
}

/// One subject with `pairs` as its inputs.
fn inputs(pairs: &[(&str, ItemInput)]) -> SubjectInputs {
    subject("单位", pairs.iter().cloned())
}

/// `pairs` scored on `r` for one subject.
fn run(r: &Rubric, pairs: &[(&str, ItemInput)]) -> ScoreResult {
    score(r, &inputs(pairs)).unwrap()
}
