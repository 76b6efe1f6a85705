//! A unit's result: final item scores (self and reviews combined by the rubric's rule,
//! supervision findings, upheld appeals), scored against the rubric with the full trace; and
//! each review team's reliability.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::{Sight, load_period, standing};
use crate::domain::access::Principal;
use crate::domain::assessment::{self, InputSource, ItemFacts};
use crate::domain::ledger::metrics::{CampaignMetrics, Ratio};
use crate::domain::period::beijing;
use crate::domain::reliability::{self, Agreement};
use crate::domain::review::{AppealStatus, SelfStatus};
use crate::domain::rubric::{
    CombineOutcome, ItemInput, Method, ScoreResult, SubjectInputs, inflation_deduction, score,
};
use crate::domain::supervision::{self, SupervisionFindings};
use crate::service::{AppState, ServiceError};
use crate::store;

/// How one item's final input was chosen.
#[derive(Debug, Clone, Serialize)]
pub struct ItemSource {
    pub code: String,
    /// Where the final input came from.
    pub source: InputSource,
    pub combined: Option<CombineOutcome>,
    /// For `ledger`: the campaign metric with its numerator, denominator, target and rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<Ratio>,
}

/// A unit's result with its explanation.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    /// The rubric's score with the full calculation trace.
    pub result: ScoreResult,
    /// Where each item's final input came from.
    pub sources: Vec<ItemSource>,
    /// Supervision findings counted as of the cut-off day.
    pub supervision: SupervisionFindings,
    /// The day supervision findings and ledger metrics are taken at: today (Beijing) until the
    /// review deadline, then that day, so a closed period's result no longer moves.
    pub as_of: jiff::civil::Date,
}

/// Computes a unit's current result. Units see it from the public notice on.
pub async fn unit_result(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<UnitResult, ServiceError> {
    let st = standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    if Sight::of(&st, ctx.phase).hides_recheck() {
        return Err(ServiceError::Refused(
            "考核结果在公示后才向单位公开 (visible from the public notice on)".into(),
        ));
    }
    let rubric = ctx.assessment()?;
    let unit = store::ledger::units::find(&state.db.pool, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("被考核单位 {unit_id}")))?;
    let reviewed = super::reviews::collect(state, &ctx, unit_id).await?;
    let as_of = cut_off(state, &ctx)?;
    let mut records = Vec::new();
    for row in store::assessment::supervision::for_unit(&state.db.pool, period_id, unit_id).await? {
        records.push(super::supervision::item_of(&row)?);
    }
    let findings = supervision::findings(&records, as_of, &state.calendar);
    let upheld = upheld_appeals(state, period_id, unit_id).await?;
    let submitted = store::assessment::self_scores::get(&state.db.pool, period_id, unit_id)
        .await?
        .is_some_and(|a| a.status == SelfStatus::Submitted.as_str());
    // A town's or park's committee and coverage rates come from the ledger.
    let metrics = match &unit.region_id {
        Some(town) => {
            Some(crate::service::ledger::metrics::for_town(&state.db, town, as_of).await?)
        }
        None => None,
    };
    let mut items = BTreeMap::new();
    let mut sources = Vec::new();
    let mut outcomes = Vec::new();
    for (item, r) in assessment::items(rubric).into_iter().zip(&reviewed) {
        let metric = ledger_metric_of(item, metrics.as_ref());
        let review_inputs: Vec<ItemInput> = r.reviews.iter().map(|v| v.input.clone()).collect();
        let combined = r.combined.as_ref().filter(|c| c.reviewed);
        let facts = ItemFacts {
            upheld_appeal: upheld.get(&item.code).copied(),
            ledger_rate: metric.as_ref().and_then(assessment::exact_rate),
            supervision: &findings,
            review_inputs: &review_inputs,
            combined: combined.map(|c| c.final_score),
            submitted_self: r.self_input.as_ref().filter(|_| submitted),
        };
        let (input, source) = assessment::final_input(item, &facts);
        // 自评失实 is judged only where the reviewers' combination decided the item.
        if let (InputSource::Combined, Some(c)) = (source, combined) {
            outcomes.push(c.clone());
        }
        if let Some(input) = input {
            items.insert(item.code.clone(), input);
        }
        sources.push(ItemSource {
            code: item.code.clone(),
            source,
            combined: r.combined.clone(),
            metric: metric.filter(|_| source == InputSource::Ledger),
        });
    }
    let inputs = SubjectInputs {
        subject: unit_id.into(),
        unit_type: Some(unit.unit_type.clone()),
        items,
        adjustments: inflation_deduction(&rubric.combination, &outcomes)
            .into_iter()
            .collect(),
    };
    let result = score(&ctx.rubric, &inputs).map_err(|errors| {
        ServiceError::Conflict(format!(
            "考核尚不完整，无法计算结果 (incomplete): {}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    Ok(UnitResult {
        result,
        sources,
        supervision: findings,
        as_of,
    })
}

fn ledger_metric_of(
    item: &crate::domain::rubric::model::Item,
    m: Option<&CampaignMetrics>,
) -> Option<Ratio> {
    match (&item.method, m) {
        (Method::Threshold { measure, .. }, Some(m)) => {
            assessment::ledger_metric(measure, m).cloned()
        }
        _ => None,
    }
}

/// Today in Beijing, or the review deadline's day once it has passed.
fn cut_off(
    state: &AppState,
    ctx: &super::PeriodContext,
) -> Result<jiff::civil::Date, ServiceError> {
    let today = state.db.clock.today();
    let deadline = store::parse_ts(&ctx.period.review_deadline)?
        .to_zoned(beijing())
        .date();
    Ok(today.min(deadline))
}

/// Each item's upheld appeal score (at most one upheld appeal per item is allowed).
async fn upheld_appeals(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<BTreeMap<String, Decimal>, ServiceError> {
    let mut out = BTreeMap::new();
    for a in store::assessment::appeals::for_unit(&state.db.pool, period_id, unit_id).await? {
        if a.status == AppealStatus::Upheld.as_str() {
            let text = a
                .decided_score
                .ok_or_else(|| anyhow::anyhow!("upheld appeal {} has no score", a.id))?;
            out.insert(a.item_code, text.parse().map_err(anyhow::Error::new)?);
        }
    }
    Ok(out)
}

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
        let score: Decimal = r.score.parse().map_err(anyhow::Error::new)?;
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
