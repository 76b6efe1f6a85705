//! What is known about a unit beyond its items' own entries, as of the cut-off day.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::AppealDecision;
use crate::domain::period::beijing;
use crate::domain::review::{AppealStatus, SelfStatus};
use crate::domain::rubric::ItemInput;
use crate::domain::supervision::{self, SupervisionFindings};
use crate::service::assessment::PeriodContext;
use crate::service::{AppState, ServiceError};
use crate::store;

/// What is known about the unit beyond its items' own entries.
pub(super) struct Known<'a> {
    /// Optional rules the period enabled.
    pub(super) options: &'a BTreeSet<String>,
    /// Supervision findings as of the cut-off day.
    pub(super) findings: SupervisionFindings,
    /// Each item's upheld appeal: what it decided, and the decision.
    pub(super) decided: BTreeMap<String, (ItemInput, AppealDecision)>,
    /// Whether the unit has submitted its self-assessment.
    pub(super) submitted: bool,
    /// Whether the public notice has begun.
    pub(super) notice_begun: bool,
    /// The satisfaction index of the unit's area in the period's latest closed round.
    pub(super) survey: Option<super::SurveyMeasure>,
}

impl<'a> Known<'a> {
    /// Reads what is known about `unit_id` in the period, supervision counted as of `as_of`.
    pub(super) async fn gather(
        state: &AppState,
        ctx: &'a PeriodContext,
        unit_id: &str,
        as_of: Date,
    ) -> Result<Known<'a>, ServiceError> {
        Ok(Known {
            options: &ctx.options,
            findings: supervision_findings(state, ctx, unit_id, as_of).await?,
            decided: decided_appeals(state, &ctx.period.id, unit_id).await?,
            submitted: store::assessment::self_scores::get(&state.db.pool, &ctx.period.id, unit_id)
                .await?
                .is_some_and(|a| a.status == SelfStatus::Submitted),
            notice_begun: crate::domain::review::unit_sees_recheck(ctx.phase),
            survey: None,
        })
    }
}

/// Today in Beijing, or the review deadline's day once it has passed.
pub(super) fn cut_off(today: Date, ctx: &PeriodContext) -> Result<Date, ServiceError> {
    let deadline = store::parse_ts(&ctx.period.review_deadline)?
        .to_zoned(beijing())
        .date();
    Ok(today.min(deadline))
}

/// The unit's supervision findings as of `as_of`.
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
        records.push(crate::service::assessment::supervision::item_of(row)?);
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
                (
                    crate::service::assessment::appeals::decided_input(&a)?,
                    decision,
                ),
            );
        }
    }
    Ok(out)
}
