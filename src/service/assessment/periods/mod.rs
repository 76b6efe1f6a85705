//! Periods (考核周期): open one bound to a rubric version with its units and their plan roles,
//! move it through its phases up to 定稿, amend its dates and settings with a reason, extend one
//! unit's self-assessment deadline.

mod amend;
mod create;
mod phase;

use serde::Serialize;

pub use amend::{Amendment, amend};
pub use create::{NewPeriod, create};
pub use phase::advance;

use super::{Member, PeriodContext, load_period, load_period_tx};
use crate::domain::period::{self, Phase};
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx};

/// An optional rule of the rubric and whether the period enables it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionView {
    /// Item code, or `inflation`.
    pub code: String,
    pub title: String,
    pub enabled: bool,
}

/// A period as shown to clients. Instants are Beijing time with the offset.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub id: String,
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: i64,
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
        Ok(Self {
            id: p.id.clone(),
            name: p.name.clone(),
            rubric_id: p.rubric_id.clone(),
            rubric_version: p.rubric_version,
            rubric_hash: ctx.rubric.content_hash().into(),
            phase: ctx.phase,
            self_deadline: shown(&p.self_deadline)?,
            review_deadline: shown(&p.review_deadline)?,
            appeal_deadline: p.appeal_deadline.as_deref().map(shown).transpose()?,
            notice_days: i64::from(p.notice_days),
            notice_started_at: p.notice_started_at.as_deref().map(shown).transpose()?,
            options,
            units,
            version: p.version,
        })
    }
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

/// Extends one unit's self-assessment deadline, with a reason.
#[tracing::instrument(skip(state, reason))]
pub async fn extend(
    state: &AppState,
    actor: &Actor,
    period_id: &str,
    unit_id: &str,
    deadline: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    let reason = text::required("reason", reason, 500, Lines::Multi)?;
    let deadline = period::parse_deadline("self_deadline", deadline)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.phase == Phase::Final {
        return Err(super::wrong_phase("延期", ctx.phase));
    }
    let current = store::assessment::periods::find_unit(&mut *tx, period_id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))?;
    let deadline = store::ts(deadline);
    let current_deadline = current
        .self_deadline
        .clone()
        .unwrap_or_else(|| ctx.period.self_deadline.clone());
    if deadline <= current_deadline {
        return Err(ServiceError::invalid(
            "self_deadline",
            "延期后的截止时间必须晚于当前截止时间 (must be later than the current deadline)",
        ));
    }
    if deadline >= ctx.period.review_deadline {
        return Err(ServiceError::invalid(
            "self_deadline",
            format!(
                "延期不能晚于复核截止时间 {}；如需更晚，请先修改考核周期的复核截止时间 (must end before the review deadline)",
                shown(&ctx.period.review_deadline)?
            ),
        ));
    }
    store::assessment::periods::extend(&mut tx, period_id, unit_id, &deadline, &reason).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.extend",
            subject_type: "assessment",
            subject_id: &super::subject(period_id, unit_id, None),
            before: audit::snapshot(&current.self_deadline.unwrap_or(ctx.period.self_deadline)),
            after: audit::snapshot(&deadline),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Reads a period.
pub async fn get(state: &AppState, period_id: &str) -> Result<PeriodView, ServiceError> {
    view(state, &load_period(state, period_id).await?).await
}

/// Lists periods, newest first.
pub async fn list(state: &AppState) -> Result<Vec<PeriodView>, ServiceError> {
    let mut out = Vec::new();
    for row in store::assessment::periods::list(&state.db.pool).await? {
        out.push(view(state, &super::context(state, row)?).await?);
    }
    Ok(out)
}
