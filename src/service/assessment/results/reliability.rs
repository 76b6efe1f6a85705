//! Each review team's reliability: reviewer leniency and ICC(2,1) over the items they scored.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::domain::assessment;
use crate::domain::reliability::{self, Agreement};
use crate::service::assessment::load_period;
use crate::service::{AppState, ServiceError};
use crate::store;

/// One reviewer's reliability figures.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewerReliability {
    pub reviewer_id: String,
    /// Items scored.
    pub items: usize,
    /// Mean deviation from the consensus, in percentage points of the item's maximum
    /// (positive: more lenient than the team).
    pub leniency: Option<f64>,
}

/// A team's reliability in a period.
#[derive(Debug, Clone, Serialize)]
pub struct TeamReliability {
    pub team_id: String,
    pub reviewers: Vec<ReviewerReliability>,
    /// ICC(2,1) over the items every reviewer of the team scored (scores as % of item max).
    pub icc: Option<f64>,
    pub agreement: Option<Agreement>,
    /// Items that entered the ICC.
    pub icc_items: usize,
}

/// Reviewer leniency and ICC(2,1) for one team in one period.
pub async fn reliability(
    state: &AppState,
    period_id: &str,
    team_id: &str,
) -> Result<TeamReliability, ServiceError> {
    let ctx = load_period(state, period_id).await?;
    let rubric = ctx.assessment()?;
    let max: BTreeMap<&str, Decimal> = assessment::items(rubric)
        .into_iter()
        .map(|i| (i.code.as_str(), i.max))
        .collect();
    let mut targets: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for r in store::assessment::reviews::for_team(&state.db.pool, period_id, team_id).await? {
        let Some(m) = max.get(r.item_code.as_str()).filter(|m| !m.is_zero()) else {
            continue;
        };
        let score: Decimal = r.score;
        let pct = (score / m * Decimal::ONE_HUNDRED).to_f64().unwrap_or(0.0);
        targets
            .entry((r.unit_id, r.item_code))
            .or_default()
            .insert(r.reviewer_id, pct);
    }
    let reviewers: Vec<String> = targets
        .values()
        .flat_map(|m| m.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sparse: Vec<Vec<Option<f64>>> = targets
        .values()
        .map(|m| reviewers.iter().map(|r| m.get(r).copied()).collect())
        .collect();
    let complete: Vec<Vec<f64>> = sparse
        .iter()
        .filter_map(|row| row.iter().copied().collect::<Option<Vec<f64>>>())
        .collect();
    let icc = reliability::icc_2_1(&complete);
    let leniency = reliability::leniency(&sparse, reviewers.len());
    Ok(TeamReliability {
        team_id: team_id.into(),
        reviewers: reviewers
            .iter()
            .zip(leniency)
            .enumerate()
            .map(|(j, (id, l))| ReviewerReliability {
                reviewer_id: id.clone(),
                items: sparse.iter().filter(|row| row[j].is_some()).count(),
                leniency: l,
            })
            .collect(),
        agreement: icc.map(Agreement::of),
        icc,
        icc_items: complete.len(),
    })
}
