//! A company's objection (异议) to a finding of an accepted evaluation of its project, lodged
//! within the rubric's window (from the day of acceptance — or, for one dated back, the day it
//! was entered — both ends counted); the bureau
//! upholds it — the finding stops counting, the finding, objection and reasons stay — or
//! rejects it, with a reason either way.

use jiff::ToSpan;

use super::view::view;
use super::{EvaluationView, rubric_of};
use crate::domain::FieldError;
use crate::domain::access::{Principal, Role};
use crate::domain::credit::evaluation::{EvaluationStatus, ObjectionStatus};
use crate::domain::rubric::model::Body;
use crate::domain::text::{self, Lines};
use crate::service::ledger::edit::{current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::evaluations::{self as store, ObjectionRow};
use crate::store::is_unique_violation;

/// Longest reason, in characters.
const MAX_REASON: usize = 1000;

fn one(e: FieldError) -> ServiceError {
    ServiceError::Invalid(vec![e])
}

/// The company serving the project objects to finding `finding` of evaluation `id`.
#[tracing::instrument(skip(state, who, reason))]
pub async fn lodge(
    state: &AppState,
    who: &Principal,
    id: &str,
    finding: usize,
    reason: &str,
) -> Result<EvaluationView, ServiceError> {
    let reason = text::required("reason", reason, MAX_REASON, Lines::Multi).map_err(one)?;
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let row = found(store::find_tx(&mut tx, id).await?, id)?;
    let own = who.role == Role::Company && who.company_id.as_deref() == Some(&row.company_id);
    if !own || row.status != EvaluationStatus::Accepted {
        // Another company's, or not yet accepted: as if it did not exist.
        return Err(ServiceError::NotFound(format!("现场测评 {id}")));
    }
    if finding >= row.sheets.findings.len() {
        return Err(ServiceError::Absent(FieldError::new(
            "finding",
            format!(
                "该测评没有第 {finding} 条问题（共 {} 条，从 0 起数）(no such finding)",
                row.sheets.findings.len()
            ),
        )));
    }
    check_window(state, &row, today)?;
    let at = state.db.clock.stamp();
    let objection = ObjectionRow {
        id: new_id(),
        evaluation_id: row.id.clone(),
        finding: i64::try_from(finding).unwrap_or(i64::MAX),
        company_id: row.company_id.clone(),
        reason,
        filed_on: today,
        status: ObjectionStatus::Pending,
        decision_reason: None,
        decided_on: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(&state.db, &Actor::from(who))
        .create(&mut tx, &objection, |e| {
            if is_unique_violation(&e) {
                one(FieldError::new(
                    "finding",
                    format!("第 {finding} 条问题已提出过异议 (objected once already)"),
                ))
            } else {
                e.into()
            }
        })
        .await?;
    tx.commit().await?;
    view(state, row).await
}

/// 409 once the rubric's window after acceptance has passed (or when it gives none).
fn check_window(
    state: &AppState,
    row: &crate::store::credit::evaluations::EvaluationRow,
    today: jiff::civil::Date,
) -> Result<(), ServiceError> {
    let rubric = rubric_of(state, row)?;
    let days = match &rubric.body {
        Body::Assessment(a) => a.evaluation.objection_days,
        _ => 0,
    };
    let accepted = super::objection_opens(row).unwrap_or(today);
    let last = accepted
        .checked_add(i64::from(days).days())
        .unwrap_or(accepted);
    if days == 0 || today > last {
        return Err(ServiceError::ConflictOn(FieldError::new(
            "finding",
            format!(
                "异议期已过：异议期自 {accepted}（测评采纳并登记之日）起算，评分标准规定 {days} 日内提出，最后一天为 {last} (objection window closed)"
            ),
        )));
    }
    Ok(())
}

/// The bureau upholds (`uphold = true`) or rejects an objection, against its version.
#[tracing::instrument(skip(state, who, reason))]
pub async fn decide(
    state: &AppState,
    who: &Principal,
    objection_id: &str,
    version: i64,
    uphold: bool,
    reason: &str,
) -> Result<EvaluationView, ServiceError> {
    let reason = text::required("reason", reason, MAX_REASON, Lines::Multi).map_err(one)?;
    let mut tx = state.db.begin().await?;
    let before = found(
        store::objection_tx(&mut tx, objection_id).await?,
        objection_id,
    )?;
    current(&before, version)?;
    if before.status != ObjectionStatus::Pending {
        let was = before.status.label();
        return Err(ServiceError::Conflict(format!(
            "该异议已于 {} 认定为{was}，不能再次决定 (already decided)",
            before.decided_on.map(|d| d.to_string()).unwrap_or_default()
        )));
    }
    let after = ObjectionRow {
        status: if uphold {
            ObjectionStatus::Upheld
        } else {
            ObjectionStatus::Rejected
        },
        decision_reason: Some(reason),
        decided_on: Some(state.db.clock.today()),
        ..before.clone()
    };
    let evaluation_id = before.evaluation_id.clone();
    writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    let row = found(
        store::find_tx(&mut tx, &evaluation_id).await?,
        &evaluation_id,
    )?;
    if uphold {
        // The finding never counts again: the kept score follows at once.
        super::kept::keep(&mut tx, state, &row).await?;
    }
    tx.commit().await?;
    view(state, row).await
}
