//! Each project's own line of a round, without scopes, names or flags: what a credit rating
//! reads of every closed round. Three queries per round whatever its size (the round's
//! projects, its statistics, its batches), where the scoped view reads each project's ledger
//! row and service periods one by one.

use std::collections::BTreeMap;

use super::{IndexFigures, Publish, figures, inputs};
use crate::domain::rubric::statistic::StatFormat;
use crate::domain::survey::aggregate::{Population, Stats, index_of};
use crate::service::{AppState, ServiceError};
use crate::store::survey::rounds::RoundRow;

/// Every project of `round` with its own figures, by project id — the same figures as its
/// line in the round's index view.
pub(crate) async fn per_project(
    state: &AppState,
    round: RoundRow,
) -> Result<BTreeMap<String, IndexFigures>, ServiceError> {
    let info = crate::service::survey::info_of(state, round)?;
    let pool = &state.db.pool;
    let projects = crate::store::survey::rounds::projects(pool, &info.row.id).await?;
    let inputs = inputs(state, &info, Publish::No { flags: false }).await?;
    let spec = info.spec()?;
    let rounding = info.rubric.header().rounding.as_ref();
    let format = StatFormat::of(info.rubric.header());
    let empty = Stats::new();
    let mut out = BTreeMap::new();
    for rp in projects {
        let s = inputs.stats.get(&rp.project_id).unwrap_or(&empty);
        let pop = Population {
            households: u32::try_from(rp.households).unwrap_or(0),
            required: u32::try_from(rp.required).unwrap_or(0),
        };
        let codes = inputs.codes.get(&rp.project_id).copied().unwrap_or(0);
        let index = index_of(spec, rounding, format, s, Some(pop))?;
        let line = figures(index, s, pop, codes, format);
        out.insert(rp.project_id, line);
    }
    Ok(out)
}
