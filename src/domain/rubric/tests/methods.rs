use jiff::civil::date;

use super::d;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::methods::score_item;
use crate::domain::rubric::model::{BelowFloor, Curve, Finding, Item, LatePer, Method, ShareUnit};

pub(super) fn item(max: &str, method: Method) -> Item {
    Item {
        code: "3.2".into(),
        title: "测试项".into(),
        max: d(max),
        weight: None,
        applies_to: vec![],
        evidence: vec![],
        responsible: vec![],
        named: vec![],
        optional: false,
        eligible: vec![],
        deadline: Some(date(2023, 1, 31)),
        ongoing: false,
        basis: None,
        source: None,
        method,
    }
}

/// A threshold method on shares with the curve's default shape (linear 0 + 100, efficacy
/// 60 + 40, nothing below the floor).
pub(super) fn threshold_method(target: &str, floor: &str, curve: Curve) -> Method {
    let (base, span) = match curve {
        Curve::Linear => ("0", "100"),
        Curve::Efficacy => ("60", "40"),
    };
    Method::Threshold {
        measure: "组建率".into(),
        measured_in: ShareUnit::Share,
        target: d(target),
        floor: d(floor),
        curve,
        base: d(base),
        span: d(span),
        below_floor: BelowFloor::Zero,
    }
}

fn threshold(curve: Curve) -> Item {
    item("10", threshold_method("0.9", "0.5", curve))
}

fn score(i: &Item, input: ItemInput) -> rust_decimal::Decimal {
    score_item(i, Some(&input)).unwrap().score
}

#[test]
fn points_off_step_or_out_of_range_is_an_error_naming_the_item() {
    let i = item("5", Method::Points { step: d("0.5") });
    assert_eq!(score(&i, ItemInput::Points(d("4.5"))), d("4.5"));
    let e = score_item(&i, Some(&ItemInput::Points(d("4.3")))).unwrap_err();
    assert_eq!(e.field, "items.3.2");
    assert!(
        e.message.contains("3.2") && e.message.contains("step 0.5"),
        "{}",
        e.message
    );
    let e = score_item(&i, Some(&ItemInput::Points(d("5.5")))).unwrap_err();
    assert!(e.message.contains("outside 0..5"), "{}", e.message);
    assert!(score_item(&i, Some(&ItemInput::Points(d("-0.5")))).is_err());
    assert!(score_item(&i, None).is_err());
}

#[test]
fn thirty_deductions_of_a_tenth_are_exactly_three() {
    let f = Finding {
        code: "x".into(),
        title: "问题".into(),
        points: d("0.1"),
    };
    let i = item("5", Method::Deduction { findings: vec![f] });
    let got = score(&i, ItemInput::Findings([("x".to_string(), 30)].into()));
    assert_eq!(got, d("2.0"));
    assert_eq!(d("5") - got, d("3.0"));
    // 扣完为止: 100 occurrences cannot go below zero.
    assert_eq!(
        score(&i, ItemInput::Findings([("x".to_string(), 100)].into())),
        d("0")
    );
    assert!(
        score_item(
            &i,
            Some(&ItemInput::Findings([("y".to_string(), 1)].into()))
        )
        .is_err()
    );
    assert_eq!(score_item(&i, None).unwrap().score, d("5"));
}

#[test]
fn threshold_linear_between_floor_and_target() {
    let i = threshold(Curve::Linear);
    assert_eq!(score(&i, ItemInput::Measured(d("0.95"))), d("10"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.9"))), d("10"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.7"))), d("5"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.5"))), d("0"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.49"))), d("0"));
}

#[test]
fn threshold_efficacy_is_60_plus_40_share() {
    let i = threshold(Curve::Efficacy);
    assert_eq!(score(&i, ItemInput::Measured(d("0.7"))), d("8"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.5"))), d("6"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.4999"))), d("0"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.9"))), d("10"));
}

