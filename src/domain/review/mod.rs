//! Self-assessment states, review reasons and appeal decisions (附件3 四、考核制度).

use rust_decimal::Decimal;

use super::FieldError;
use super::access::Role;
use super::evidence::AttachedTo;
use super::labelled::labelled_enum;

labelled_enum!(
    /// Where a unit's self-assessment stands.
    SelfStatus, "自评状态" {
        /// Being filled; the unit may save drafts.
        Draft = ("draft", "草稿"),
        /// Submitted; frozen for the unit.
        Submitted = ("submitted", "已提交"),
        /// Sent back for correction (退回补正); the unit may edit and resubmit.
        Returned = ("returned", "退回补正"),
    }
);

impl SelfStatus {
    /// Whether the unit may still change its scores.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

labelled_enum!(
    /// Why a reviewer's score differs from the self score (复核理由).
    ReasonCode, "复核理由" {
        /// 证据不足 — the evidence does not support the self score.
        InsufficientEvidence = ("insufficient_evidence", "证据不足"),
        /// 与实际不符 — the self score does not match what was found.
        Mismatch = ("mismatch", "与实际不符"),
        /// 超出标准 — scored beyond what the standard allows.
        BeyondStandard = ("beyond_standard", "超出标准"),
        /// 未按时完成 — the task was not done by its deadline.
        Late = ("late", "未按时完成"),
        /// 其他 — anything else; the comment must say what.
        Other = ("other", "其他"),
    }
);

/// Checks a reviewed score against the self score: a difference above `tolerance × max`
/// needs a reason code and a written comment; `Other` always needs a comment.
pub fn check_review_reason(
    item_code: &str,
    max: Decimal,
    tolerance: Decimal,
    self_score: Option<Decimal>,
    review_score: Decimal,
    reason: Option<ReasonCode>,
    comment: Option<&str>,
) -> Result<(), FieldError> {
    let field = format!("items[{item_code}].reason");
    let differs = self_score.is_some_and(|s| (s - review_score).abs() > tolerance * max);
    let has_comment = comment.is_some_and(|c| !c.trim().is_empty());
    if differs && (reason.is_none() || !has_comment) {
        return Err(FieldError::new(
            field,
            format!(
                "复核得分与自评得分相差超过该项分值的 {}%，必须填写理由代码和书面说明 (reason and comment required above tolerance)",
                (tolerance * Decimal::ONE_HUNDRED).normalize()
            ),
        ));
    }
    if reason == Some(ReasonCode::Other) && !has_comment {
        return Err(FieldError::new(
            field,
            "理由为“其他”时必须填写书面说明 (comment required for 'other')",
        ));
    }
    Ok(())
}

labelled_enum!(
    /// An appeal's state (申诉).
    AppealStatus, "申诉状态" {
        /// Lodged, not yet decided.
        Pending = ("pending", "待裁决"),
        /// Upheld: the score changes to the decided score.
        Upheld = ("upheld", "维持"),
        /// Rejected: the score stands; the reason is kept.
        Rejected = ("rejected", "驳回"),
    }
);

/// What the re-check (复查复核) produces about a unit: the one list every read path asks
/// before showing the unit anything. The unit sees none of it — not the records, not the files,
/// not the audit entries about them — until results go on public notice
/// ([`unit_sees_recheck`]), so it cannot tailor a correction to what reviewers found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recheck {
    /// A reviewer's score, reason code and comment on an item.
    Review,
    /// A team's written report (书面报告).
    Report,
    /// A file a reviewer attached to an item.
    ReviewerEvidence,
    /// A team assigned to re-check the unit.
    TeamAssignment,
}

impl Recheck {
    /// Everything the re-check produces.
    pub const ALL: [Recheck; 4] = [
        Self::Review,
        Self::Report,
        Self::ReviewerEvidence,
        Self::TeamAssignment,
    ];

    /// The audit action that records it.
    pub fn action(self) -> &'static str {
        match self {
            Self::Review => "review.save",
            Self::Report => "review.report",
            Self::ReviewerEvidence => "review.evidence.attach",
            Self::TeamAssignment => "team.assign",
        }
    }

    /// Chinese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Review => "复核结果",
            Self::Report => "复核报告",
            Self::ReviewerEvidence => "复核佐证材料",
            Self::TeamAssignment => "考核组指派",
        }
    }

    /// The evidence kind it stands for, if it is a file.
    pub fn evidence(self) -> Option<AttachedTo> {
        (self == Self::ReviewerEvidence).then_some(AttachedTo::Review)
    }
}

/// Reviewers' actions addressed to the unit, so never hidden from it: a send-back (退回补正)
/// tells the unit what to correct.
const ADDRESSED_TO_UNIT: [&str; 1] = ["self_assessment.send_back"];

/// A unit sees the re-check ([`Recheck`]) only once results are on public notice.
pub fn unit_sees_recheck(phase: super::period::Phase) -> bool {
    phase >= super::period::Phase::Appeal
}

/// Whether an audit entry is about the re-check: one of [`Recheck`]'s actions, anything else in
/// the `review.` namespace, or anything a reviewer did that is not addressed to the unit. The
/// actor rule also covers entries written before reviewers' evidence had its own action
/// (`evidence.attach` by a reviewer).
pub fn is_recheck_entry(action: &str, actor_role: &str) -> bool {
    Recheck::ALL.iter().any(|w| w.action() == action)
        || action.starts_with("review.")
        || (actor_role == Role::Reviewer.as_str() && !ADDRESSED_TO_UNIT.contains(&action))
}

/// Whether a stored evidence file (by its `attached_to` code) is re-check work.
pub fn is_recheck_evidence(attached_to: &str) -> bool {
    Recheck::ALL
        .iter()
        .filter_map(|w| w.evidence())
        .any(|e| e.as_str() == attached_to)
}

#[cfg(test)]
mod tests;
