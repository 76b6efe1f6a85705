//! The satisfaction index a unit's `source = "survey"` items read: the period's latest closed
//! survey round, over the unit's area (its town or park; every project of the round for a
//! county department), from the round's sufficient statistics.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::service::assessment::{Member, PeriodContext};
use crate::service::{AppState, ServiceError};

/// The index as an item read it, with the counts behind it.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SurveyMeasure {
    /// The round.
    pub round_id: String,
    /// Its name.
    pub round_name: String,
    /// The area counted, e.g. `濉溪镇人民政府辖区` or `本轮全部项目`.
    pub scope: String,
    /// The index (None: no valid response).
    pub index: Option<Decimal>,
    /// Valid responses.
    pub valid: u32,
    /// Responses thrown out.
    pub invalid: u32,
    /// Valid responses the sample rule requires.
    pub required: u32,
    /// Whether fewer valid responses came in than required.
    pub provisional: bool,
}

/// The measure of `unit`'s area in the period's latest round closed by now, if any.
pub(super) async fn measure(
    state: &AppState,
    ctx: &PeriodContext,
    unit: &Member,
) -> Result<Option<SurveyMeasure>, ServiceError> {
    let now = state.db.clock.stamp();
    let pool = &state.db.pool;
    let Some(round) =
        crate::store::survey::rounds::latest_closed_for_period(pool, &ctx.period.id, &now).await?
    else {
        return Ok(None);
    };
    let view =
        crate::service::survey::index::for_area(state, round, unit.region_id.as_deref()).await?;
    let Some(view) = view else { return Ok(None) };
    let t = &view.total;
    Ok(Some(SurveyMeasure {
        round_id: view.round_id.clone(),
        round_name: view.round_name.clone(),
        scope: match unit.region_id {
            Some(_) => format!("{}辖区", unit.name),
            None => "本轮全部项目".into(),
        },
        index: t.index.index,
        valid: t.index.valid,
        invalid: t.index.invalid_responses,
        required: t.index.required_sample.unwrap_or(0),
        provisional: t.provisional,
    }))
}

/// `满意度调查 2026 年第一轮（濉溪镇人民政府辖区）：有效问卷 8 份，无效 3 份，应有 37 份（样本不足）`.
pub(super) fn head(m: &SurveyMeasure) -> String {
    format!(
        "满意度调查 {}（{}，轮次 {}）：有效问卷 {} 份，无效 {} 份，应有 {} 份{}",
        m.round_name,
        m.scope,
        m.round_id,
        m.valid,
        m.invalid,
        m.required,
        if m.provisional {
            "（样本不足，结果为暂定）"
        } else {
            ""
        }
    )
}
