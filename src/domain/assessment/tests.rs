//! Tests of the rules joining a rubric to one unit's assessment.

use super::*;
use crate::domain::rubric::ItemInput;
use crate::domain::rubric::model::{Duty, Method};
use crate::domain::supervision::SupervisionFindings;
use rust_decimal_macros::dec;

fn item(source: Option<ItemSource>, method: Method) -> Item {
    Item {
        code: "x".into(),
        title: "t".into(),
        max: dec!(10),
        weight: None,
        applies_to: vec![],
        evidence: vec![],
        responsible: vec![],
        named: vec![],
        optional: false,
        eligible: vec![],
        deadline: None,
        ongoing: false,
        basis: None,
        source,
        method,
    }
}

fn facts<'a>(f: &'a SupervisionFindings, reviews: &'a [ItemInput]) -> ItemFacts<'a> {
    ItemFacts {
        upheld_appeal: None,
        ledger_rate: None,
        survey_index: None,
        supervision: f,
        review_inputs: reviews,
        combined: None,
        submitted_self: None,
        duty: Duty::ByType,
        notice_begun: false,
    }
}

#[test]
fn an_upheld_appeal_beats_everything_and_drafts_do_not_count() {
    let none = SupervisionFindings::default();
    let points = item(None, Method::Points { step: dec!(0.5) });
    let own = ItemInput::Points(dec!(9));
    let mut f = facts(&none, &[]);
    assert_eq!(final_input(&points, &f).1, InputSource::Missing);
    f.submitted_self = Some(&own);
    assert_eq!(
        final_input(&points, &f),
        (Some(own.clone()), InputSource::SelfScore)
    );
    f.combined = Some(dec!(7));
    assert_eq!(
        final_input(&points, &f),
        (Some(ItemInput::Score(dec!(7))), InputSource::Combined)
    );
    f.upheld_appeal = Some(ItemInput::Score(dec!(8)));
    assert_eq!(
        final_input(&points, &f),
        (Some(ItemInput::Score(dec!(8))), InputSource::Appeal)
    );
}

#[test]
fn a_veto_follows_the_reviewers_majority_and_a_tie_fires_it() {
    let none = SupervisionFindings::default();
    let veto = item(None, Method::Veto { max_grade: None });
    let split = [ItemInput::Veto(true), ItemInput::Veto(false)];
    assert_eq!(
        final_input(&veto, &facts(&none, &split)).0,
        Some(ItemInput::Veto(true))
    );
    let cleared = [
        ItemInput::Veto(true),
        ItemInput::Veto(false),
        ItemInput::Veto(false),
    ];
    assert_eq!(
        final_input(&veto, &facts(&none, &cleared)).0,
        Some(ItemInput::Veto(false))
    );
    let criticism = item(
        Some(ItemSource::SupervisionCriticism),
        Method::Veto { max_grade: None },
    );
    let criticised = SupervisionFindings {
        public_criticism: 1,
        ..Default::default()
    };
    assert_eq!(
        final_input(&criticism, &facts(&criticised, &cleared)).0,
        Some(ItemInput::Veto(true))
    );
}

#[test]
fn decided_scores_cannot_be_typed_in() {
    let by_type = Duty::ByType;
    assert!(check_entered_input("items.1", by_type, &ItemInput::Score(dec!(3))).is_err());
    assert!(check_entered_input("items.1", by_type, &ItemInput::Points(dec!(3))).is_ok());
}

fn claim(reason: &str) -> ItemInput {
    ItemInput::NotApplicable {
        reason: reason.into(),
    }
}

