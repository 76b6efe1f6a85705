use super::{d, rubric};
use crate::domain::rubric::inputs::{Adjustment, ItemInput, SubjectInputs};
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

fn inputs(pairs: &[(&str, ItemInput)]) -> SubjectInputs {
    SubjectInputs {
        subject: "单位".into(),
        unit_type: None,
        items: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        adjustments: vec![],
        role: None,
        options: Default::default(),
    }
}

fn pts(s: &str) -> ItemInput {
    ItemInput::Points(d(s))
}

fn run(r: &Rubric, pairs: &[(&str, ItemInput)]) -> ScoreResult {
    score(r, &inputs(pairs)).unwrap()
}

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
