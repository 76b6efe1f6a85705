//! Periods (考核周期): open one bound to a rubric version with its units and their plan roles,
//! move it through its phases up to 定稿, amend its dates and settings with a reason, extend one
//! unit's self-assessment deadline.

mod amend;
mod create;
mod extend;
mod phase;

use anyhow::Context;
use serde::Serialize;

pub use amend::{Amendment, amend};
pub use create::{NewPeriod, create};
pub use extend::extend;
pub use phase::advance;

use super::{Member, PeriodContext};
use crate::domain::period::{self, Phase};
use crate::service::{AppState, ServiceError};
use crate::store::{self, Tx, assessment::periods::PeriodRow};

/// An optional rule of the rubric and whether the period enables it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OptionView {
    /// Item code, or `inflation`.
    pub code: String,
    pub title: String,
    pub enabled: bool,
}

/// A period as shown to clients. Instants are Beijing time with the offset.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PeriodView {
    pub id: String,
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    /// The rubric's title, e.g. `濉溪县住宅物业管理攻坚行动 2023 年度目标考核细则`.
    pub rubric_title: String,
    pub rubric_hash: String,
    pub phase: Phase,
    pub self_deadline: String,
    pub review_deadline: String,
    /// End of the public notice (set when the notice begins).
    pub appeal_deadline: Option<String>,
    /// Working days of public notice.
    pub notice_days: i64,
    /// When the public notice began.
    pub notice_started_at: Option<String>,
    /// The rubric's optional rules (the plan does not contain them) and which are enabled.
    pub options: Vec<OptionView>,
    /// The units taking part, with the plan role each is bound to.
    pub units: Vec<Member>,
    /// What the bureau should check: units bound to no plan role, or to one no task names.
    pub warnings: Vec<String>,
    pub version: i64,
}

fn shown(stored: &str) -> Result<String, ServiceError> {
    Ok(period::beijing_rfc3339(store::parse_ts(stored)?))
}

impl PeriodView {
    /// The view of `ctx` with its `units`.
    pub fn new(ctx: &PeriodContext, units: Vec<Member>) -> Result<Self, ServiceError> {
        let p = &ctx.period;
        let options = match ctx.rubric.assessment() {
            Some(a) => a
                .optional_rules()
                .into_iter()
                .map(|(code, title)| OptionView {
                    enabled: ctx.options.contains(&code),
                    code,
                    title,
                })
                .collect(),
            None => Vec::new(),
        };
        let warnings = ctx
            .rubric
            .assessment()
            .map(|a| role_warnings(a, &units))
            .unwrap_or_default();
        Ok(Self {
            id: p.id.clone(),
            name: p.name.clone(),
            rubric_id: p.rubric_id.clone(),
            rubric_version: p.rubric_version,
            rubric_title: ctx.rubric.header.title.clone(),
            rubric_hash: ctx.rubric.content_hash().into(),
            phase: ctx.phase,
            self_deadline: shown(&p.self_deadline)?,
            review_deadline: shown(&p.review_deadline)?,
            appeal_deadline: p.appeal_deadline.as_deref().map(shown).transpose()?,
            notice_days: i64::from(p.notice_days),
            notice_started_at: p.notice_started_at.as_deref().map(shown).transpose()?,
            options,
            units,
            warnings,
            version: p.version,
        })
    }
}

/// Units whose plan duties the bureau should check: bound to no role although the rubric
/// declares roles (only by-type items are then its duty), or bound to a role no item names.
fn role_warnings(a: &crate::domain::rubric::Assessment, units: &[Member]) -> Vec<String> {
    if a.roles.is_empty() {
        return Vec::new();
    }
    let items = crate::domain::assessment::items(a);
    units
        .iter()
        .filter_map(|u| match &u.plan_role {
            None => Some(format!(
                "{} 未对应方案角色：只考核按单位类型适用的评分项，方案点名的任务不计入；如是方案中的单位，请在 roles 中指定 (no plan role)",
                u.name
            )),
            Some(r) if !items.iter().any(|i| i.named.iter().any(|n| &n.role == r)) => Some(format!(
                "方案附件2未给“{r}”分配任务：{} 只考核督查督办等共同项 (no task names this role)",
                u.name
            )),
            Some(_) => None,
        })
        .collect()
}

impl PeriodView {
    /// The view of a final period whose rubric version is no longer loaded: its results are
    /// stored, so it stays readable; the rubric's hash comes from the record of loaded versions.
    fn without_rubric(
        row: &PeriodRow,
        (rubric_title, rubric_hash): (String, String),
        units: Vec<Member>,
    ) -> Result<Self, ServiceError> {
        let enabled = row.options.clone();
        Ok(Self {
            id: row.id.clone(),
            name: row.name.clone(),
            rubric_id: row.rubric_id.clone(),
            rubric_version: row.rubric_version,
            rubric_title,
            rubric_hash,
            phase: Phase::Final,
            self_deadline: shown(&row.self_deadline)?,
            review_deadline: shown(&row.review_deadline)?,
            appeal_deadline: row.appeal_deadline.as_deref().map(shown).transpose()?,
            notice_days: i64::from(row.notice_days),
            notice_started_at: row.notice_started_at.as_deref().map(shown).transpose()?,
            options: enabled
                .into_iter()
                .map(|code| OptionView {
                    title: code.clone(),
                    code,
                    enabled: true,
                })
                .collect(),
            units,
            warnings: Vec::new(),
            version: row.version,
        })
    }
}

/// The view of a period row: through its rubric, or — for a final period whose rubric version
/// has left the rubrics folder — from what was stored.
async fn view_of_row(state: &AppState, row: PeriodRow) -> Result<PeriodView, ServiceError> {
    if row.phase != Phase::Final {
        return view(state, &super::context(state, row)?).await;
    }
    let version = u32::try_from(row.rubric_version).with_context(|| {
        format!(
            "period {}: stored rubric version {}",
            row.id, row.rubric_version
        )
    })?;
    if state.rubrics.get(&row.rubric_id, version).is_some() {
        return view(state, &super::context(state, row)?).await;
    }
    let mut read = state.db.pool.begin().await?;
    let recorded = store::rubrics::find(&mut read, &row.rubric_id, row.rubric_version)
        .await?
        .map(|r| (r.title, r.content_hash))
        .unwrap_or_default();
    read.rollback().await?;
    let units = store::assessment::periods::members(&state.db.pool, &row.id).await?;
    PeriodView::without_rubric(
        &row,
        recorded,
        units.into_iter().map(Member::from).collect(),
    )
}

/// The view of a period read inside `tx`.
async fn view_tx(tx: &mut Tx, ctx: &PeriodContext) -> Result<PeriodView, ServiceError> {
    let units = store::assessment::periods::members(&mut **tx, &ctx.period.id).await?;
    PeriodView::new(ctx, units.into_iter().map(Member::from).collect())
}

async fn view(state: &AppState, ctx: &PeriodContext) -> Result<PeriodView, ServiceError> {
    let units = store::assessment::periods::members(&state.db.pool, &ctx.period.id).await?;
    PeriodView::new(ctx, units.into_iter().map(Member::from).collect())
}

/// Reads a period.
pub async fn get(state: &AppState, period_id: &str) -> Result<PeriodView, ServiceError> {
    view_of_row(state, super::load_row(state, period_id).await?).await
}

/// Lists periods, newest first.
pub async fn list(state: &AppState) -> Result<Vec<PeriodView>, ServiceError> {
    let mut out = Vec::new();
    for row in store::assessment::periods::list(&state.db.pool).await? {
        out.push(view_of_row(state, row).await?);
    }
    Ok(out)
}
