//! A unit's result: final item scores (self and reviews combined by the rubric's rule, ledger
//! metrics as of each task's deadline, supervision findings, decided appeals), scored against
//! the rubric with the full trace; once the period is final (定稿), the result stored then.

mod chosen;
mod explain;
mod finals;
mod known;
mod ledger;
pub mod reliability;
mod survey;

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub(crate) use finals::stored as stored_result;
pub use finals::{Finalized, finalise};
pub use ledger::LedgerMeasure;
pub use reliability::{ReviewerReliability, TeamReliability, reliability};
pub use survey::SurveyMeasure;

use super::{Member, PeriodContext, Sight, load_period, member, standing};
use crate::domain::access::Principal;
use crate::domain::assessment::{self, InputSource};
use crate::domain::period::Phase;
use crate::domain::rubric::model::Duty;
use crate::domain::rubric::{CombineOutcome, ScoreResult, score};
use crate::domain::supervision::SupervisionFindings;
use crate::service::{AppState, ServiceError};
use chosen::Chosen;
use known::{Known, cut_off};

/// How one item's final input was chosen.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemSource {
    /// The item.
    pub code: String,
    /// Where the final input came from.
    pub source: InputSource,
    /// Whose duty the item is for this unit (named by the plan, by unit type, or not at all).
    pub duty: Duty,
    /// The reviews' combination where it bears on the item: it decided it, the self score
    /// stands in for it, or an appeal overturned it.
    pub combined: Option<CombineOutcome>,
    /// For `ledger` items (and `ledger_empty` ones whose metric has nothing to count): the
    /// metric with its counts, rule, day, scope and counted types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<LedgerMeasure>,
    /// For `appeal` items: the upheld appeal that decided the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<AppealDecision>,
    /// For `survey` items: the round, area and counts the index came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<SurveyMeasure>,
}

/// The upheld appeal that decided an item.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AppealDecision {
    /// The appeal's id.
    pub appeal_id: String,
    /// Why it was decided so.
    pub reason: String,
    /// When, Beijing time with the offset.
    pub decided_at: Option<String>,
}

/// A unit's result with its explanation.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitResult {
    /// The period.
    #[serde(default)]
    pub period_id: String,
    /// The period's name.
    #[serde(default)]
    pub period_name: String,
    /// The unit (its name, type and the plan role it is bound to).
    pub unit: Member,
    /// The rubric's score with the full calculation trace.
    pub result: ScoreResult,
    /// Where each item's final input came from, in the rubric's order.
    pub sources: Vec<ItemSource>,
    /// Supervision findings counted as of the cut-off day.
    pub supervision: SupervisionFindings,
    /// The day supervision findings (and metrics of items without a deadline) are taken at:
    /// today (Beijing) until the review deadline, then that day, so a closed period's result no
    /// longer moves.
    pub as_of: Date,
    /// Optional rules the period enabled.
    pub options: BTreeSet<String>,
    /// Present once the period is final: the stored result is returned from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalized: Option<Finalized>,
}

/// A unit's result: computed now, or as stored when the period became final. Units see it
/// from the public notice on.
pub async fn unit_result(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<UnitResult, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    // A final result is read as stored, without its rubric: it never depends on what is
    // loaded now.
    if super::load_row(state, period_id).await?.phase == Phase::Final {
        return finals::stored(state, period_id, unit_id).await;
    }
    let st = standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    if Sight::of(&st, ctx.phase).hides_recheck() {
        return Err(ServiceError::Refused(
            "考核结果在公示后才向单位公开 (visible from the public notice on)".into(),
        ));
    }
    compute(state, &ctx, unit_id).await
}
/// Computes a unit's result from the current inputs (no access check).
pub(crate) async fn compute(
    state: &AppState,
    ctx: &PeriodContext,
    unit_id: &str,
) -> Result<UnitResult, ServiceError> {
    let unit = member(&state.db.pool, &ctx.period.id, unit_id).await?;
    let reviewed = super::reviews::collect(state, ctx, unit_id).await?;
    let today = state.db.clock.today();
    let as_of = cut_off(today, ctx)?;
    let mut known = Known::gather(state, ctx, unit_id, as_of).await?;
    known.survey = survey::measure(state, ctx, &unit).await?;
    let mut measures = ledger::Measures::new(state, &unit, today, as_of);
    let mut chosen = Chosen::default();
    for (item, r) in assessment::items(ctx.assessment()?)
        .into_iter()
        .zip(&reviewed)
    {
        let metric = measures.of(item).await?;
        chosen.add(item, r, &unit, &known, metric);
    }
    let inputs = chosen.inputs(ctx, &unit)?;
    let mut result = score(&ctx.rubric, &inputs).map_err(incomplete)?;
    explain::explain(&mut result, &chosen.sources, as_of);
    Ok(UnitResult {
        period_id: ctx.period.id.clone(),
        period_name: ctx.period.name.clone(),
        unit,
        result,
        sources: chosen.sources,
        supervision: known.findings,
        as_of,
        options: ctx.options.clone(),
        finalized: None,
    })
}

fn incomplete(errors: Vec<crate::domain::FieldError>) -> ServiceError {
    ServiceError::Conflict(format!(
        "考核尚不完整，无法计算结果 (incomplete): {}",
        errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    ))
}
