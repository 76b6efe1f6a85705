//! Review teams (考核组): creation, assignment to units, declared conflicts of interest.

use serde::Serialize;

use super::load_period_tx;
use crate::domain::access::{Principal, Role};
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::teams::TeamRow};

/// A team as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TeamView {
    pub id: String,
    pub name: String,
}

/// Creates a review team.
pub async fn create(
    state: &AppState,
    who: &Principal,
    name: &str,
) -> Result<TeamView, ServiceError> {
    let actor = &Actor::from(who);
    let name = text::required("name", name, 100, Lines::Single)?;
    let row = TeamRow {
        id: crate::service::new_id(),
        name,
        created_at: state.db.clock.stamp(),
    };
    let mut tx = state.db.begin().await?;
    store::assessment::teams::insert(&mut tx, &row).await?;
    let view = TeamView {
        id: row.id.clone(),
        name: row.name.clone(),
    };
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "team.create",
            subject_type: "team",
            subject_id: &row.id,
            before: None,
            after: Some(audit::snapshot(&view)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// Lists teams.
pub async fn list(state: &AppState) -> Result<Vec<TeamView>, ServiceError> {
    Ok(store::assessment::teams::list(&state.db.pool)
        .await?
        .into_iter()
        .map(|t| TeamView {
            id: t.id,
            name: t.name,
        })
        .collect())
}

/// Assigns a team to re-check a unit of a period.
pub async fn assign(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    team_id: &str,
    unit_id: &str,
) -> Result<(), ServiceError> {
    let actor = &Actor::from(who);
    let mut tx = state.db.begin().await?;
    load_period_tx(state, &mut tx, period_id).await?;
    if !store::assessment::teams::exists(&mut tx, team_id).await? {
        return Err(ServiceError::invalid(
            "team_id",
            format!("考核组 {team_id} 不存在 (no such team)"),
        ));
    }
    if store::assessment::periods::find_unit(&mut *tx, period_id, unit_id)
        .await?
        .is_none()
    {
        return Err(ServiceError::invalid(
            "unit_id",
            format!("单位 {unit_id} 不在该考核周期中 (unit not in period)"),
        ));
    }
    store::assessment::teams::assign(&mut tx, period_id, team_id, unit_id).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "team.assign",
            subject_type: "assessment",
            subject_id: &super::subject(period_id, unit_id, None),
            before: None,
            after: Some(audit::snapshot(&team_id)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Declares that a reviewer must not re-check a unit. The admin declares for anyone; a
/// reviewer only for themself.
pub async fn declare_conflict(
    state: &AppState,
    who: &Principal,
    reviewer_id: &str,
    unit_id: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    if who.role != Role::Admin && who.token_id != reviewer_id {
        return Err(ServiceError::Refused(
            "复核人员只能为本人申报利益冲突 (only for yourself)".into(),
        ));
    }
    let reason = text::required("reason", reason, 500, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    // A declared conflict drops the reviewer's scores of the unit; once those are on public
    // notice or final, that would change published results (or block 定稿 with a dispute no one
    // can settle), so the way is an appeal instead.
    let settled =
        store::assessment::reviews::settled_periods(&mut tx, reviewer_id, unit_id).await?;
    if !settled.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "该复核人员对该单位的复核已进入公示或定稿（{}），不能再申报利益冲突；对复核结果有异议请通过申诉处理 (re-check already published)",
            settled.join("、")
        )));
    }
    store::assessment::teams::declare_conflict(
        &mut tx,
        reviewer_id,
        unit_id,
        &reason,
        &state.db.clock.stamp(),
    )
    .await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "reviewer.conflict",
            subject_type: "reviewer",
            subject_id: reviewer_id,
            before: None,
            after: Some(audit::snapshot(&unit_id)?),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
