//! Lodging an appeal: the unit itself, during the public notice, on an item it is scored on,
//! one open (or upheld) appeal per item.

use super::{AppealView, Context, snapshot_of};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::review::AppealStatus;
use crate::domain::rubric::model::Duty;
use crate::domain::text::{self, Lines};
use crate::domain::workflow;
use crate::service::assessment::{
    PeriodContext, Standing, load_period_tx, member, standing, subject,
};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx, assessment::appeals::AppealRow};

/// The unit lodges an appeal against one item's score within the notice window.
pub async fn lodge(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    reason: &str,
) -> Result<AppealView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "只有被考核单位本身可以申诉 (only the unit itself)".into(),
        ));
    }
    let reason = text::required("reason", reason, 5000, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let notice_end = ctx
        .period
        .appeal_deadline
        .as_deref()
        .map(store::parse_ts)
        .transpose()?;
    workflow::appeal_open(ctx.phase, notice_end, state.db.clock.now())?;
    appealable(&mut tx, &ctx, unit_id, item_code).await?;
    let row = pending(
        period_id,
        unit_id,
        item_code,
        reason,
        state.db.clock.stamp(),
    );
    store::assessment::appeals::insert(&mut tx, &row).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "appeal.lodge",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, Some(item_code)),
            before: None,
            after: Some(audit::snapshot(&snapshot_of(&row))?),
            reason: Some(&row.reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Context::of(state, period_id, unit_id, &[&row])
        .await?
        .view(&row))
}

/// A new appeal, pending a decision, lodged at `at`.
fn pending(
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    reason: String,
    at: String,
) -> AppealRow {
    AppealRow {
        id: crate::service::new_id(),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        item_code: item_code.into(),
        reason,
        status: AppealStatus::Pending,
        decided_score: None,
        decided_input: None,
        decision_reason: None,
        decided_by: None,
        decided_at: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    }
}

/// Refuses an appeal on an item the rubric lacks, the unit is not scored on, or that already
/// has an open or upheld appeal.
async fn appealable(
    tx: &mut Tx,
    ctx: &PeriodContext,
    unit_id: &str,
    item_code: &str,
) -> Result<(), ServiceError> {
    let Some(item) = assessment::item(ctx.assessment()?, item_code) else {
        return Err(ServiceError::invalid(
            "item_code",
            format!("考核标准中没有评分项 {item_code} (unknown item)"),
        ));
    };
    let unit = member(&mut **tx, &ctx.period.id, unit_id).await?;
    if unit.duty(item) == Duty::NotAssigned {
        return Err(ServiceError::invalid(
            "item_code",
            format!("评分项 {item_code} 不是该单位的考核内容，无需申诉 (not scored for this unit)"),
        ));
    }
    assessment::check_enabled("item_code", item, &ctx.options)?;
    let appeals =
        store::assessment::appeals::for_item_tx(tx, &ctx.period.id, unit_id, item_code).await?;
    if appeals.iter().any(|a| a.status != AppealStatus::Rejected) {
        return Err(ServiceError::Conflict(format!(
            "评分项 {item_code} 已有待裁决或已维持的申诉 (one open or upheld appeal per item)"
        )));
    }
    Ok(())
}