#[test]
fn deadline_late_per_day_and_per_week_with_cap() {
    let per_day = item(
        "5",
        Method::Deadline {
            per: LatePer::Day,
            points: d("0.5"),
            cap: d("3"),
        },
    );
    assert_eq!(score(&per_day, ItemInput::Done(date(2023, 1, 31))), d("5"));
    assert_eq!(score(&per_day, ItemInput::Done(date(2023, 2, 2))), d("4.0"));
    assert_eq!(score(&per_day, ItemInput::Done(date(2023, 3, 31))), d("2"));
    assert_eq!(score(&per_day, ItemInput::NotDone), d("0"));
    let per_week = item(
        "5",
        Method::Deadline {
            per: LatePer::Week,
            points: d("1"),
            cap: d("5"),
        },
    );
    assert_eq!(score(&per_week, ItemInput::Done(date(2023, 2, 7))), d("4"));
    assert_eq!(score(&per_week, ItemInput::Done(date(2023, 2, 8))), d("3"));
    assert_eq!(score(&per_week, ItemInput::Done(date(2023, 12, 1))), d("0"));
}

#[test]
fn survey_scales_max_by_the_index() {
    let i = item("8", Method::Survey);
    assert_eq!(score(&i, ItemInput::Index(d("85.5"))), d("6.840"));
    assert!(score_item(&i, Some(&ItemInput::Index(d("100.1")))).is_err());
}

#[test]
fn bonus_is_capped_by_the_item_and_veto_fires() {
    let a = Finding {
        code: "a".into(),
        title: "示范".into(),
        points: d("1"),
    };
    let i = item("2", Method::Bonus { awards: vec![a] });
    assert_eq!(
        score(&i, ItemInput::Awards([("a".to_string(), 5)].into())),
        d("2")
    );
    let v = item("0", Method::Veto { max_grade: None });
    assert!(score_item(&v, Some(&ItemInput::Veto(true))).unwrap().veto);
    assert!(!score_item(&v, None).unwrap().veto);
}

#[test]
fn wrong_input_kind_and_decided_scores() {
    let i = item("5", Method::Points { step: d("1") });
    let e = score_item(&i, Some(&ItemInput::Measured(d("1")))).unwrap_err();
    assert!(
        e.message
            .contains("expects a `points` input, got `measured`"),
        "{}",
        e.message
    );
    assert_eq!(score(&i, ItemInput::Score(d("3.75"))), d("3.75"));
    assert!(score_item(&i, Some(&ItemInput::Score(d("6")))).is_err());
    let na = score_item(
        &i,
        Some(&ItemInput::NotApplicable {
            reason: "无".into(),
        }),
    )
    .unwrap();
    assert!(!na.applicable);
    assert!(score_item(&i, Some(&ItemInput::NotApplicable { reason: " ".into() })).is_err());
}

/// 3 × (0.7 − 0.6)/(0.9 − 0.6): dividing first gives 3 × 0.333…3 = 0.999…9; multiplying
/// first gives 0.3/0.3 = 1.
#[test]
fn threshold_multiplies_before_it_divides() {
    let i = item("3", threshold_method("0.9", "0.6", Curve::Linear));
    let out = score_item(&i, Some(&ItemInput::Measured(d("0.7")))).unwrap();
    assert_eq!(out.score, d("1"));
    assert_eq!(out.score.to_string(), "1");
    assert!(
        out.explanation.contains("3 × (0.7 − 0.6)/(0.9 − 0.6) = 1"),
        "{}",
        out.explanation
    );
    // 1.5 × 1/3 is 0.5, not 0.4999…
    let i = item("1.5", threshold_method("0.3", "0", Curve::Linear));
    assert_eq!(score(&i, ItemInput::Measured(d("0.1"))).to_string(), "0.5");
    // A true score that does not terminate is shown rounded for reading, marked ≈.
    let i = item("6", threshold_method("0.9", "0.6", Curve::Linear));
    let out = score_item(&i, Some(&ItemInput::Measured(d("0.7")))).unwrap();
    assert_eq!(out.score, d("2"));
    let i = item("5", threshold_method("0.9", "0.6", Curve::Linear));
    let out = score_item(&i, Some(&ItemInput::Measured(d("0.7")))).unwrap();
    assert!(out.explanation.contains("≈ 1.6667"), "{}", out.explanation);
}

