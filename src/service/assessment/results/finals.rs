//! 定稿: each unit's result is computed once when the period becomes final and stored with
//! the rubric's hash and its own hash; reading a final result returns the stored text, so no
//! later change to any input can move it.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{UnitResult, compute};
use crate::service::assessment::PeriodContext;
use crate::service::{AppState, ServiceError};
use crate::store::{self, Tx, assessment::finals::FinalResultRow};

/// When and as what a result was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finalized {
    /// The instant of 定稿: stored in UTC, shown in Beijing time with the offset.
    pub at: String,
    /// SHA-256 of the stored result (with this stamp left out), to check the stored text.
    pub result_hash: String,
}

/// Computes and stores every unit's result of the period inside `tx` (the phase change to
/// final). Returns the number of results stored.
pub async fn finalise(
    state: &AppState,
    tx: &mut Tx,
    ctx: &PeriodContext,
) -> Result<usize, ServiceError> {
    let at = state.db.clock.stamp();
    // Final results name this rubric text: it may no longer change under the same version.
    store::rubrics::mark_scored(tx, &ctx.period.rubric_id, ctx.period.rubric_version, &at).await?;
    let members = store::assessment::periods::members(&mut **tx, &ctx.period.id).await?;
    for m in &members {
        let result = compute(state, ctx, &m.unit_id).await.map_err(|e| match e {
            ServiceError::Conflict(msg) => ServiceError::Conflict(format!("{}：{msg}", m.name)),
            other => other,
        })?;
        let row = stored_row(ctx, result, &at)?;
        store::assessment::finals::insert(tx, &row).await?;
    }
    Ok(members.len())
}

fn stored_row(
    ctx: &PeriodContext,
    mut result: UnitResult,
    at: &str,
) -> Result<FinalResultRow, ServiceError> {
    let unstamped = serde_json::to_string(&result).context("serialising the final result")?;
    let result_hash = hex::encode(Sha256::digest(unstamped.as_bytes()));
    result.finalized = Some(Finalized {
        at: at.to_owned(),
        result_hash: result_hash.clone(),
    });
    Ok(FinalResultRow {
        period_id: ctx.period.id.clone(),
        unit_id: result.unit.unit_id.clone(),
        rubric_id: ctx.period.rubric_id.clone(),
        rubric_version: ctx.period.rubric_version,
        rubric_hash: ctx.rubric.content_hash().to_owned(),
        result_hash,
        result_json: serde_json::to_string(&result).context("serialising the final result")?,
        finalized_at: at.to_owned(),
    })
}

/// The result stored at 定稿.
pub(crate) async fn stored(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<UnitResult, ServiceError> {
    let row = store::assessment::finals::get(&state.db.pool, period_id, unit_id)
        .await?
        .ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!(
                "final period {period_id} has no stored result for unit {unit_id}"
            ))
        })?;
    let mut result: UnitResult = serde_json::from_str(&row.result_json)
        .map_err(|e| anyhow::anyhow!("stored final result {period_id}/{unit_id}: {e}"))?;
    // Results stored before they named their period are named on the way out; the stored
    // text (and its hash) stays as it was.
    if result.period_name.is_empty() {
        let period = super::super::load_row(state, period_id).await?;
        result.period_id = period.id;
        result.period_name = period.name;
    }
    if let Some(f) = &mut result.finalized {
        f.at = crate::service::shown_at(&f.at);
    }
    Ok(result)
}
