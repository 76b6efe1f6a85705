//! `kaoping survey verify <round>`: recomputes every project's sufficient statistics from the
//! raw responses and reports where the stored ones differ, and where spent codes and
//! responses do not match in number.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::domain::rubric::satisfaction::SurveyResponse;
use crate::domain::survey::aggregate::{Moments, RESPONSES, accumulate, contributions};
use crate::service::{AppState, ServiceError};
use crate::store;

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub project_id: String,
    /// The statistic's key (`score`, `q:A1`, …) or `spent_codes`.
    pub stat: String,
    pub stored: Option<Moments>,
    pub recomputed: Option<Moments>,
}

/// The verification of a round.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub round_id: String,
    /// Raw responses read.
    pub responses: u64,
    pub differences: Vec<Difference>,
}

/// Recomputes a round's statistics from its raw responses (the command line's operator).
pub async fn verify(state: &AppState, round_id: &str) -> Result<Verification, ServiceError> {
    let round = super::round_info(state, round_id).await?;
    let spec = round.spec()?;
    let pool = &state.db.pool;
    let rows = store::survey::responses::for_round(pool, round_id).await?;
    let mut fresh: BTreeMap<(String, String), Moments> = BTreeMap::new();
    for r in &rows {
        let response = SurveyResponse {
            answers: serde_json::from_str(&r.answers_json).map_err(|e| {
                ServiceError::Internal(anyhow::Error::new(e).context("answers_json"))
            })?,
            seconds: r.seconds.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
            // An online answer without seconds is one whose signed start did not verify.
            unverified_start: r.channel == crate::service::survey::ingest::ONLINE
                && r.seconds.is_none(),
        };
        let (_, pairs) = contributions(spec, &response)?;
        let mut one = BTreeMap::new();
        accumulate(&mut one, &pairs);
        for (k, m) in one {
            fresh
                .entry((r.project_id.clone(), k))
                .or_default()
                .merge(&m);
        }
    }
    let stored: BTreeMap<(String, String), Moments> =
        store::survey::stats::for_round(pool, round_id)
            .await?
            .into_iter()
            .map(|s| ((s.project_id, s.stat), s.moments))
            .collect();
    let mut differences = compare(&stored, &fresh);
    differences.extend(spent_mismatch(state, round_id, &fresh).await?);
    Ok(Verification {
        round_id: round_id.into(),
        responses: rows.len() as u64,
        differences,
    })
}

fn compare(
    stored: &BTreeMap<(String, String), Moments>,
    fresh: &BTreeMap<(String, String), Moments>,
) -> Vec<Difference> {
    let keys: BTreeSet<&(String, String)> = stored.keys().chain(fresh.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (a, b) = (stored.get(k), fresh.get(k));
            let same = match (a, b) {
                (Some(a), Some(b)) => a.agrees(b),
                _ => false,
            };
            (!same).then(|| Difference {
                project_id: k.0.clone(),
                stat: k.1.clone(),
                stored: a.copied(),
                recomputed: b.copied(),
            })
        })
        .collect()
}

/// Projects whose spent codes differ in number from their responses.
async fn spent_mismatch(
    state: &AppState,
    round_id: &str,
    fresh: &BTreeMap<(String, String), Moments>,
) -> Result<Vec<Difference>, ServiceError> {
    let spent = store::survey::codes::spent_by_project(&state.db.pool, round_id).await?;
    let mut out = Vec::new();
    for (project, n) in spent {
        let responses = fresh
            .get(&(project.clone(), RESPONSES.to_owned()))
            .map_or(0, |m| m.n);
        if responses != n {
            out.push(Difference {
                project_id: project,
                stat: "spent_codes".into(),
                stored: Some(Moments {
                    n,
                    total: n as f64,
                    total_sq: n as f64,
                }),
                recomputed: Some(Moments {
                    n: responses,
                    total: responses as f64,
                    total_sq: responses as f64,
                }),
            });
        }
    }
    Ok(out)
}
