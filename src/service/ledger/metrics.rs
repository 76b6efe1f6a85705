//! Campaign metrics for a scope (county, a town/park, a community) on a date.

use std::collections::HashMap;

use jiff::civil::Date;

use super::visibility_of;
use crate::domain::access::Principal;
use crate::domain::ledger::metrics::{self, CampaignMetrics, HandoverFacts, ProjectFacts};
use crate::domain::ledger::{
    InspectionGroup, ManagementType, OwnersCommittee, RegionLevel, Visibility, fields,
};
use crate::service::ServiceError;
use crate::store::Db;
use crate::store::ledger::regions::RegionRow;
use crate::store::ledger::{Filter, companies, handover, projects, regions};

/// Metrics with the scope they cover.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScopedMetrics {
    /// The region, or `None` for the whole county ledger.
    pub region: Option<RegionRow>,
    pub metrics: CampaignMetrics,
}

/// Computes the metrics of `region_id` (whole ledger when `None`) on `as_of` (today when
/// `None`). A unit may ask only for its own town/park or a community in it (404 otherwise).
#[tracing::instrument(skip(db, who))]
pub async fn compute(
    db: &Db,
    who: &Principal,
    region_id: Option<&str>,
    as_of: Option<&str>,
) -> Result<ScopedMetrics, ServiceError> {
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
    let mut filter = Filter::default();
    let region = match region_id {
        None => {
            projects::visible(&mut filter, &vis);
            None
        }
        Some(id) => {
            let r = regions::find(&db.pool, id, &vis)
                .await?
                .ok_or_else(|| ServiceError::NotFound(format!("区域 {id}")))?;
            match r.level.parse::<RegionLevel>() {
                Ok(RegionLevel::County) if vis == Visibility::All => {}
                Ok(RegionLevel::County) => {
                    return Err(ServiceError::NotFound(format!("区域 {id}")));
                }
                Ok(RegionLevel::Community) => {
                    filter.eq("p.community_id", Some(r.id.clone().into()));
                }
                _ => {
                    filter.eq("p.town_id", Some(r.id.clone().into()));
                }
            }
            projects::visible(&mut filter, &vis);
            Some(r)
        }
    };
    Ok(ScopedMetrics {
        region,
        metrics: of(db, &filter, day).await?,
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
    let mut filter = Filter::default();
    if let Some(town) = town_id {
        filter.eq("p.town_id", Some(town.to_owned().into()));
    }
    // A rubric counts only the management types it declares; the same filter keeps the
    // handover inspections to those projects.
    if !eligible.is_empty() {
        let marks = vec!["?"; eligible.len()].join(", ");
        let binds = eligible.iter().map(|e| e.clone().into()).collect();
        filter.push(&format!("p.management_type IN ({marks})"), binds);
    }
    of(db, &filter, day).await
}

/// The metrics of the projects matching `filter` (alias `p`) on `day`.
async fn of(db: &Db, filter: &Filter, day: Date) -> Result<CampaignMetrics, ServiceError> {
    let projects = facts(db, filter, day).await?;
    let handovers = handover_facts(db, filter, day).await?;
    Ok(metrics::compute(day, &projects, &handovers))
}

/// The handover inspections, dated on or before `day`, of the projects matching `filter`.
async fn handover_facts(
    db: &Db,
    filter: &Filter,
    day: Date,
) -> Result<Vec<HandoverFacts>, ServiceError> {
    let rows = handover::metric_rows(&db.pool, filter, &fields::iso(day)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(HandoverFacts {
            inspected_on: r
                .inspected_on
                .parse()
                .map_err(|e| anyhow::anyhow!("stored date {:?}: {e}", r.inspected_on))?,
            group: InspectionGroup {
                size: r.group_size,
                owner_representatives: r.owner_representatives,
            },
        });
    }
    Ok(out)
}

/// The facts of every project matching `filter` on `day`.
async fn facts(db: &Db, filter: &Filter, day: Date) -> Result<Vec<ProjectFacts>, ServiceError> {
    let rows = projects::metric_rows(&db.pool, filter, &fields::iso(day)).await?;
    let orgs: HashMap<String, bool> = companies::party_orgs(&db.pool)
        .await?
        .into_iter()
        .map(|(id, h)| (id, h != 0))
        .collect();
    let mut facts = Vec::with_capacity(rows.len());
    for r in rows {
        let committee = match (
            r.committee_formed,
            r.committee_formed_on,
            r.committee_members,
            r.committee_party_members,
        ) {
            (1, Some(on), Some(members), Some(party_members)) => Some(OwnersCommittee {
                formed_on: on
                    .parse()
                    .map_err(|e| anyhow::anyhow!("stored date {on:?}: {e}"))?,
                members,
                party_members,
            }),
            _ => None,
        };
        facts.push(ProjectFacts {
            management_type: r
                .management_type
                .parse::<ManagementType>()
                .map_err(|e| anyhow::anyhow!("stored type: {}", e.message))?,
            committee,
            served_by: r.company_id.map(|c| {
                let has = orgs.get(&c).copied().unwrap_or(false);
                (c, has)
            }),
        });
    }
    Ok(facts)
}
