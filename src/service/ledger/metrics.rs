//! Campaign metrics for a scope (county, a town/park, a community) on a date.

use crate::service::AppState;
use std::collections::HashMap;

use jiff::civil::Date;

use super::regions::RegionView;
use super::visibility_of;
use crate::domain::access::Principal;
use crate::domain::ledger::metrics::{self, CampaignMetrics, HandoverFacts, ProjectFacts};
use crate::domain::ledger::{
    InspectionGroup, ManagementType, OwnersCommittee, RegionLevel, Visibility, fields,
};
use crate::service::ServiceError;
use crate::store::Db;
use crate::store::ledger::projects::ProjectQuery;
use crate::store::ledger::{companies, handover, projects, regions};

/// Metrics with the scope they cover.
#[derive(Debug, Clone)]
pub struct ScopedMetrics {
    /// The region, or `None` for the whole county ledger.
    pub region: Option<RegionView>,
    pub metrics: CampaignMetrics,
}

/// Computes the metrics of `region_id` (whole ledger when `None`) on `as_of` (today when
/// `None`). A unit may ask only for its own town/park or a community in it (404 otherwise).
#[tracing::instrument(skip(state, who))]
pub async fn compute(
    state: &AppState,
    who: &Principal,
    region_id: Option<&str>,
    as_of: Option<&str>,
) -> Result<ScopedMetrics, ServiceError> {
    let db = &state.db;
    let day: Date = match as_of {
        Some(d) => fields::date("as_of", d)?,
        None => db.clock.today(),
    };
    let vis = visibility_of(db, who).await?;
    if vis == Visibility::Nothing {
        return Err(ServiceError::NotFound(
            "本令牌绑定的单位不在台账中 (the token's unit is not in the ledger)".into(),
        ));
    }
    // A town or park unit asking without a scope gets its own area.
    let region_id = match (&vis, region_id) {
        (Visibility::Town(own), None) => Some(own.as_str()),
        (_, r) => r,
    };
    let mut query = ProjectQuery::visible_to(vis.clone());
    let region = match region_id {
        None => None,
        Some(id) => {
            let r = regions::find(&db.pool, id, &vis)
                .await?
                .ok_or_else(|| ServiceError::NotFound(format!("区域 {id}")))?;
            match r.level {
                RegionLevel::County if vis == Visibility::All => {}
                RegionLevel::County => {
                    return Err(ServiceError::NotFound(format!("区域 {id}")));
                }
                RegionLevel::Community => query.community_id = Some(r.id.clone()),
                RegionLevel::Town | RegionLevel::Park => query.town_id = Some(r.id.clone()),
            }
            Some(RegionView::from(r))
        }
    };
    Ok(ScopedMetrics {
        region,
        metrics: of(db, &query, day).await?,
    })
}

/// Metrics of one town or park (its region id; the whole county when `None`) on `day`, over
/// projects of the `eligible` management types (codes; empty: all), without access checks:
/// for callers that already decided the caller may see that area (a unit's result trace).
pub async fn for_scope(
    db: &Db,
    town_id: Option<&str>,
    day: Date,
    eligible: &[String],
) -> Result<CampaignMetrics, ServiceError> {
    // A rubric counts only the management types it declares; the same query keeps the
    // handover inspections to those projects.
    let management_types = eligible
        .iter()
        .map(|code| {
            code.parse::<ManagementType>()
                .map_err(|e| anyhow::anyhow!("rubric's eligible management type: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let query = ProjectQuery {
        town_id: town_id.map(str::to_owned),
        management_types,
        ..ProjectQuery::visible_to(Visibility::All)
    };
    of(db, &query, day).await
}

/// The metrics of the projects matching `query` on `day`.
async fn of(db: &Db, query: &ProjectQuery, day: Date) -> Result<CampaignMetrics, ServiceError> {
    let projects = facts(db, query, day).await?;
    let handovers = handover_facts(db, query, day).await?;
    Ok(metrics::compute(day, &projects, &handovers))
}

/// The handover inspections, dated on or before `day`, of the projects matching `query`.
async fn handover_facts(
    db: &Db,
    query: &ProjectQuery,
    day: Date,
) -> Result<Vec<HandoverFacts>, ServiceError> {
    let rows = handover::metric_rows(&db.pool, query, day).await?;
    Ok(rows
        .into_iter()
        .map(|r| HandoverFacts {
            inspected_on: r.inspected_on,
            group: InspectionGroup {
                size: r.group_size,
                owner_representatives: r.owner_representatives,
            },
        })
        .collect())
}

/// The facts of every project matching `query` on `day`.
async fn facts(
    db: &Db,
    query: &ProjectQuery,
    day: Date,
) -> Result<Vec<ProjectFacts>, ServiceError> {
    let rows = projects::metric_rows(&db.pool, query, day).await?;
    let orgs: HashMap<String, bool> = companies::party_orgs(&db.pool)
        .await?
        .into_iter()
        .map(|c| (c.id, c.has_party_org))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ProjectFacts {
            management_type: r.management_type,
            committee: match (
                r.committee_formed,
                r.committee_formed_on,
                r.committee_members,
                r.committee_party_members,
            ) {
                (true, Some(formed_on), Some(members), Some(party_members)) => {
                    Some(OwnersCommittee {
                        formed_on,
                        members,
                        party_members,
                    })
                }
                _ => None,
            },
            served_by: r.company_id.map(|c| {
                let has = orgs.get(&c).copied().unwrap_or(false);
                (c, has)
            }),
        })
        .collect())
}
