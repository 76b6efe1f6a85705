//! A unit's result: final item scores (self and reviews combined by the rubric's rule, ledger
//! metrics as of each task's deadline, supervision findings, decided appeals), scored against
//! the rubric with the full trace; once the period is final (定稿), the result stored then.

mod explain;
mod finals;
mod ledger;
pub mod reliability;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use finals::{Finalized, finalise};
pub use ledger::LedgerMeasure;
pub use reliability::{ReviewerReliability, TeamReliability, reliability};

use super::reviews::ItemReviewView;
use super::{Member, PeriodContext, Sight, load_period, member, standing};
use crate::domain::access::Principal;
use crate::domain::assessment::{self, InputSource, ItemFacts};
use crate::domain::period::{Phase, beijing};
use crate::domain::review::{AppealStatus, SelfStatus};
use crate::domain::rubric::model::{Duty, INFLATION_OPTION, Item};
use crate::domain::rubric::{
    CombineOutcome, ItemInput, ScoreResult, SubjectInputs, inflation_deduction, score,
};
use crate::domain::supervision::{self, SupervisionFindings};
use crate::service::{AppState, ServiceError};
use crate::store;

/// How one item's final input was chosen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemSource {
    pub code: String,
    /// Where the final input came from.
    pub source: InputSource,
    /// Whose duty the item is for this unit (named by the plan, by unit type, or not at all).
    pub duty: Duty,
    pub combined: Option<CombineOutcome>,
    /// For `ledger` items (and `ledger_empty` ones whose metric has nothing to count): the
    /// metric with its counts, rule, day, scope and counted types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<LedgerMeasure>,
    /// For `appeal` items: the upheld appeal that decided the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<AppealDecision>,
}

/// The upheld appeal that decided an item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppealDecision {
    /// The appeal's id.
    pub appeal_id: String,
    /// Why it was decided so.
    pub reason: String,
    /// When, Beijing time with the offset.
    pub decided_at: Option<String>,
}

/// A unit's result with its explanation.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    let known = Known {
        options: &ctx.options,
        findings: supervision_findings(state, ctx, unit_id, as_of).await?,
        decided: decided_appeals(state, &ctx.period.id, unit_id).await?,
        submitted: store::assessment::self_scores::get(&state.db.pool, &ctx.period.id, unit_id)
            .await?
            .is_some_and(|a| a.status == SelfStatus::Submitted),
        notice_begun: ctx.phase >= Phase::Appeal,
    };
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

/// What is known about the unit beyond its items' own entries.
struct Known<'a> {
    options: &'a BTreeSet<String>,
    findings: SupervisionFindings,
    decided: BTreeMap<String, (ItemInput, AppealDecision)>,
    submitted: bool,
    notice_begun: bool,
}

/// The final inputs chosen so far, with where each came from.
#[derive(Default)]
struct Chosen {
    items: BTreeMap<String, ItemInput>,
    sources: Vec<ItemSource>,
    /// Combinations that decided an item, by item code (自评失实 is judged only on those).
    decided_by_reviews: Vec<(String, CombineOutcome)>,
}