#[test]
fn a_share_above_one_is_refused_suggesting_the_share() {
    let i = threshold(Curve::Linear);
    let e = score_item(&i, Some(&ItemInput::Measured(d("95")))).unwrap_err();
    assert_eq!(e.field, "items.3.2");
    assert!(
        e.message.contains("3.2") && e.message.contains("0.95") && e.message.contains("0..1"),
        "{}",
        e.message
    );
    let e = score_item(&i, Some(&ItemInput::Measured(d("1.0001")))).unwrap_err();
    assert!(e.message.contains("0..1"), "{}", e.message);
    assert_eq!(score(&i, ItemInput::Measured(d("1"))), d("10"));
    assert!(score_item(&i, Some(&ItemInput::Measured(d("-0.1")))).is_err());
}

#[test]
fn a_percent_item_takes_percentages() {
    let mut m = threshold_method("90", "50", Curve::Linear);
    if let Method::Threshold { measured_in, .. } = &mut m {
        *measured_in = ShareUnit::Percent;
    }
    let i = item("10", m);
    assert_eq!(score(&i, ItemInput::Measured(d("70"))), d("5"));
    assert_eq!(score(&i, ItemInput::Measured(d("95"))), d("10"));
    let out = score_item(&i, Some(&ItemInput::Measured(d("70")))).unwrap();
    assert!(
        out.explanation.contains("70%（目标 90%，下限 50%）"),
        "{}",
        out.explanation
    );
    let e = score_item(&i, Some(&ItemInput::Measured(d("100.5")))).unwrap_err();
    assert!(e.message.contains("0..100"), "{}", e.message);
}

#[test]
fn an_efficacy_curve_may_declare_its_base_span_and_floor_rule() {
    let mut m = threshold_method("0.9", "0.5", Curve::Efficacy);
    if let Method::Threshold {
        base,
        span,
        below_floor,
        ..
    } = &mut m
    {
        (*base, *span, *below_floor) = (d("70"), d("30"), BelowFloor::Base);
    }
    let i = item("10", m);
    // 10 × (70 + 30 × (0.7 − 0.5)/(0.9 − 0.5))% = 10 × 85% = 8.5.
    assert_eq!(score(&i, ItemInput::Measured(d("0.7"))), d("8.5"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.5"))), d("7"));
    // Below the floor: the base, 70% of 10.
    assert_eq!(score(&i, ItemInput::Measured(d("0.1"))), d("7"));
    assert_eq!(score(&i, ItemInput::Measured(d("0.9"))), d("10"));
}

/// A ledger rate of 2 of 3 arrives as the decimal 0.666…7; the engine scores the fraction:
/// 3 × (2/3 − 0.5)/(1 − 0.5) = 1, not 1.000…02. A mean of 23/3 stays 23/3.
#[test]
fn long_quotients_in_inputs_are_scored_as_the_fractions_they_are() {
    let rate = d("2") / d("3");
    let i = item("3", threshold_method("1", "0.5", Curve::Linear));
    let out = score_item(&i, Some(&ItemInput::Measured(rate))).unwrap();
    assert_eq!(out.score.to_string(), "1");
    assert!(
        out.explanation.contains("3 × (2/3 − 0.5)/(1 − 0.5) = 1"),
        "{}",
        out.explanation
    );
    let points = item("10", Method::Points { step: d("0.5") });
    let out = score_item(&points, Some(&ItemInput::Score(d("23") / d("3")))).unwrap();
    assert_eq!(out.score, d("23") / d("3"));
    assert!(
        out.explanation.contains("≈7.6667/10"),
        "{}",
        out.explanation
    );
}
