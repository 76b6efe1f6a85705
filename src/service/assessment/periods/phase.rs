//! Moving a period one phase forward. Entering the appeal phase starts the public notice;
//! entering 定稿 requires the notice to be over, no appeal undecided and no item waiting for a
//! further reviewer, and stores every unit's result (which never changes after).

use super::{PeriodView, view_tx};
use crate::domain::period::{self, FinalBlockers, Phase};
use crate::service::assessment::{PeriodContext, load_period_tx, results, reviews, stale};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx};

/// Moves a period one phase forward. `notice_days` (working days) overrides the period's
/// notice length when entering the appeal phase.
#[tracing::instrument(skip(state))]
pub async fn advance(
    state: &AppState,
    actor: &Actor,
    period_id: &str,
    to: &str,
    version: i64,
    notice_days: Option<u32>,
) -> Result<PeriodView, ServiceError> {
    let to: Phase = to
        .parse()
        .map_err(|m: String| ServiceError::invalid("to", m))?;
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
    let now = state.db.clock.now();
    let mut row = ctx.period.clone();
    row.phase = to;
    row.version += 1;
    row.updated_at = store::ts(now);
    if to == Phase::Appeal {
        let working = notice_days.unwrap_or(row.notice_days);
        row.notice_days = working;
        row.notice_started_at = Some(store::ts(now));
        row.appeal_deadline = Some(store::ts(period::notice_end(
            now,
            working,
            &state.calendar,
        )?));
    }
    if to == Phase::Appeal {
        // The notice publishes settled re-checks: a disputed item gets its further reviewer
        // while reviewers can still score.
        let pending = FinalBlockers {
            awaiting_review: awaiting_review(state, &mut tx, &ctx).await?,
            ..FinalBlockers::default()
        };
        pending
            .check()
            .map_err(|m| ServiceError::Conflict(m.replacen("不能定稿", "不能进入公示", 1)))?;
    }
    if to == Phase::Final {
        blockers(state, &mut tx, &ctx)
            .await?
            .check()
            .map_err(ServiceError::Conflict)?;
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
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.phase",
            subject_type: "period",
            subject_id: period_id,
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
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
    for m in &members {
        for item in reviews::collect(state, ctx, &m.unit_id).await? {
            if item.needs_another_review {
                out.push(format!("{} 评分项 {}", m.name, item.code));
            }
        }
    }
    Ok(out)
}
