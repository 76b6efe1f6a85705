use super::*;

fn at(s: &str) -> Timestamp {
    super::super::period::parse_deadline("t", s).unwrap()
}

fn window(status: SelfStatus, extended: bool) -> SelfWindow {
    SelfWindow {
        status,
        due: at("2023-06-30"),
        extended,
    }
}

#[test]
fn a_self_assessment_is_open_until_its_deadline_or_its_extension() {
    let (before, after) = (at("2023-06-30T12:00"), at("2023-07-01T00:01"));
    let draft = window(SelfStatus::Draft, false);
    assert_eq!(
        self_assessment_open(Phase::SelfAssessment, draft, before),
        Ok(())
    );
    assert!(matches!(
        self_assessment_open(Phase::SelfAssessment, draft, after),
        Err(Closed::Deadline { .. })
    ));
    assert!(matches!(
        self_assessment_open(Phase::Review, draft, before),
        Err(Closed::Phase { .. })
    ));
    // An extension runs into the review phase; a send-back has no deadline of its own.
    let extended = window(SelfStatus::Draft, true);
    assert_eq!(
        self_assessment_open(Phase::Review, extended, before),
        Ok(())
    );
    let returned = window(SelfStatus::Returned, false);
    assert_eq!(self_assessment_open(Phase::Review, returned, after), Ok(()));
    let submitted = window(SelfStatus::Submitted, false);
    assert_eq!(
        self_assessment_open(Phase::SelfAssessment, submitted, before),
        Err(Closed::Submitted)
    );
    let msg = self_assessment_open(Phase::SelfAssessment, draft, after)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("2023-06-30 23:59"), "{msg}");
}

#[test]
fn reviews_appeals_and_decisions_have_their_windows() {
    let end = at("2023-07-31");
    assert_eq!(
        review_open(Phase::Review, end, at("2023-07-31T23:00")),
        Ok(())
    );
    assert!(review_open(Phase::Review, end, at("2023-08-01")).is_err());
    assert!(review_open(Phase::Appeal, end, at("2023-07-01")).is_err());
    assert_eq!(
        appeal_open(Phase::Appeal, Some(end), at("2023-07-30")),
        Ok(())
    );
    assert!(appeal_open(Phase::Appeal, Some(end), at("2023-08-01")).is_err());
    assert!(appeal_open(Phase::Final, None, at("2023-07-30")).is_err());
    assert_eq!(
        decision_open(Phase::Appeal, AppealStatus::Pending, false),
        Ok(())
    );
    assert_eq!(
        decision_open(Phase::Appeal, AppealStatus::Upheld, false),
        Err(Closed::Decided)
    );
    assert_eq!(
        decision_open(Phase::Appeal, AppealStatus::Upheld, true),
        Ok(())
    );
    assert!(decision_open(Phase::Final, AppealStatus::Upheld, true).is_err());
}

#[test]
fn evidence_follows_who_attaches_it() {
    use AttachedTo::*;
    assert_eq!(
        evidence_open(SelfScore, Phase::SelfAssessment, false),
        Ok(())
    );
    assert!(evidence_open(SelfScore, Phase::SelfAssessment, true).is_err());
    assert_eq!(evidence_open(SelfScore, Phase::Review, false), Ok(()));
    assert!(evidence_open(Review, Phase::SelfAssessment, false).is_err());
    assert_eq!(evidence_open(Review, Phase::Review, true), Ok(()));
    assert_eq!(evidence_open(Bureau, Phase::Appeal, true), Ok(()));
    assert!(evidence_open(Bureau, Phase::Final, true).is_err());
}

#[test]
fn the_plan_freezes_at_final_and_its_roles_at_the_recheck() {
    for phase in [
        Phase::Draft,
        Phase::SelfAssessment,
        Phase::Review,
        Phase::Appeal,
    ] {
        assert_eq!(period_open(phase, "延期"), Ok(()));
    }
    assert_eq!(
        period_open(Phase::Final, "延期").unwrap_err().to_string(),
        "当前处于定稿阶段，不能延期 (wrong phase: final)"
    );
    assert!(plan_open(Phase::Draft) && plan_open(Phase::SelfAssessment));
    assert!(!plan_open(Phase::Review) && !plan_open(Phase::Final));
}

#[test]
fn a_send_back_belongs_to_filling_in_and_the_recheck() {
    assert_eq!(send_back_open(Phase::SelfAssessment), Ok(()));
    assert_eq!(send_back_open(Phase::Review), Ok(()));
    for phase in [Phase::Draft, Phase::Appeal, Phase::Final] {
        assert!(send_back_open(phase).is_err());
    }
}
