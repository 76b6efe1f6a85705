//! Extending one unit's self-assessment deadline, with a reason: later than its current
//! deadline, before the review deadline, until the period is final.

use super::shown;
use crate::domain::access::Principal;
use crate::domain::period::{self};
use crate::domain::text::{self, Lines};
use crate::service::assessment::{PeriodContext, load_period_tx, subject};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::periods::PeriodUnitRow};

/// Extends one unit's self-assessment deadline, with a reason.
#[tracing::instrument(skip(state, reason))]
pub async fn extend(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    deadline: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    let actor = &Actor::from(who);
    let reason = text::required("reason", reason, 500, Lines::Multi)?;
    let deadline = period::parse_deadline("self_deadline", deadline)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    crate::domain::workflow::period_open(ctx.phase, "延期")?;
    let current = store::assessment::periods::find_unit(&mut *tx, period_id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))?;
    let deadline = store::ts(deadline);
    check_later(&ctx, &current, &deadline)?;
    store::assessment::periods::extend(&mut tx, period_id, unit_id, &deadline, &reason).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.extend",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: Some(audit::snapshot(
                &current.self_deadline.unwrap_or(ctx.period.self_deadline),
            )?),
            after: Some(audit::snapshot(&deadline)?),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The new deadline (stored form) must be later than the unit's current one and before the
/// review deadline.
fn check_later(
    ctx: &PeriodContext,
    current: &PeriodUnitRow,
    deadline: &str,
) -> Result<(), ServiceError> {
    // Stored instants sort as text; the unit's deadline is the later of its own and the period's.
    let current_deadline = current
        .self_deadline
        .as_deref()
        .filter(|own| *own > ctx.period.self_deadline.as_str())
        .unwrap_or(&ctx.period.self_deadline);
    if deadline <= current_deadline {
        return Err(ServiceError::invalid(
            "self_deadline",
            "延期后的截止时间必须晚于当前截止时间 (must be later than the current deadline)",
        ));
    }
    if deadline >= ctx.period.review_deadline.as_str() {
        return Err(ServiceError::invalid(
            "self_deadline",
            format!(
                "延期不能晚于复核截止时间 {}；如需更晚，请先修改考核周期的复核截止时间 (must end before the review deadline)",
                shown(&ctx.period.review_deadline)?
            ),
        ));
    }
    Ok(())
}
