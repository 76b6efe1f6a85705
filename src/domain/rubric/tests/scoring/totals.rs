//! The total: re-normalisation, weights, bonus cap, rounding and adjustments.

use super::super::{d, pts, rubric};
use super::{inputs, run, two_categories};
use crate::domain::rubric::inputs::{Adjustment, ItemInput};
use crate::domain::rubric::score;

#[test]
fn not_applicable_scales_to_max_or_not() {
    let na = ItemInput::NotApplicable {
        reason: "无此职责".into(),
    };
    let scaled = two_categories("scale-to-max", "");
    let r = run(
        &scaled,
        &[("1.1", na.clone()), ("1.2", pts("16")), ("2.1", pts("40"))],
    );
    // 56 of 70 applicable → 56 × 100/70 = 80.
    assert_eq!(r.applicable, d("70"));
    assert_eq!(r.total, d("80"));
    let plain = two_categories("none", "");
    assert_eq!(
        run(
            &plain,
            &[("1.1", na), ("1.2", pts("16")), ("2.1", pts("40"))]
        )
        .total,
        d("56")
    );
}

#[test]
fn unit_type_outside_applies_to_is_not_applicable() {
    let r = two_categories("scale-to-max", "");
    let mut i = inputs(&[("1.2", pts("20")), ("2.1", pts("45"))]);
    i.unit_type = Some("department".into());
    let res = score(&r, &i).unwrap();
    assert!(!res.items[0].applicable);
    assert_eq!(res.total, d("65") * d("100") / d("70"));
}

#[test]
fn bonus_is_capped_at_the_rubric_cap() {
    let r = two_categories("none", "");
    let res = run(
        &r,
        &[
            ("1.1", pts("20")),
            ("1.2", pts("10")),
            ("2.1", pts("40")),
            ("1.3", ItemInput::Awards([("a".into(), 3)].into())),
        ],
    );
    assert_eq!(res.bonus.claimed, d("4.5"));
    assert_eq!(res.bonus.applied, d("2"));
    assert_eq!(res.total, d("72"));
}

#[test]
fn rounding_only_where_the_file_says() {
    let half_up = "[rounding]\nplaces = 1\nmode = \"half-up\"\nat = [\"total\"]\n";
    let r = two_categories("none", half_up);
    let res = run(
        &r,
        &[
            ("1.1", pts("20.25")),
            ("1.2", pts("10")),
            ("2.1", pts("40")),
        ],
    );
    assert_eq!(res.unrounded_total, d("70.25"));
    assert_eq!(res.total, d("70.3"));
    let half_even = half_up.replace("half-up", "half-even");
    let r = two_categories("none", &half_even);
    assert_eq!(
        run(
            &r,
            &[
                ("1.1", pts("20.25")),
                ("1.2", pts("10")),
                ("2.1", pts("40"))
            ]
        )
        .total,
        d("70.2")
    );
    let down = half_up.replace("half-up", "down");
    let r = two_categories("none", &down);
    assert_eq!(
        run(
            &r,
            &[
                ("1.1", pts("20.29")),
                ("1.2", pts("10")),
                ("2.1", pts("40"))
            ]
        )
        .total,
        d("70.2")
    );
}

#[test]
fn adjustments_deduct_and_unknown_items_are_refused() {
    let r = two_categories("none", "");
    let mut i = inputs(&[("1.1", pts("30")), ("1.2", pts("20")), ("2.1", pts("50"))]);
    i.adjustments.push(Adjustment {
        label: "自评失实".into(),
        points: d("1.5"),
        items: Vec::new(),
    });
    assert_eq!(score(&r, &i).unwrap().total, d("98.5"));
    i.items.insert("9.9".into(), pts("1"));
    let errs = score(&r, &i).unwrap_err();
    assert_eq!(errs[0].field, "items.9.9");
    let errs = score(&r, &inputs(&[("1.1", pts("31")), ("1.2", pts("0.001"))])).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn weighted_items_scale_to_category_points() {
    let r = rubric(
        r#"
renormalise = "scale-to-max"
total = 100
[[category]]
code = "1"
title = "加权"
points = 100
[[category.item]]
code = "1.1"
title = "甲"
max = 10
weight = 0.6
method = "points"
step = 1
[[category.item]]
code = "1.2"
title = "乙"
max = 100
weight = 0.4
method = "points"
step = 1
"#,
    );
    // 0.6 × 100 × 8/10 + 0.4 × 100 × 50/100 = 48 + 20 = 68.
    assert_eq!(
        run(&r, &[("1.1", pts("8")), ("1.2", pts("50"))]).total,
        d("68")
    );
    // 1.2 N/A: 48 of 60 → 80.
    let na = ItemInput::NotApplicable {
        reason: "无".into(),
    };
    assert_eq!(run(&r, &[("1.1", pts("8")), ("1.2", na)]).total, d("80"));
}
