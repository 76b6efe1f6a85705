//! Each project's index alone in a round, without scopes, names, flags or intervals: what a
//! credit rating reads of every closed round. Two queries per round whatever its size (the
//! round's projects, the score's moments), where the scoped view also reads each project's ledger
//! row and service periods and computes each interval.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::survey::aggregate::{SCORE, Stats, index_alone};
use crate::service::{AppState, ServiceError};
use crate::store::survey::rounds::RoundRow;

/// A project's index in a round as a rating reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProjectIndexAlone {
    /// The index (the same value as the project's line in the round's index view), `None`
    /// without a valid answer.
    pub index: Option<Decimal>,
    /// Whether the valid sample is still below the project's requirement.
    pub provisional: bool,
}

/// Every project of `round` with its index, by project id.
pub(crate) async fn per_project(
    state: &AppState,
    round: RoundRow,
) -> Result<BTreeMap<String, ProjectIndexAlone>, ServiceError> {
    let info = crate::service::survey::info_of(state, round)?;
    let pool = &state.db.pool;
    let projects = crate::store::survey::rounds::projects(pool, &info.row.id).await?;
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    // The index and the valid count come from the score's moments alone.
    let score = crate::store::survey::stats::one_for_round(pool, &info.row.id, SCORE).await?;
    for row in score {
        stats
            .entry(row.project_id)
            .or_default()
            .insert(row.stat, row.moments);
    }
    let rounding = info.rubric.header().rounding.as_ref();
    let empty = Stats::new();
    let mut out = BTreeMap::new();
    for rp in projects {
        let s = stats.get(&rp.project_id).unwrap_or(&empty);
        let (index, valid) =
            index_alone(rounding, s).map_err(crate::domain::rubric::SatisfactionError::from)?;
        let required = u32::try_from(rp.required).unwrap_or(0);
        let line = ProjectIndexAlone {
            index,
            provisional: valid < required,
        };
        out.insert(rp.project_id, line);
    }
    Ok(out)
}
