//! The grade a total reaches: band lines exactly, vetoes, weak categories.

use super::super::{d, pts, rubric};
use super::{run, two_categories};
use crate::domain::rubric::inputs::ItemInput;

#[test]
fn exactly_90_is_excellent_and_89_99_is_good() {
    let r = two_categories("none", "");
    let at = run(
        &r,
        &[("1.1", pts("30")), ("1.2", pts("10")), ("2.1", pts("50"))],
    );
    assert_eq!(at.total, d("90.00"));
    assert_eq!(at.grade.grade, "优秀");
    let below = run(
        &r,
        &[("1.1", pts("30")), ("1.2", pts("9.99")), ("2.1", pts("50"))],
    );
    assert_eq!(below.total, d("89.99"));
    assert_eq!(below.grade.grade, "良好");
}

#[test]
fn veto_forces_the_lowest_grade_and_a_capped_veto_stops_at_its_grade() {
    let r = two_categories("none", "");
    let full = [("1.1", pts("30")), ("1.2", pts("20")), ("2.1", pts("50"))];
    let mut with_veto = full.to_vec();
    with_veto.push(("2.2", ItemInput::Veto(true)));
    let res = run(&r, &with_veto);
    assert_eq!(res.total, d("100"));
    assert_eq!(res.grade.grade, "不合格");
    let mut capped = full.to_vec();
    capped.push(("2.3", ItemInput::Veto(true)));
    assert_eq!(run(&r, &capped).grade.grade, "良好");
}

#[test]
fn a_weak_category_blocks_excellent() {
    // Category 1 scores 11 of 20 (< 60%), yet the total 91 reaches the 优秀 band.
    let big = rubric(
        r#"
renormalise = "none"
[grading]
category_minimum_grade = "优秀"
category_minimum_share = 0.6
[[category]]
code = "1"
title = "甲"
points = 20
[[category.item]]
code = "1.1"
title = "甲一"
max = 20
method = "points"
step = 1
[[category]]
code = "2"
title = "乙"
points = 80
[[category.item]]
code = "2.1"
title = "乙一"
max = 80
method = "points"
step = 1
"#,
    );
    let res = run(&big, &[("1.1", pts("11")), ("2.1", pts("80"))]);
    assert_eq!(res.total, d("91"));
    assert_eq!(res.grade.band, "优秀");
    assert_eq!(res.grade.grade, "良好");
    assert!(res.grade.steps[1].contains("category minimum"));
}
