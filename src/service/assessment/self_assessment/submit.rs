//! Submitting a self-assessment, and sending one back for correction (退回补正).

use super::save::{bump, editable};
use super::{SelfAssessmentView, view};
use crate::domain::access::Principal;
use crate::domain::review::SelfStatus;
use crate::domain::text::{self, Lines};
use crate::service::assessment::{Standing, load_period_tx, standing, subject};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store;

/// Submits the self-assessment; after this only a send-back reopens it.
#[tracing::instrument(skip(state, who))]
pub async fn submit(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    version: i64,
) -> Result<SelfAssessmentView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "只有被考核单位本身可以提交自评 (only the unit itself)".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let Some(mut row) = editable(&mut tx, &ctx, unit_id, version, state.db.clock.now()).await?
    else {
        return Err(ServiceError::Conflict(
            "尚未填写任何自评项，不能提交 (nothing to submit)".into(),
        ));
    };
    let before = row.status;
    row.status = SelfStatus::Submitted;
    row.submitted_at = Some(state.db.clock.stamp());
    bump(&mut tx, &mut row, version, state.db.clock.stamp()).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "self_assessment.submit",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&row.status)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    view(state, who, period_id, unit_id).await
}

/// Sends a submitted self-assessment back for correction (退回补正), with the reason.
#[tracing::instrument(skip(state, who, reason))]
pub async fn send_back(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    reason: &str,
) -> Result<SelfAssessmentView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? == Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "单位不能退回自己的自评 (only the bureau or the review team)".into(),
        ));
    }
    let reason = text::required("reason", reason, 2000, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    crate::domain::workflow::send_back_open(ctx.phase)?;
    let mut row = store::assessment::self_scores::find(&mut tx, period_id, unit_id)
        .await?
        .filter(|a| a.status == SelfStatus::Submitted)
        .ok_or_else(|| {
            ServiceError::Conflict(
                "只有已提交的自评可以退回 (only a submitted self-assessment)".into(),
            )
        })?;
    let expected = row.version;
    row.status = SelfStatus::Returned;
    row.returned_reason = Some(reason.clone());
    bump(&mut tx, &mut row, expected, state.db.clock.stamp()).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "self_assessment.send_back",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: Some(audit::snapshot(&SelfStatus::Submitted)?),
            after: Some(audit::snapshot(&SelfStatus::Returned)?),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    view(state, who, period_id, unit_id).await
}