#[test]
fn a_named_duty_cannot_be_claimed_away_and_an_unassigned_one_takes_no_input() {
    let named = Duty::Named { lead: true };
    let e = check_entered_input("items.2.3.input", named, &claim("辖区无此类小区")).unwrap_err();
    assert!(e.message.contains("牵头单位"), "{}", e.message);
    assert!(check_entered_input("f", named, &ItemInput::Points(dec!(1))).is_ok());
    assert!(check_entered_input("f", Duty::NotAssigned, &ItemInput::Points(dec!(1))).is_err());
    assert!(check_entered_input("f", Duty::ByType, &claim("辖区无此类小区")).is_ok());
    assert!(check_entered_input("f", Duty::ByType, &claim("  ")).is_err());
    let long = claim(&"很".repeat(NOT_APPLICABLE_REASON_MAX + 1));
    assert!(check_entered_input("f", Duty::ByType, &long).is_err());
}

#[test]
fn a_claim_counts_only_once_a_majority_of_reviewers_confirms_it() {
    let none = SupervisionFindings::default();
    let points = item(None, Method::Points { step: dec!(0.5) });
    let own = claim("本单位无此职责");
    let mut f = facts(&none, &[]);
    f.submitted_self = Some(&own);
    assert_eq!(
        final_input(&points, &f),
        (
            Some(ItemInput::Score(Decimal::ZERO)),
            InputSource::UnconfirmedClaim
        )
    );
    let confirmed = [claim("属实")];
    let mut f = facts(&none, &confirmed);
    f.submitted_self = Some(&own);
    let (input, source) = final_input(&points, &f);
    assert_eq!(source, InputSource::ConfirmedNotApplicable);
    assert!(
        matches!(input, Some(ItemInput::NotApplicable { reason }) if reason.contains("经复核确认"))
    );
    // One confirms, one scores: a split is no confirmation; the scoring review decides.
    let split = [claim("属实"), ItemInput::Points(dec!(6))];
    let mut f = facts(&none, &split);
    f.submitted_self = Some(&own);
    f.combined = Some(dec!(6));
    assert_eq!(final_input(&points, &f).1, InputSource::Combined);
    // A named duty's claim never counts, whatever the reviewers say.
    let mut f = facts(&none, &confirmed);
    f.submitted_self = Some(&own);
    f.duty = Duty::Named { lead: false };
    assert_eq!(final_input(&points, &f).1, InputSource::UnconfirmedClaim);
}

#[test]
fn a_decided_score_keeps_the_range_and_the_step() {
    let points = item(None, Method::Points { step: dec!(0.5) });
    let ok = check_decided("score", &points, &ItemInput::Score(dec!(3.5)));
    assert_eq!(ok, Ok(dec!(3.5)));
    let off_step = check_decided("score", &points, &ItemInput::Score(dec!(3.3))).unwrap_err();
    assert_eq!(off_step.field, "score");
    assert!(off_step.message.contains("步长"), "{}", off_step.message);
    assert!(check_decided("score", &points, &ItemInput::Score(dec!(10.5))).is_err());
    let veto = item(None, Method::Veto { max_grade: None });
    assert!(check_decided("score", &veto, &ItemInput::Score(dec!(0))).is_err());
    assert_eq!(
        check_decided("input", &veto, &ItemInput::Veto(false)),
        Ok(dec!(0))
    );
}

/// A decided score the method cannot give names the method by its Chinese label, not its code.
#[test]
fn an_unreachable_score_names_the_method_in_chinese() {
    let finding = crate::domain::rubric::model::Finding {
        code: "f".into(),
        title: "问题".into(),
        points: dec!(2),
    };
    let deduction = item(
        None,
        Method::Deduction {
            findings: vec![finding],
        },
    );
    let e = check_decided("score", &deduction, &ItemInput::Score(dec!(9))).unwrap_err();
    assert!(e.message.contains("扣分（扣完为止）"), "{}", e.message);
    assert!(!e.message.contains("deduction"), "{}", e.message);
}

