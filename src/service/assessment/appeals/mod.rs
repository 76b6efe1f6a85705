//! Appeals (申诉) during the public notice: lodged per item by the unit, decided by the bureau
//! or the assigned team. Upheld changes the item's score; rejected keeps the reason.

mod decide;
mod lodge;

pub use decide::{Decision, decide};
pub use lodge::lodge;

use rust_decimal::Decimal;
use serde::Serialize;

use super::standing;
use crate::domain::access::Principal;
use crate::domain::review::AppealStatus;
use crate::domain::rubric::ItemInput;
use crate::service::{AppState, ServiceError};
use crate::store::{self, assessment::appeals::AppealRow};

/// An appeal as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AppealView {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reason: String,
    pub status: AppealStatus,
    pub decided_score: Option<Decimal>,
    /// The method input the decision set, when it gave one (e.g. `{"veto": false}`).
    pub decided_input: Option<ItemInput>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<String>,
    pub version: i64,
}

fn view(r: &AppealRow) -> Result<AppealView, ServiceError> {
    Ok(AppealView {
        id: r.id.clone(),
        period_id: r.period_id.clone(),
        unit_id: r.unit_id.clone(),
        item_code: r.item_code.clone(),
        reason: r.reason.clone(),
        status: r.status,
        decided_score: r.decided_score,
        decided_input: r.decided_input.clone(),
        decision_reason: r.decision_reason.clone(),
        decided_at: r.decided_at.clone(),
        version: r.version,
    })
}

/// What an upheld appeal decided: its stored input, or its plain decided score.
pub fn decided_input(a: &AppealRow) -> Result<ItemInput, ServiceError> {
    if let Some(input) = &a.decided_input {
        return Ok(input.clone());
    }
    let score = a
        .decided_score
        .ok_or_else(|| anyhow::anyhow!("upheld appeal {} has no score", a.id))?;
    Ok(ItemInput::Score(score))
}

/// A unit's appeals.
pub async fn list(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<AppealView>, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    store::assessment::appeals::for_unit(&state.db.pool, period_id, unit_id)
        .await?
        .iter()
        .map(view)
        .collect()
}
