//! A round's projects as scopes select them: town, community and the companies serving them
//! during the round.

use crate::domain::ledger::Visibility;
use crate::service::survey::RoundInfo;
use crate::service::{AppState, ServiceError};
use crate::store;

/// One project's place in the ledger, as scopes select it.
#[derive(Debug, Clone)]
pub(super) struct ProjectFacts {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) town_id: String,
    pub(super) community_id: String,
    pub(super) companies: Vec<String>,
    pub(super) households: u32,
    pub(super) required: u32,
}

/// The round's projects `vis` may see, with their town, community and the companies serving
/// them during the round.
pub(super) async fn project_facts(
    state: &AppState,
    round: &RoundInfo,
    vis: &Visibility,
) -> Result<Vec<ProjectFacts>, ServiceError> {
    let pool = &state.db.pool;
    let (first, last) = (
        round
            .opens
            .to_zoned(crate::domain::period::beijing())
            .date(),
        round
            .closes
            .to_zoned(crate::domain::period::beijing())
            .date(),
    );
    let mut out = Vec::new();
    for rp in store::survey::rounds::projects(pool, &round.row.id).await? {
        let Some(p) = store::ledger::projects::find(pool, &rp.project_id, vis).await? else {
            continue;
        };
        let companies = store::ledger::service_periods::for_project(pool, &p.id)
            .await?
            .into_iter()
            .filter(|s| s.period.start_date <= last && s.period.end_date.is_none_or(|e| e >= first))
            .map(|s| s.period.company_id)
            .collect();
        out.push(ProjectFacts {
            id: p.id,
            name: p.name,
            town_id: p.town_id,
            community_id: p.community_id,
            companies,
            households: u32::try_from(rp.households).unwrap_or(0),
            required: u32::try_from(rp.required).unwrap_or(0),
        });
    }
    Ok(out)
}