#[test]
fn once_the_notice_begins_a_missing_input_scores_zero() {
    let none = SupervisionFindings::default();
    let points = item(None, Method::Points { step: dec!(0.5) });
    let mut f = facts(&none, &[]);
    assert_eq!(final_input(&points, &f), (None, InputSource::Missing));
    f.notice_begun = true;
    assert_eq!(
        final_input(&points, &f),
        (
            Some(ItemInput::Score(Decimal::ZERO)),
            InputSource::NotSubmitted
        )
    );
    let veto = item(None, Method::Veto { max_grade: None });
    assert_eq!(final_input(&veto, &f), (None, InputSource::Missing));
}

#[test]
fn a_not_applicable_reason_is_one_short_non_blank_line() {
    let na = |reason: String| ItemInput::NotApplicable { reason };
    let field = "items.2.3.input";
    assert!(check_entered_input(field, Duty::ByType, &na("本单位无物业项目".into())).is_ok());
    assert!(check_entered_input(field, Duty::ByType, &na("理".repeat(500))).is_ok());
    for bad in [
        "理".repeat(501),
        "  ".into(),
        "第一行\n第二行".into(),
        "a\u{7}".into(),
    ] {
        let err = check_entered_input(field, Duty::ByType, &na(bad.clone())).unwrap_err();
        assert_eq!(err.field, field, "{bad:?}");
        assert!(err.message.starts_with("不适用理由"), "{}", err.message);
    }
}

#[test]
fn rates_are_exact_fractions() {
    use crate::domain::ledger::metrics::Ratio;
    let r = Ratio {
        numerator: 1,
        denominator: 3,
        rate: None,
        target: None,
        met: None,
        rule: String::new(),
    };
    assert!(exact_rate(&r).unwrap() * dec!(3) > dec!(0.9999999999));
    let none = Ratio {
        denominator: 0,
        numerator: 0,
        ..r
    };
    assert_eq!(exact_rate(&none), None);
}

#[test]
fn measure_names_find_their_ledger_metric() {
    use crate::domain::ledger::InspectionGroup;
    use crate::domain::ledger::metrics::{HandoverFacts, compute};
    let day = jiff::civil::date(2023, 6, 30);
    let held = |size, owner_representatives| HandoverFacts {
        inspected_on: day,
        group: InspectionGroup {
            size,
            owner_representatives,
        },
    };
    let m = compute(day, &[], &[held(9, 3), held(10, 3)]);
    let r = m.by_measure("承接查验业主代表达标率").unwrap();
    assert_eq!((r.numerator, r.denominator), (1, 2));
    assert_eq!(exact_rate(r), Some(dec!(0.5)));
    assert!(m.by_measure("业委会组建率").is_some());
    assert!(m.by_measure("承接查验").is_none());
    // Every name a rubric may use finds its metric.
    for name in crate::domain::ledger::metrics::LEDGER_MEASURES {
        assert!(m.by_measure(name).is_some(), "{name}");
    }
}

#[test]
fn a_wide_pair_needs_a_third_reviewer() {
    use ReviewMark::{Claim, Score, Veto};
    let t = dec!(0.2);
    let ten = dec!(10);
    assert!(needs_another_review(
        t,
        ten,
        &[Score(dec!(9)), Score(dec!(6))]
    ));
    assert!(!needs_another_review(
        t,
        ten,
        &[Score(dec!(9)), Score(dec!(7))]
    ));
    let three = [Score(dec!(9)), Score(dec!(6)), Score(dec!(8))];
    assert!(!needs_another_review(t, ten, &three));
    assert!(!needs_another_review(t, ten, &[Score(dec!(9))]));
    // One reviewer confirms a not-applicable claim, the other scores the item.
    assert!(needs_another_review(t, ten, &[Claim, Score(dec!(9))]));
    assert!(!needs_another_review(t, ten, &[Claim, Claim]));
    // A split veto is no verdict: a third reviewer decides.
    assert!(needs_another_review(t, ten, &[Veto(true), Veto(false)]));
    assert!(!needs_another_review(t, ten, &[Veto(true), Veto(true)]));
}
