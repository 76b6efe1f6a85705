//! When each step of the assessment workflow may be taken (附件3 四、考核制度), as pure
//! functions of the period's state and the time: a unit's self-assessment, a reviewer's
//! re-check, a unit's appeal and the decision on it. The service asks these and only these.

use jiff::Timestamp;

use super::evidence::AttachedTo;
use super::period::{Phase, closed_message};
use super::review::{AppealStatus, SelfStatus};

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Closed {
    /// The period is in a phase where the step does not belong.
    #[error("当前处于{}阶段，不能{action} (wrong phase: {phase})", phase.label())]
    Phase {
        /// What was attempted, e.g. 修改自评.
        action: &'static str,
        /// The period's phase.
        phase: Phase,
    },
    /// The window of the step closed at this instant.
    #[error("{}", closed_message(what, *at))]
    Deadline {
        /// What closed, e.g. 自评.
        what: &'static str,
        /// When.
        at: Timestamp,
    },
    /// The self-assessment is already submitted.
    #[error("自评已提交，不能再修改；如需更正请申请退回补正 (already submitted)")]
    Submitted,
    /// The appeal is decided and the caller may not correct decisions.
    #[error(
        "该申诉已裁决；更正裁决须由住建局（管理员）写明理由 (already decided; only the bureau corrects)"
    )]
    Decided,
}

/// A unit's self-assessment as the window rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfWindow {
    /// Where the self-assessment stands.
    pub status: SelfStatus,
    /// The unit's deadline: its extension, or the period's.
    pub due: Timestamp,
    /// Whether `due` is a per-unit extension.
    pub extended: bool,
}

/// Whether the unit may change (or submit) its self-assessment at `now`: in the
/// self-assessment phase until its deadline; into the review phase while an extension runs or
/// after a send-back (退回补正, which has no deadline of its own); never once submitted.
pub fn self_assessment_open(phase: Phase, w: SelfWindow, now: Timestamp) -> Result<(), Closed> {
    let returned = w.status == SelfStatus::Returned;
    let still_extended = w.extended && now <= w.due;
    let in_review = phase == Phase::Review && (returned || still_extended);
    if !(phase == Phase::SelfAssessment || in_review) {
        return Err(Closed::Phase {
            action: "修改自评",
            phase,
        });
    }
    if !w.status.editable() {
        return Err(Closed::Submitted);
    }
    if !returned && now > w.due {
        return Err(Closed::Deadline {
            what: "自评",
            at: w.due,
        });
    }
    Ok(())
}

/// Whether a reviewer may record a re-check at `now`: in the review phase, until its deadline.
pub fn review_open(phase: Phase, review_deadline: Timestamp, now: Timestamp) -> Result<(), Closed> {
    if phase != Phase::Review {
        return Err(Closed::Phase {
            action: "复核",
            phase,
        });
    }
    if now > review_deadline {
        return Err(Closed::Deadline {
            what: "复核",
            at: review_deadline,
        });
    }
    Ok(())
}

/// Whether the unit may lodge an appeal at `now`: during the public notice, until it ends.
pub fn appeal_open(
    phase: Phase,
    notice_end: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), Closed> {
    if phase != Phase::Appeal {
        return Err(Closed::Phase {
            action: "申诉",
            phase,
        });
    }
    match notice_end {
        Some(end) if now > end => Err(Closed::Deadline {
            what: "申诉",
            at: end,
        }),
        _ => Ok(()),
    }
}

/// Whether the bureau may still change the period's plan, deadlines or supervision items:
/// any time until 定稿 (Final), after which nothing under the published results changes.
pub fn period_open(phase: Phase, action: &'static str) -> Result<(), Closed> {
    if phase == Phase::Final {
        return Err(Closed::Phase { action, phase });
    }
    Ok(())
}

/// Whether the plan's roles and optional rules may change: they decide what units fill in and
/// how it is scored, so they are settled before the re-check starts.
pub fn plan_open(phase: Phase) -> bool {
    phase < Phase::Review
}

/// Whether a submitted self-assessment may be sent back for correction (退回补正): while units
/// fill in and during the re-check, never once results are on notice.
pub fn send_back_open(phase: Phase) -> Result<(), Closed> {
    if matches!(phase, Phase::SelfAssessment | Phase::Review) {
        return Ok(());
    }
    Err(Closed::Phase {
        action: "退回补正",
        phase,
    })
}

/// Whether a review team may write its report: during the re-check and the notice (the
/// written report may answer appeals), not before, not after 定稿.
pub fn report_open(phase: Phase) -> Result<(), Closed> {
    if matches!(phase, Phase::Review | Phase::Appeal) {
        return Ok(());
    }
    Err(Closed::Phase {
        action: "撰写复核报告",
        phase,
    })
}

/// Whether evidence may be attached now, by whom: the unit while it may still change its
/// self-assessment (self-assessment or review phase, not submitted), a reviewer during the
/// re-check, the bureau from the self-assessment phase until 定稿.
pub fn evidence_open(by: AttachedTo, phase: Phase, submitted: bool) -> Result<(), Closed> {
    let open = match by {
        AttachedTo::SelfScore => {
            !submitted && matches!(phase, Phase::SelfAssessment | Phase::Review)
        }
        AttachedTo::Review => phase == Phase::Review,
        AttachedTo::Bureau => !matches!(phase, Phase::Draft | Phase::Final),
    };
    if open {
        return Ok(());
    }
    Err(Closed::Phase {
        action: "上传佐证材料（已提交或不在上传阶段）",
        phase,
    })
}

/// Whether an appeal may be decided now: a pending one by the bureau or the team, a decided
/// one (a correction) by the bureau only — both before 定稿, i.e. in the appeal phase.
pub fn decision_open(phase: Phase, status: AppealStatus, by_bureau: bool) -> Result<(), Closed> {
    let correcting = status != AppealStatus::Pending;
    if correcting && !by_bureau {
        return Err(Closed::Decided);
    }
    if phase != Phase::Appeal {
        let action = if correcting {
            "更正申诉裁决"
        } else {
            "裁决申诉"
        };
        return Err(Closed::Phase { action, phase });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