impl Chosen {
    fn add(
        &mut self,
        item: &Item,
        r: &ItemReviewView,
        unit: &Member,
        known: &Known<'_>,
        metric: Option<LedgerMeasure>,
    ) {
        let duty = unit.duty(item);
        let disabled = item.optional && !known.options.contains(&item.code);
        if duty == Duty::NotAssigned || disabled {
            self.sources.push(ItemSource {
                code: item.code.clone(),
                source: InputSource::NotScored,
                duty,
                combined: None,
                metric: None,
                appeal: None,
            });
            return;
        }
        let review_inputs: Vec<ItemInput> = r.reviews.iter().map(|v| v.input.clone()).collect();
        let combined = r.combined.as_ref().filter(|c| c.reviewed);
        let appeal = known.decided.get(&item.code);
        let facts = ItemFacts {
            upheld_appeal: appeal.map(|(input, _)| input.clone()),
            ledger_rate: metric
                .as_ref()
                .and_then(|m| assessment::exact_rate(&m.ratio)),
            supervision: &known.findings,
            review_inputs: &review_inputs,
            combined: combined.map(|c| c.final_score),
            submitted_self: r.self_input.as_ref().filter(|_| known.submitted),
            duty,
            notice_begun: known.notice_begun,
        };
        let (input, source) = assessment::final_input(item, &facts);
        if let (InputSource::Combined, Some(c)) = (source, combined) {
            self.decided_by_reviews.push((item.code.clone(), c.clone()));
        }
        if let Some(input) = input {
            self.items.insert(item.code.clone(), input);
        }
        // The combination is shown where it decided the item, or where the self score stands
        // in for it (and, reviewed, where an appeal overturned it): never beside a ledger or
        // supervision figure, which it did not produce.
        let shows_combination = match source {
            InputSource::Combined | InputSource::SelfScore => true,
            InputSource::Appeal => combined.is_some(),
            _ => false,
        };
        self.sources.push(ItemSource {
            code: item.code.clone(),
            source,
            duty,
            combined: r.combined.clone().filter(|_| shows_combination),
            metric: metric
                .filter(|_| matches!(source, InputSource::Ledger | InputSource::LedgerEmpty)),
            appeal: appeal
                .filter(|_| source == InputSource::Appeal)
                .map(|(_, d)| d.clone()),
        });
    }

    fn inputs(&self, ctx: &PeriodContext, unit: &Member) -> Result<SubjectInputs, ServiceError> {
        let combination = &ctx.assessment()?.combination;
        // An optional 自评失实 deduction applies only where the period enabled it.
        let inflation_on = combination
            .inflation
            .as_ref()
            .is_some_and(|i| !i.optional || ctx.options.contains(INFLATION_OPTION));
        let decided: Vec<(&str, &CombineOutcome)> = self
            .decided_by_reviews
            .iter()
            .map(|(code, c)| (code.as_str(), c))
            .collect();
        let adjustments = match inflation_on {
            true => inflation_deduction(combination, &decided)
                .into_iter()
                .collect(),
            false => Vec::new(),
        };
        Ok(SubjectInputs {
            subject: unit.unit_id.clone(),
            unit_type: Some(unit.unit_type.clone()),
            role: unit.plan_role.clone(),
            items: self.items.clone(),
            adjustments,
            options: ctx.options.clone(),
        })
    }
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

/// Today in Beijing, or the review deadline's day once it has passed.
fn cut_off(today: Date, ctx: &PeriodContext) -> Result<Date, ServiceError> {
    let deadline = store::parse_ts(&ctx.period.review_deadline)?
        .to_zoned(beijing())
        .date();
    Ok(today.min(deadline))
}

async fn supervision_findings(
    state: &AppState,
    ctx: &PeriodContext,
    unit_id: &str,
    as_of: Date,
) -> Result<SupervisionFindings, ServiceError> {
    let rows =
        store::assessment::supervision::for_unit(&state.db.pool, &ctx.period.id, unit_id).await?;
    let mut records = Vec::with_capacity(rows.len());
    for row in &rows {
        records.push(super::supervision::item_of(row)?);
    }
    Ok(supervision::findings(&records, as_of, &state.calendar)?)
}

/// What each item's upheld appeal decided, and the decision (at most one upheld appeal per
/// item is allowed).
async fn decided_appeals(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<BTreeMap<String, (ItemInput, AppealDecision)>, ServiceError> {
    let mut out = BTreeMap::new();
    for a in store::assessment::appeals::for_unit(&state.db.pool, period_id, unit_id).await? {
        if a.status == AppealStatus::Upheld {
            let decision = AppealDecision {
                appeal_id: a.id.clone(),
                reason: a.decision_reason.clone().unwrap_or_default(),
                decided_at: a.decided_at.as_deref().map(crate::service::shown_at),
            };
            out.insert(
                a.item_code.clone(),
                (super::appeals::decided_input(&a)?, decision),
            );
        }
    }
    Ok(out)
}
