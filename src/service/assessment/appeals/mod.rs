//! Appeals (申诉) during the public notice: lodged per item by the unit, decided by the bureau
//! or the assigned team. Upheld changes the item's score; rejected keeps the reason.

mod decide;
mod lodge;

pub use decide::{Decision, decide};
pub use lodge::lodge;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{load_period, standing};
use crate::domain::access::Principal;
use crate::domain::review::AppealStatus;
use crate::domain::rubric::ItemInput;
use crate::service::names::Names;
use crate::service::{AppState, ServiceError, shown_at, shown_at_opt};
use crate::store::{self, assessment::appeals::AppealRow};

/// An appeal as the audit trail records it (instants as stored, UTC).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub(super) struct AppealSnapshot {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reason: String,
    pub status: AppealStatus,
    pub decided_score: Option<Decimal>,
    pub decided_input: Option<ItemInput>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<String>,
    pub version: i64,
}

/// The audit snapshot of an appeal row.
pub(super) fn snapshot_of(r: &AppealRow) -> AppealSnapshot {
    AppealSnapshot {
        id: r.id.clone(),
        period_id: r.period_id.clone(),
        unit_id: r.unit_id.clone(),
        item_code: r.item_code.clone(),
        reason: r.reason.clone(),
        status: r.status,
        decided_score: r.decided_score,
        decided_input: r.decided_input.clone(),
        decision_reason: r.decision_reason.clone(),
        decided_at: r.decided_at.clone(),
        version: r.version,
    }
}

/// An appeal as shown: the period, unit, item and decider named, instants in Beijing time.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AppealView {
    pub id: String,
    pub period_id: String,
    /// The period's name.
    pub period_name: String,
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    pub item_code: String,
    /// The item's title in the rubric (empty if it has left the rubric).
    pub item_title: String,
    pub reason: String,
    pub status: AppealStatus,
    pub decided_score: Option<Decimal>,
    /// The method input the decision set, when it gave one (e.g. `{"veto": false}`).
    pub decided_input: Option<ItemInput>,
    pub decision_reason: Option<String>,
    /// Who decided it (token id) and their name.
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    /// Beijing time with the offset.
    pub decided_at: Option<String>,
    /// When it was lodged, Beijing time with the offset.
    pub created_at: String,
    pub version: i64,
}

/// What the views of one unit's appeals share: the names of its period and unit, the rubric's
/// item titles and the deciders' names.
pub(super) struct Context {
    period_name: String,
    unit_name: String,
    titles: std::collections::HashMap<String, String>,
    names: Names,
}

impl Context {
    /// Reads the names the views of `rows` (all of one unit in one period) need.
    pub(super) async fn of(
        state: &AppState,
        period_id: &str,
        unit_id: &str,
        rows: &[&AppealRow],
    ) -> Result<Self, ServiceError> {
        let (period_name, unit_name) =
            crate::service::names::period_and_unit(state, period_id, unit_id).await?;
        let deciders: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.decided_by.as_deref())
            .collect();
        let titles = match load_period(state, period_id).await {
            Ok(ctx) => ctx
                .assessment()
                .map(|a| {
                    crate::domain::assessment::items(a)
                        .into_iter()
                        .map(|i| (i.code.clone(), i.title.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            // A final period whose rubric has left the folder still lists its appeals.
            Err(ServiceError::Conflict(_)) => Default::default(),
            Err(e) => return Err(e),
        };
        Ok(Self {
            period_name,
            unit_name,
            titles,
            names: Names::of(state, &deciders, &[]).await?,
        })
    }

    /// The view of one row.
    pub(super) fn view(&self, r: &AppealRow) -> AppealView {
        AppealView {
            id: r.id.clone(),
            period_id: r.period_id.clone(),
            period_name: self.period_name.clone(),
            unit_id: r.unit_id.clone(),
            unit_name: self.unit_name.clone(),
            item_code: r.item_code.clone(),
            item_title: self.titles.get(&r.item_code).cloned().unwrap_or_default(),
            reason: r.reason.clone(),
            status: r.status,
            decided_score: r.decided_score,
            decided_input: r.decided_input.clone(),
            decision_reason: r.decision_reason.clone(),
            decided_by: r.decided_by.clone(),
            decided_by_name: r.decided_by.as_deref().map(|id| self.names.token(id)),
            decided_at: shown_at_opt(r.decided_at.as_deref()),
            created_at: shown_at(&r.created_at),
            version: r.version,
        }
    }
}

/// What an upheld appeal decided: its stored input, or its plain decided score.
pub fn decided_input(a: &AppealRow) -> Result<ItemInput, ServiceError> {
    if let Some(input) = &a.decided_input {
        return Ok(input.clone());
    }
    let score = a
        .decided_score
        .ok_or_else(|| anyhow::anyhow!("upheld appeal {} has no score", a.id))?;
    Ok(ItemInput::Score(score))
}

/// A unit's appeals.
pub async fn list(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<AppealView>, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    let rows = store::assessment::appeals::for_unit(&state.db.pool, period_id, unit_id).await?;
    let cx = Context::of(state, period_id, unit_id, &rows.iter().collect::<Vec<_>>()).await?;
    Ok(rows.iter().map(|r| cx.view(r)).collect())
}
