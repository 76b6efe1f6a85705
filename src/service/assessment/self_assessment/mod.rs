//! A unit's self-assessment (自评计分): drafts, submission, and 退回补正 (send back for correction).

mod save;
mod submit;

pub use save::save;
pub use submit::{send_back, submit};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{PeriodContext, load_period, standing};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::form::FormItem;
use crate::domain::period::{self};
use crate::domain::review::SelfStatus;
use crate::domain::rubric::ItemInput;
use crate::service::{AppState, ServiceError, shown_at_opt};
use crate::store;

/// One item as the unit enters it.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemEntry {
    /// The method's input, e.g. `{"points": "3.5"}` or `{"findings": {"overdue": 1}}`.
    pub input: ItemInput,
    /// The unit's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// One item of a self-assessment as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SelfItemView {
    pub code: String,
    pub input: ItemInput,
    pub score: Decimal,
    pub note: Option<String>,
}

/// A unit's self-assessment as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SelfAssessmentView {
    pub period_id: String,
    /// The period's name.
    pub period_name: String,
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    pub status: SelfStatus,
    /// 0 until the first save.
    pub version: i64,
    /// Beijing time with the offset.
    pub submitted_at: Option<String>,
    pub returned_reason: Option<String>,
    /// This unit's deadline (with any extension), Beijing time with the offset, e.g.
    /// `2023-06-30T23:59:59+08:00`.
    pub deadline: String,
    /// Every item that is the unit's duty in this period, with the input it takes.
    pub form: Vec<FormItem>,
    /// The items entered so far, in the rubric's order (2.2 before 2.10).
    pub items: Vec<SelfItemView>,
}

/// The unit's self-assessment deadline — the later of its extension and the period's (an
/// extension never ends up shorter once the period's deadline is amended) — and whether it is
/// the extension.
pub(super) async fn deadline<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    ctx: &PeriodContext,
    unit_id: &str,
) -> Result<(jiff::Timestamp, bool), ServiceError> {
    let pu = store::assessment::periods::find_unit(exec, &ctx.period.id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))?;
    let period = store::parse_ts(&ctx.period.self_deadline)?;
    match pu
        .self_deadline
        .as_deref()
        .map(store::parse_ts)
        .transpose()?
    {
        Some(own) if own > period => Ok((own, true)),
        _ => Ok((period, false)),
    }
}

/// The self-assessment as the caller may see it.
pub async fn view(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<SelfAssessmentView, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    let (due, _) = deadline(&state.db.pool, &ctx, unit_id).await?;
    let unit = super::member(&state.db.pool, period_id, unit_id).await?;
    let form = crate::domain::form::form(
        ctx.assessment()?,
        unit.unit_type.code(),
        unit.plan_role.as_deref(),
        &ctx.options,
    );
    let row = store::assessment::self_scores::get(&state.db.pool, period_id, unit_id).await?;
    let mut items = match &row {
        Some(row) => stored_items(state, &row.id).await?,
        None => Vec::new(),
    };
    assessment::ItemOrder::of(ctx.assessment()?).sort(&mut items, |i| &i.code);
    Ok(SelfAssessmentView {
        period_id: period_id.into(),
        period_name: ctx.period.name.clone(),
        unit_id: unit_id.into(),
        unit_name: unit.name,
        status: row.as_ref().map_or(SelfStatus::Draft, |r| r.status),
        version: row.as_ref().map_or(0, |r| r.version),
        submitted_at: row
            .as_ref()
            .and_then(|r| shown_at_opt(r.submitted_at.as_deref())),
        returned_reason: row.and_then(|r| r.returned_reason),
        deadline: period::beijing_rfc3339(due),
        form,
        items,
    })
}

/// The stored item scores of a self-assessment.
pub async fn stored_items(
    state: &AppState,
    assessment_id: &str,
) -> Result<Vec<SelfItemView>, ServiceError> {
    let mut out = Vec::new();
    for s in store::assessment::self_scores::scores(&state.db.pool, assessment_id).await? {
        out.push(SelfItemView {
            code: s.item_code,
            input: s.input,
            score: s.score,
            note: s.note,
        });
    }
    Ok(out)
}
