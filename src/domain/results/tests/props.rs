//! Every explanation sums to its total, whatever the inputs, weights and re-normalisation.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::super::explain::{Stage, explain};
use super::super::{UnitFacts, standings};
use super::assessment;
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::{parse, score};

/// A weighted, re-normalising rubric with two categories of three points items each and a
/// bonus, so the property sees weights, scale-to-max and the bonus cap together.
const WEIGHTED: &str = r#"
id = "w"
version = 1
kind = "unit-assessment"
title = "权重测试"
effective_from = 2023-01-01
effective_to = 2023-12-31
total = 100
bonus_cap = 3
renormalise = "scale-to-max"

[rounding]
places = 2
mode = "half-up"
at = ["total"]

[[grade]]
name = "优秀"
min = 90
[[grade]]
name = "不合格"
min = 0

[[category]]
code = "1"
title = "甲"
points = 30
weight = 0.35
[[category.item]]
code = "1.1"
title = "a"
max = 7
method = "points"
step = 0.5
[[category.item]]
code = "1.2"
title = "b"
max = 11
method = "points"
step = 0.5
[[category.item]]
code = "1.3"
title = "c"
max = 12
method = "points"
step = 0.5

[[category]]
code = "2"
title = "乙"
points = 70
weight = 0.65
[[category.item]]
code = "2.1"
title = "d"
max = 13
method = "points"
step = 0.5
[[category.item]]
code = "2.2"
title = "e"
max = 29
method = "points"
step = 0.5
[[category.item]]
code = "2.3"
title = "f"
max = 28
method = "points"
step = 0.5

[[category]]
code = "3"
title = "加分"
weight = 0
[[category.item]]
code = "3.1"
title = "奖"
max = 4
method = "bonus"
[[category.item.award]]
code = "a"
title = "奖"
points = 1.5
"#;

proptest! {
    /// Whatever the inputs (points on the step, items not applicable, awards), the steps that
    /// add points sum to the total exactly, and the rounding step only carries the rubric's
    /// rounding and the display places of the categories (never a missing part).
    #[test]
    fn every_explanation_sums_to_its_total(
        halves in proptest::collection::vec(0u32..=140, 6),
        off in proptest::collection::vec(any::<bool>(), 6),
        awards in 0u32..4,
        weighted in any::<bool>(),
    ) {
        let text = if weighted { WEIGHTED.to_owned() } else { WEIGHTED.replace("weight = 0.35\n", "").replace("weight = 0.65\n", "").replace("weight = 0\n", "") };
        let r = parse("w.toml", &text).unwrap_or_else(|d| panic!("{d:?}"));
        let maxes = [("1.1", 7u32), ("1.2", 11), ("1.3", 12), ("2.1", 13), ("2.2", 29), ("2.3", 28)];
        let mut items = BTreeMap::new();
        for (i, (code, max)) in maxes.iter().enumerate() {
            let input = if off[i] && i % 3 != 0 {
                ItemInput::NotApplicable { reason: "不适用".into() }
            } else {
                ItemInput::Points(Decimal::from(halves[i] % (2 * max + 1)) / dec!(2))
            };
            items.insert((*code).to_owned(), input);
        }
        items.insert("3.1".into(), ItemInput::Awards([("a".to_owned(), awards)].into_iter().collect()));
        let inputs = SubjectInputs { subject: "x".into(), unit_type: None, role: None, options: Default::default(), items, adjustments: Vec::new() };
        let res = score(&r, &inputs).unwrap();
        let facts = [UnitFacts { unit_id: "x", unit_name: "x", result: &res, criticisms: 0 }];
        let a = assessment(&r);
        let s = standings(&a.grading, &facts);
        let e = explain(&r, a, &res, &s[0], &|_| None);
        prop_assert_eq!(e.sum(), res.total);
        let rounding = e.steps.iter().find(|s| s.stage == Stage::Rounding).and_then(|s| s.adds).unwrap();
        // ½ of the last place of the total, plus ½ of the 4th place for each of the two
        // categories' shown scores, scaled by at most full/applicable (≤ 100/42 here).
        prop_assert!(rounding.abs() <= dec!(0.005) + dec!(0.0001) * dec!(3), "rounding {} in {:?}", rounding, e);
    }
}
