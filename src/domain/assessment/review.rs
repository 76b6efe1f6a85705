//! When reviewers disagree enough to need another: scores apart beyond the tolerance, opposite
//! veto verdicts, or a claim confirmed by one and scored by the other.

use rust_decimal::Decimal;

use crate::domain::rubric::ItemInput;

/// What one reviewer found for an item, as far as disagreement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewMark {
    /// Points by the method.
    Score(Decimal),
    /// Confirms the unit's claim that the item does not apply.
    Claim,
    /// A veto item's verdict.
    Veto(bool),
}

impl ReviewMark {
    /// The mark of a review input scored `score`.
    pub fn of(input: &ItemInput, score: Decimal) -> Self {
        match input {
            ItemInput::NotApplicable { .. } => Self::Claim,
            ItemInput::Veto(v) => Self::Veto(*v),
            _ => Self::Score(score),
        }
    }
}

/// Two reviewers who disagree send the item to a further reviewer: scores more than
/// `tolerance × max` apart, opposite veto verdicts, or one confirming a claim the other scores.
/// Once three or more have reviewed it, the rubric's rule (or the majority) settles it.
pub fn needs_another_review(tolerance: Decimal, max: Decimal, reviews: &[ReviewMark]) -> bool {
    let [a, b] = reviews else {
        return false;
    };
    match (a, b) {
        (ReviewMark::Score(a), ReviewMark::Score(b)) => (*a - *b).abs() > tolerance * max,
        (ReviewMark::Claim, ReviewMark::Claim) => false,
        (ReviewMark::Veto(a), ReviewMark::Veto(b)) => a != b,
        _ => true,
    }
}
