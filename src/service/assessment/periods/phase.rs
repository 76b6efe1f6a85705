//! Moving a period one phase forward. Entering the appeal phase starts the public notice;
//! entering 定稿 requires the notice to be over, no appeal undecided and no item waiting for a
//! further reviewer, and stores every unit's result (which never changes after).

use super::{PeriodView, view_tx};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::period::{self, FinalBlockers, Phase};
use crate::domain::rubric::model::Duty;
use crate::service::assessment::{Member, PeriodContext, load_period_tx, results, reviews, stale};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx, assessment::periods::PeriodRow};

/// Moves a period one phase forward. `notice_days` (working days) overrides the period's
/// notice length when entering the appeal phase.
#[tracing::instrument(skip(state))]
pub async fn advance(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    to: &str,
    version: i64,
    notice_days: Option<u32>,
) -> Result<PeriodView, ServiceError> {
    let actor = &Actor::from(who);
    let to = Phase::parse("to", to)?;
    if let Some(days) = notice_days {
        period::check_notice_days(days)?;
    }
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.period.version != version {
        return Err(stale("考核周期", ctx.period.version, version));
    }
    period::check_transition(ctx.phase, to).map_err(ServiceError::Conflict)?;
    let before = view_tx(&mut tx, &ctx).await?;
    let mut row = PeriodRow {
        phase: to,
        version: ctx.period.version + 1,
        updated_at: state.db.clock.stamp(),
        ..ctx.period.clone()
    };
    match to {
        Phase::Appeal => open_notice(state, &mut tx, &ctx, &mut row, notice_days).await?,
        Phase::Final => blockers(state, &mut tx, &ctx)
            .await?
            .check()
            .map_err(ServiceError::Conflict)?,
        _ => {}
    }
    if !store::assessment::periods::update(&mut tx, &row, version).await? {
        return Err(stale("考核周期", version + 1, version));
    }
    let after_ctx = PeriodContext {
        period: row,
        phase: to,
        ..ctx
    };
    if to == Phase::Final {
        results::finalise(state, &mut tx, &after_ctx).await?;
    }
    let after = view_tx(&mut tx, &after_ctx).await?;
    let change = Change {
        action: "period.phase",
        subject_type: "period",
        subject_id: period_id,
        before: Some(audit::snapshot(&before)?),
        after: Some(audit::snapshot(&after)?),
        reason: None,
    };
    audit::append(&mut tx, &state.db.clock, actor, change).await?;
    tx.commit().await?;
    Ok(after)
}

/// Starts the public notice on `row` (its start, length and end): only once no item waits for
/// a further reviewer — the notice publishes settled re-checks.
async fn open_notice(
    state: &AppState,
    tx: &mut Tx,
    ctx: &PeriodContext,
    row: &mut PeriodRow,
    notice_days: Option<u32>,
) -> Result<(), ServiceError> {
    let pending = FinalBlockers {
        awaiting_review: awaiting_review(state, tx, ctx).await?,
        ..FinalBlockers::default()
    };
    pending.check_notice().map_err(ServiceError::Conflict)?;
    let now = state.db.clock.now();
    let working = notice_days.unwrap_or(row.notice_days);
    row.notice_days = working;
    row.notice_started_at = Some(store::ts(now));
    let end = period::notice_end(now, working, &state.calendar)?;
    row.appeal_deadline = Some(store::ts(end));
    Ok(())
}

/// What stands between the period and 定稿: the notice window, undecided appeals, items
/// flagged for a further reviewer.
async fn blockers(
    state: &AppState,
    tx: &mut Tx,
    ctx: &PeriodContext,
) -> Result<FinalBlockers, ServiceError> {
    let mut b = FinalBlockers::default();
    let end = ctx
        .period
        .appeal_deadline
        .as_deref()
        .map(store::parse_ts)
        .transpose()?;
    b.notice_open_until = end.filter(|end| state.db.clock.now() <= *end);
    let members = store::assessment::periods::members(&mut **tx, &ctx.period.id).await?;
    let name_of = |unit_id: &str| {
        members
            .iter()
            .find(|m| m.unit_id == unit_id)
            .map_or(unit_id.to_owned(), |m| m.name.clone())
    };
    for a in store::assessment::appeals::pending_in_period(tx, &ctx.period.id).await? {
        b.open_appeals
            .push(format!("{} 评分项 {}", name_of(&a.unit_id), a.item_code));
    }
    b.awaiting_review = awaiting_review(state, tx, ctx).await?;
    Ok(b)
}

/// Items of any unit of the period still waiting for a further reviewer, as `unit 评分项 code`.
async fn awaiting_review(
    state: &AppState,
    tx: &mut Tx,
    ctx: &PeriodContext,
) -> Result<Vec<String>, ServiceError> {
    let members = store::assessment::periods::members(&mut **tx, &ctx.period.id).await?;
    let mut out = Vec::new();
    let rubric = ctx.assessment()?;
    for m in members.into_iter().map(Member::from) {
        for item in reviews::collect(state, ctx, &m.unit_id).await? {
            // Only items the unit is scored on can hold the period.
            let scored = assessment::item(rubric, &item.code).is_some_and(|i| {
                m.duty(i) != Duty::NotAssigned && (!i.optional || ctx.options.contains(&i.code))
            });
            if item.needs_another_review && scored {
                out.push(format!("{} 评分项 {}", m.name, item.code));
            }
        }
    }
    Ok(out)
}
