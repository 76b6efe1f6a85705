//! Resident satisfaction surveys (满意度调查): rounds and their required samples, code batches
//! with their distributors, the public submission path through the group-commit writer,
//! indices from sufficient statistics, per-batch flags, receipts and verification.

pub mod batches;
pub mod flags;
pub mod index;
pub mod ingest;
pub mod lists;
pub mod paper;
pub mod rounds;
pub mod submit;
pub mod verify;

use std::sync::Arc;

use jiff::Timestamp;

use crate::domain::rubric::Rubric;
use crate::domain::rubric::model::Body;
use crate::domain::rubric::satisfaction::SatisfactionSpec;
use crate::service::{AppState, ServiceError};
use crate::store::survey::rounds::RoundRow;

/// A round with its rubric and window, as the submission path needs it.
#[derive(Debug, Clone)]
pub struct RoundInfo {
    /// The stored round.
    pub row: RoundRow,
    /// Its `satisfaction` rubric.
    pub rubric: Arc<Rubric>,
    /// Opens at.
    pub opens: Timestamp,
    /// Closes at (exclusive).
    pub closes: Timestamp,
}

impl RoundInfo {
    /// The rubric's questionnaire and rules.
    pub fn spec(&self) -> Result<&SatisfactionSpec, ServiceError> {
        spec_of(&self.rubric)
    }
}

/// The `[satisfaction]` body of `rubric`, or a 422 on `rubric_id`.
pub fn spec_of(rubric: &Rubric) -> Result<&SatisfactionSpec, ServiceError> {
    match rubric.body() {
        Body::Satisfaction(s) => Ok(s),
        _ => Err(ServiceError::invalid(
            "rubric_id",
            format!(
                "考核标准 {} 不是满意度问卷 (not a satisfaction rubric)",
                rubric.id()
            ),
        )),
    }
}

/// Reads a round with its rubric; a missing round is 404.
pub async fn round_info(state: &AppState, round_id: &str) -> Result<RoundInfo, ServiceError> {
    let row = crate::store::survey::rounds::find(&state.db.pool, round_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("调查轮次 {round_id}")))?;
    info_of(state, row)
}

/// [`RoundInfo`] of a stored round.
pub fn info_of(state: &AppState, row: RoundRow) -> Result<RoundInfo, ServiceError> {
    info_from(&state.rubrics, row)
}

/// [`RoundInfo`] of a stored round, its rubric from `rubrics`.
pub fn info_from(
    rubrics: &crate::service::rubrics::RubricRegistry,
    row: RoundRow,
) -> Result<RoundInfo, ServiceError> {
    let version = u32::try_from(row.rubric_version).unwrap_or(0);
    let rubric = rubrics.get(&row.rubric_id, version).ok_or_else(|| {
        ServiceError::Internal(anyhow::anyhow!(
            "round {} names rubric {} v{} which is not loaded",
            row.id,
            row.rubric_id,
            row.rubric_version
        ))
    })?;
    Ok(RoundInfo {
        opens: crate::store::parse_ts(&row.opens_at)?,
        closes: crate::store::parse_ts(&row.closes_at)?,
        rubric,
        row,
    })
}
