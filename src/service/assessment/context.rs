//! A period as the use cases need it (its row, phase, rubric and enabled options), and a unit
//! as a member of it (name, type, plan role and the duties they give it).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::period::Phase;
use crate::domain::rubric::model::{Duty, Item};
use crate::domain::rubric::{Assessment, Rubric};
use crate::service::{AppState, ServiceError};
use crate::store::{self, Tx, assessment::periods::PeriodRow};

/// A unit as a period sees it: ledger name and type, and the plan role it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Member {
    /// Ledger id.
    pub unit_id: String,
    /// Ledger name.
    pub name: String,
    /// Unit type, `{code, label}` like every enumeration the API answers.
    pub unit_type: crate::domain::ledger::kinds::UnitType,
    /// The unit's town or park region (none for a county department).
    pub region_id: Option<String>,
    /// The plan role (rubric `[[role]]`) it is bound to in this period.
    pub plan_role: Option<String>,
}

impl Member {
    /// Whose duty `item` is for this unit.
    pub fn duty(&self, item: &Item) -> Duty {
        item.duty(Some(self.unit_type.code()), self.plan_role.as_deref())
    }
}

impl From<store::assessment::periods::MemberRow> for Member {
    fn from(r: store::assessment::periods::MemberRow) -> Self {
        Self {
            unit_id: r.unit_id,
            name: r.name,
            unit_type: r.unit_type,
            region_id: r.region_id,
            plan_role: r.plan_role,
        }
    }
}

/// The unit as a member of the period (404 when it is not one).
pub async fn member<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    period_id: &str,
    unit_id: &str,
) -> Result<Member, ServiceError> {
    store::assessment::periods::member(exec, period_id, unit_id)
        .await?
        .map(Member::from)
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))
}

/// A period with its rubric.
#[derive(Debug, Clone)]
pub struct PeriodContext {
    /// The stored period.
    pub period: PeriodRow,
    /// Its phase.
    pub phase: Phase,
    /// The rubric version it is bound to.
    pub rubric: Arc<Rubric>,
    /// Optional rules the period enabled (item codes, `inflation`).
    pub options: BTreeSet<String>,
}

impl PeriodContext {
    /// The points body of the rubric (periods only bind points rubrics).
    pub fn assessment(&self) -> Result<&Assessment, ServiceError> {
        self.rubric.assessment().ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!(
                "period {} is bound to a non-points rubric",
                self.period.id
            ))
        })
    }
}

pub(crate) fn context(state: &AppState, period: PeriodRow) -> Result<PeriodContext, ServiceError> {
    let phase = period.phase;
    let version = u32::try_from(period.rubric_version).map_err(|e| anyhow::anyhow!(e))?;
    let rubric = state
        .rubrics
        .get(&period.rubric_id, version)
        .ok_or_else(|| {
            ServiceError::Conflict(format!(
                "考核周期所用的考核标准 {} 第 {} 版未加载 (rubric version not loaded)",
                period.rubric_id, period.rubric_version
            ))
        })?;
    let options = period.options.clone();
    Ok(PeriodContext {
        period,
        phase,
        rubric,
        options,
    })
}

/// Loads a period inside a transaction.
pub async fn load_period_tx(
    state: &AppState,
    tx: &mut Tx,
    period_id: &str,
) -> Result<PeriodContext, ServiceError> {
    let period = store::assessment::periods::find(tx, period_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期 {period_id}")))?;
    context(state, period)
}

/// Reads a period's stored row (without needing its rubric).
pub async fn load_row(state: &AppState, period_id: &str) -> Result<PeriodRow, ServiceError> {
    store::assessment::periods::get(&state.db.pool, period_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期 {period_id}")))
}

/// Loads a period.
pub async fn load_period(state: &AppState, period_id: &str) -> Result<PeriodContext, ServiceError> {
    let period = store::assessment::periods::get(&state.db.pool, period_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期 {period_id}")))?;
    context(state, period)
}
