//! Credit repair (信用修复): the bureau records that a bad record's rectification was accepted
//! (整改验收); after the kind's minimum publicity period the company applies; the bureau
//! approves — the record ends as repaired from the decision day and stays in the history with
//! the decision — or rejects with a reason. Every step is one transaction with its audit entry.

use jiff::civil::Date;

use super::check_company;
use super::records::{ConductView, kind_of, view};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::credit::EndKind;
use crate::domain::credit::repair::{RepairFacts, RepairStatus, may_apply};
use crate::domain::ledger::fields;
use crate::domain::text::{self, Lines};
use crate::service::ledger::edit::{current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::repairs::{self as store, RepairRow};
use crate::store::credit::{self as records, ConductRow};

/// Longest reason or note.
pub const MAX_TEXT: usize = 1000;

fn invalid(field: &str, message: String) -> ServiceError {
    ServiceError::Invalid(vec![FieldError::new(field, message)])
}

fn reason(field: &str, raw: &str) -> Result<String, ServiceError> {
    text::required(field, raw, MAX_TEXT, Lines::Multi).map_err(|e| ServiceError::Invalid(vec![e]))
}

/// A day given as `raw` (default today) between `from` and today, or a 422 on `field`.
fn day_between(
    field: &str,
    raw: Option<&str>,
    from: Date,
    today: Date,
) -> Result<Date, ServiceError> {
    let day = match raw {
        Some(raw) => fields::date(field, raw).map_err(|e| ServiceError::Invalid(vec![e]))?,
        None => today,
    };
    if day < from || day > today {
        return Err(invalid(
            field,
            format!("日期须在 {from} 与今天 {today} 之间 (out of range)"),
        ));
    }
    Ok(day)
}

/// Records that the rectification of bad record `id` was accepted on `on` (default today).
#[tracing::instrument(skip(state, who, note))]
pub async fn rectify(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    on: Option<&str>,
    note: &str,
) -> Result<ConductView, ServiceError> {
    let note = reason("note", note)?;
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let before = found(records::find_tx(&mut tx, id).await?, id)?;
    let company_name = check_company(state, who, &before.company_id).await?;
    current(&before, version)?;
    if !before.points.is_sign_negative()
        || before.ended_on.is_some()
        || before.rectified_on.is_some()
    {
        return Err(ServiceError::Conflict(
            "只有未终止、未验收整改的不良行为记录可以登记整改验收 (not an open bad record)".into(),
        ));
    }
    let on = day_between("on", on, before.recorded_on, today)?;
    let after = ConductRow {
        rectified_on: Some(on),
        rectification_note: Some(note),
        ..before.clone()
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    tx.commit().await?;
    Ok(view(after, &company_name, state))
}

/// The company applies to repair its bad record `id`.
#[tracing::instrument(skip(state, who, why))]
pub async fn apply(
    state: &AppState,
    who: &Principal,
    id: &str,
    why: &str,
) -> Result<RepairRow, ServiceError> {
    let why = reason("reason", why)?;
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let record = found(records::find_tx(&mut tx, id).await?, id)?;
    check_company(state, who, &record.company_id).await?;
    let kind = kind_of(state, &record).ok_or_else(|| {
        ServiceError::Internal(anyhow::anyhow!("record {id} names a kind not loaded"))
    })?;
    may_apply(&kind, &facts(&record), today).map_err(ServiceError::Conflict)?;
    let earlier = store::for_record_tx(&mut tx, id).await?;
    if earlier.iter().any(|a| a.status == RepairStatus::Pending) {
        return Err(ServiceError::Conflict(
            "该记录已有待审核的信用修复申请 (an application is pending)".into(),
        ));
    }
    let at = state.db.clock.stamp();
    let row = RepairRow {
        id: new_id(),
        record_id: record.id.clone(),
        company_id: record.company_id.clone(),
        applied_on: today,
        reason: why,
        status: RepairStatus::Pending,
        decided_on: None,
        decision_reason: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(&state.db, &Actor::from(who))
        .create(&mut tx, &row, ServiceError::from)
        .await?;
    tx.commit().await?;
    Ok(row)
}

fn facts(r: &ConductRow) -> RepairFacts {
    RepairFacts {
        bad: r.points.is_sign_negative(),
        recorded_on: r.recorded_on,
        ended_on: r.ended_on,
        rectified_on: r.rectified_on,
        valid_until: r.valid_until,
    }
}

/// The bureau's decision on application `id`: approving ends the record as repaired from the
/// decision day (default today).
#[tracing::instrument(skip(state, who, why))]
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    approve: bool,
    on: Option<&str>,
    why: &str,
) -> Result<RepairRow, ServiceError> {
    let why = reason("reason", why)?;
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    if before.status != RepairStatus::Pending {
        return Err(ServiceError::Conflict(format!(
            "该申请已于 {} 审核（{}），不能再次审核 (already decided)",
            before.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            before.status.label()
        )));
    }
    let on = day_between("on", on, before.applied_on, today)?;
    let status = if approve {
        RepairStatus::Approved
    } else {
        RepairStatus::Rejected
    };
    let after = RepairRow {
        status,
        decided_on: Some(on),
        decision_reason: Some(why.clone()),
        ..before.clone()
    };
    let actor = Actor::from(who);
    let w = writer(&state.db, &actor);
    let after = w
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    if approve {
        repaired(&w, &mut tx, &after, on, &why).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// Ends the record of approved application `a` as repaired from `on`.
async fn repaired(
    w: &crate::service::ledger::edit::Writer<'_>,
    tx: &mut crate::store::Tx,
    a: &RepairRow,
    on: Date,
    why: &str,
) -> Result<(), ServiceError> {
    let record = found(records::find_tx(tx, &a.record_id).await?, &a.record_id)?;
    if record.ended_on.is_some() {
        return Err(ServiceError::Conflict(
            "该记录已终止 (record already ended)".into(),
        ));
    }
    let ended = ConductRow {
        ended_on: Some(on),
        end_kind: Some(EndKind::Repaired.code().to_owned()),
        end_reason: Some(format!("信用修复申请 {} 准予修复：{why}", a.id)),
        ..record.clone()
    };
    let v = record.version;
    w.update(tx, record, ended, v, ServiceError::from).await?;
    Ok(())
}

/// A company's applications, newest first.
pub async fn list(
    state: &AppState,
    who: &Principal,
    company_id: &str,
) -> Result<Vec<RepairRow>, ServiceError> {
    check_company(state, who, company_id).await?;
    Ok(store::for_company(&state.db.pool, company_id).await?)
}
