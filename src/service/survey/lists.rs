//! Lists for the bureau: an assessment period's survey rounds and a round's code batches (who
//! holds which codes — the chain of custody), read like a single round.

use crate::domain::FieldError;
use crate::domain::access::{Action, Principal, authorize};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::survey::codes::BatchRow;

use super::rounds::RoundView;

/// The rounds of `period_id` with their projects; an unknown period is 404 naming it.
pub async fn rounds_of_period(
    state: &AppState,
    who: &Principal,
    period_id: &str,
) -> Result<Vec<RoundView>, ServiceError> {
    authorize(who, Action::ReadSurveys)?;
    let mut tx = state.db.begin().await?;
    let period = store::assessment::periods::find(&mut tx, period_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    if period.is_none() {
        return Err(ServiceError::Absent(FieldError::new(
            "period",
            "考核周期不存在 (no such assessment period)",
        )));
    }
    let pool = &state.db.pool;
    let mut out = Vec::new();
    for round in store::survey::rounds::for_period(pool, period_id).await? {
        let projects = store::survey::rounds::projects(pool, &round.id).await?;
        out.push(RoundView { round, projects });
    }
    Ok(out)
}

/// The code batches of `round_id` (never the codes: only their hashes are stored); an unknown
/// round is 404 naming it.
pub async fn batches(
    state: &AppState,
    who: &Principal,
    round_id: &str,
) -> Result<Vec<BatchRow>, ServiceError> {
    authorize(who, Action::ReadSurveys)?;
    let pool = &state.db.pool;
    if store::survey::rounds::find(pool, round_id).await?.is_none() {
        return Err(ServiceError::Absent(FieldError::new(
            "round",
            "调查轮次不存在 (no such survey round)",
        )));
    }
    Ok(store::survey::codes::batches(pool, round_id).await?)
}
