//! Objections (异议) to conduct records: the company objects to one of its records within the
//! credit rubric's `objection_days` from the day the record was entered (both ends counted);
//! the record counts while the objection waits. The bureau upholds it — the record is
//! withdrawn (撤销) from its own date, so it never counted, naming the objection — or rejects
//! it; the objection, both reasons and every audit entry stay.

use jiff::ToSpan;
use jiff::civil::Date;

use super::check_company;
use super::records::{ConductView, view};
use crate::domain::access::{Principal, Role};
use crate::domain::credit::EndKind;
use crate::domain::credit::evaluation::ObjectionStatus;
use crate::domain::rubric::model::Body;
use crate::domain::text::{self, Lines};
use crate::service::ledger::edit::{Writer, current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::record_objections::{self as store, RecordObjectionRow};
use crate::store::credit::{self as records, ConductRow};
use crate::store::is_unique_violation;

/// Longest reason, in characters.
pub const MAX_REASON: usize = 1000;

fn reason(raw: &str) -> Result<String, ServiceError> {
    text::required("reason", raw, MAX_REASON, Lines::Multi)
        .map_err(|e| ServiceError::Invalid(vec![e]))
}

/// An objection with the record it is about.
#[derive(Debug, Clone)]
pub struct ObjectionView {
    pub row: RecordObjectionRow,
    pub record: ConductView,
}

/// The company objects to its own record `record_id`.
#[tracing::instrument(skip(state, who, why))]
pub async fn lodge(
    state: &AppState,
    who: &Principal,
    record_id: &str,
    why: &str,
) -> Result<ObjectionView, ServiceError> {
    let why = reason(why)?;
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let record = found(records::find_tx(&mut tx, record_id).await?, record_id)?;
    let own = who.role == Role::Company && who.company_id.as_deref() == Some(&record.company_id);
    if !own {
        // Another company's record: as if it did not exist.
        return Err(ServiceError::NotFound(format!("信用记录 {record_id}")));
    }
    let company_name = check_company(state, who, &record.company_id).await?;
    if let (Some(day), Some(how)) = (record.ended_on, record.end_kind.as_deref()) {
        let how = how.parse::<EndKind>().map_or(how, |k| k.label());
        return Err(ServiceError::Conflict(format!(
            "该记录已于 {day} {how}，不再计分，无需提出异议 (record already ended)"
        )));
    }
    check_window(state, &record, today)?;
    let at = state.db.clock.stamp();
    let row = RecordObjectionRow {
        id: new_id(),
        record_id: record.id.clone(),
        company_id: record.company_id.clone(),
        reason: why,
        filed_on: today,
        status: ObjectionStatus::Pending,
        decided_on: None,
        decision_reason: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(&state.db, &Actor::from(who))
        .create(&mut tx, &row, |e| {
            if is_unique_violation(&e) {
                ServiceError::Conflict(
                    "该记录已提出过异议，每条记录只能提出一次 (objected once already)".into(),
                )
            } else {
                e.into()
            }
        })
        .await?;
    tx.commit().await?;
    Ok(ObjectionView {
        row,
        record: view(record, &company_name, state),
    })
}

/// The day `record` was entered, in Beijing: the objection window counts from it, since a
/// company learns of a record when it is entered, whatever date the decision bears.
fn entered_on(record: &ConductRow) -> Result<Date, ServiceError> {
    let at = crate::store::parse_ts(&record.created_at).map_err(|e| {
        ServiceError::Internal(anyhow::anyhow!("record {} created_at: {e}", record.id))
    })?;
    Ok(at.to_zoned(crate::domain::period::beijing()).date())
}

/// 409 once the rubric's window has passed (or when the rubric gives none).
fn check_window(state: &AppState, record: &ConductRow, today: Date) -> Result<(), ServiceError> {
    let days = u32::try_from(record.rubric_version)
        .ok()
        .and_then(|v| state.rubrics.get(&record.rubric_id, v))
        .map_or(0, |r| match &r.body {
            Body::Credit(c) => c.objection_days,
            _ => 0,
        });
    let entered = entered_on(record)?;
    let last = entered
        .checked_add(i64::from(days).days())
        .unwrap_or(entered);
    if days == 0 {
        return Err(ServiceError::Conflict(
            "信用评价标准未规定异议期，不能对信用记录提出异议 (no objection window)".into(),
        ));
    }
    if today > last {
        return Err(ServiceError::Conflict(format!(
            "异议期已过：记录于 {entered} 登记，评价标准规定 {days} 日内提出，最后一天为 {last} (objection window closed)"
        )));
    }
    Ok(())
}

/// The bureau upholds (`uphold = true`) or rejects objection `id`, against its version.
#[tracing::instrument(skip(state, who, why))]
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    uphold: bool,
    why: &str,
) -> Result<ObjectionView, ServiceError> {
    let why = reason(why)?;
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    if before.status != ObjectionStatus::Pending {
        return Err(ServiceError::Conflict(format!(
            "该异议已于 {} 认定为{}，不能再次决定 (already decided)",
            before.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            before.status.label()
        )));
    }
    let after = RecordObjectionRow {
        status: if uphold {
            ObjectionStatus::Upheld
        } else {
            ObjectionStatus::Rejected
        },
        decided_on: Some(state.db.clock.today()),
        decision_reason: Some(why.clone()),
        ..before.clone()
    };
    let actor = Actor::from(who);
    let w = writer(&state.db, &actor);
    let after = w
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    let record = found(
        records::find_tx(&mut tx, &after.record_id).await?,
        &after.record_id,
    )?;
    let record = if uphold {
        withdrawn(&w, &mut tx, record, &after, &why).await?
    } else {
        record
    };
    tx.commit().await?;
    let company_name = check_company(state, who, &record.company_id).await?;
    Ok(ObjectionView {
        row: after,
        record: view(record, &company_name, state),
    })
}

/// Withdraws `record` from its own date for upheld objection `o`: it never counted. A record
/// ended meanwhile (withdrawn or repaired later) is moved back to its date, the earlier end
/// kept in the audit trail.
async fn withdrawn(
    w: &Writer<'_>,
    tx: &mut crate::store::Tx,
    record: ConductRow,
    o: &RecordObjectionRow,
    why: &str,
) -> Result<ConductRow, ServiceError> {
    let after = ConductRow {
        ended_on: Some(record.recorded_on),
        end_kind: Some(EndKind::Withdrawn.code().to_owned()),
        end_reason: Some(format!("异议 {} 成立：{why}", o.id)),
        ..record.clone()
    };
    let v = record.version;
    w.update(tx, record, after, v, ServiceError::from).await
}

/// A company's objections, newest first (the bureau, reviewers and inspectors read any
/// company's; a company its own).
pub async fn list(
    state: &AppState,
    who: &Principal,
    company_id: &str,
) -> Result<Vec<RecordObjectionRow>, ServiceError> {
    check_company(state, who, company_id).await?;
    Ok(store::for_company(&state.db.pool, company_id).await?)
}

/// Every objection awaiting a decision, oldest first (for the bureau's worklist).
pub async fn pending(state: &AppState) -> Result<Vec<RecordObjectionRow>, ServiceError> {
    Ok(store::pending(&state.db.pool).await?)
}
