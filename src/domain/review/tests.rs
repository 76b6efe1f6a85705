//! Tests of [`super`].

use super::*;
use rust_decimal_macros::dec;

#[test]
fn a_small_difference_needs_no_reason() {
    // Item worth 10, tolerance 20% → up to 2 points apart without a reason.
    assert!(
        check_review_reason(
            "1.1",
            dec!(10),
            dec!(0.2),
            Some(dec!(9)),
            dec!(7),
            None,
            None
        )
        .is_ok()
    );
}

#[test]
fn a_difference_above_tolerance_needs_reason_and_comment() {
    let e = check_review_reason(
        "1.1",
        dec!(10),
        dec!(0.2),
        Some(dec!(9)),
        dec!(6.5),
        None,
        None,
    )
    .unwrap_err();
    assert_eq!(e.field, "items[1.1].reason");
    assert!(e.message.contains("20%"), "{}", e.message);
    let only_code = Some(ReasonCode::Mismatch);
    assert!(
        check_review_reason(
            "1.1",
            dec!(10),
            dec!(0.2),
            Some(dec!(9)),
            dec!(6.5),
            only_code,
            None
        )
        .is_err()
    );
    assert!(
        check_review_reason(
            "1.1",
            dec!(10),
            dec!(0.2),
            Some(dec!(9)),
            dec!(6.5),
            only_code,
            Some("台账缺 3 个小区")
        )
        .is_ok()
    );
}

#[test]
fn other_always_needs_a_comment() {
    let r = Some(ReasonCode::Other);
    assert!(
        check_review_reason(
            "2",
            dec!(5),
            dec!(0.2),
            Some(dec!(5)),
            dec!(5),
            r,
            Some(" ")
        )
        .is_err()
    );
}

#[test]
fn every_recheck_action_and_reviewer_entry_is_recheck_work_but_a_send_back() {
    for w in Recheck::ALL {
        assert!(is_recheck_entry(w.action(), "admin"), "{w:?}");
    }
    assert!(is_recheck_entry("review.anything_new", "admin"));
    // Reviewers' evidence written before it had its own action.
    assert!(is_recheck_entry("evidence.attach", "reviewer"));
    assert!(!is_recheck_entry("evidence.attach", "unit"));
    assert!(!is_recheck_entry("evidence.attach", "admin"));
    assert!(!is_recheck_entry("self_assessment.send_back", "reviewer"));
    assert!(!is_recheck_entry("supervision.create", "admin"));
    assert!(is_recheck_evidence(AttachedTo::Review.as_str()));
    assert!(!is_recheck_evidence(AttachedTo::SelfScore.as_str()));
    assert!(!is_recheck_evidence(AttachedTo::Bureau.as_str()));
}

#[test]
fn the_unit_sees_the_recheck_from_the_notice_on() {
    use crate::domain::period::Phase;
    assert!(!unit_sees_recheck(Phase::Review));
    assert!(unit_sees_recheck(Phase::Appeal));
    assert!(unit_sees_recheck(Phase::Final));
}

#[test]
fn reason_codes_parse_from_code_or_chinese_label() {
    assert_eq!(
        "证据不足".parse::<ReasonCode>(),
        Ok(ReasonCode::InsufficientEvidence)
    );
    assert_eq!("mismatch".parse::<ReasonCode>(), Ok(ReasonCode::Mismatch));
    assert!("because".parse::<ReasonCode>().is_err());
}
