//! Tests of [`super`].

use super::*;
use crate::domain::calendar::WorkCalendar;

#[test]
fn phases_move_one_step_forward_only() {
    assert!(check_transition(Phase::Draft, Phase::SelfAssessment).is_ok());
    assert!(check_transition(Phase::Appeal, Phase::Final).is_ok());
    assert!(check_transition(Phase::Draft, Phase::Review).is_err());
    assert!(check_transition(Phase::Review, Phase::SelfAssessment).is_err());
    assert!(check_transition(Phase::Final, Phase::Final).is_err());
}

#[test]
fn a_date_means_the_end_of_that_day_in_beijing() {
    let ts = parse_deadline("d", "2023-06-30").unwrap();
    assert_eq!(ts.to_string(), "2023-06-30T15:59:59Z");
    assert_eq!(show(ts), "2023-06-30 23:59（北京时间）");
    let ts = parse_deadline("d", "2023-06-30T18:00").unwrap();
    assert_eq!(ts.to_string(), "2023-06-30T10:00:00Z");
    let ts = parse_deadline("d", "2023-06-30T18:00:00+08:00").unwrap();
    assert_eq!(ts.to_string(), "2023-06-30T10:00:00Z");
    let err = parse_deadline("self_deadline", "June 30").unwrap_err();
    assert_eq!(err.field, "self_deadline");
}

#[test]
fn final_is_refused_naming_each_blocker() {
    assert!(FinalBlockers::default().check().is_ok());
    let end = parse_deadline("d", "2023-07-11").unwrap();
    let b = FinalBlockers {
        notice_open_until: Some(end),
        open_appeals: vec!["县住建局 评分项 2.2".into()],
        awaiting_review: vec!["濉溪镇 评分项 1.3".into()],
    };
    let msg = b.check().unwrap_err();
    for part in [
        "2023-07-11 23:59",
        "县住建局 评分项 2.2",
        "濉溪镇 评分项 1.3",
    ] {
        assert!(msg.contains(part), "{msg}");
    }
    assert_eq!(beijing_rfc3339(end), "2023-07-11T23:59:59+08:00");
    assert!(check_notice_days(0).is_err() && check_notice_days(31).is_err());
    assert!(check_deadlines(end, end).is_err());
}

#[test]
fn notice_runs_three_working_days() {
    // Published Thursday 2023-07-06 (Beijing) → ends Tuesday 2023-07-11 23:59:59.
    let from = parse_deadline("d", "2023-07-06T10:00").unwrap();
    assert_eq!(
        show(notice_end(from, 3, &WorkCalendar::plain()).unwrap()),
        "2023-07-11 23:59（北京时间）"
    );
}
