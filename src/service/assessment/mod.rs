//! Self-assessment and re-check (附件3 四、考核制度): periods, self scores, evidence, review
//! teams, reviews and reports, supervision items, appeals, results and reviewer reliability.
//!
//! Who may touch a unit's assessment is decided once, in [`standing`]: only a unit taking part
//! in the period (404 for everyone, the admin included, otherwise); then the admin always; a
//! unit only itself; a reviewer only units assigned to their team, never their own unit nor
//! one they declared a conflict with; companies and inspectors never. Units and reviewers
//! asking about a unit outside their reach get 404, so existence does not leak.
//!
//! What of the re-check the caller may see is decided once too, by [`Sight`]: the unit itself
//! sees nothing the re-check produced ([`crate::domain::review::Recheck`]) before the public notice, on any path.

mod access;
pub mod appeals;
mod context;
pub mod evidence;
pub mod periods;
pub mod reports;
pub mod results;
pub mod reviews;
pub mod self_assessment;
pub mod supervision;
pub mod teams;

pub use access::{HistoryEntry, Sight, Standing, history, sight, sight_in, standing};
pub(crate) use context::context;
pub use context::{Member, PeriodContext, load_period, load_period_tx, load_row, member};

use crate::domain::period::Phase;
use crate::service::ServiceError;

pub use super::{new_id, stale};

/// The 409 for an action in the wrong phase.
pub fn wrong_phase(action: &str, phase: Phase) -> ServiceError {
    ServiceError::Conflict(format!(
        "当前处于{}阶段，不能{action} (wrong phase: {phase})",
        phase.label()
    ))
}

/// Subject id for audit entries about a unit's assessment (and, with an item, one item).
pub fn subject(period_id: &str, unit_id: &str, item: Option<&str>) -> String {
    match item {
        Some(code) => format!("{period_id}/{unit_id}/{code}"),
        None => format!("{period_id}/{unit_id}"),
    }
}
