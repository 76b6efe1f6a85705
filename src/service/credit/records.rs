//! Conduct records (良好 / 不良行为记录): the bureau enters them against the `credit` rubric in
//! force on the record's date, and ends one early — withdrawn (撤销) or repaired (信用修复) —
//! with a reason. A record is never edited or deleted: its row stays, with the day it stopped
//! counting, and every change has its audit entry.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{check_company, rubric_on};
use crate::domain::access::Principal;
use crate::domain::credit::{ConductEntry, ConductFields, EndKind};
use crate::domain::ledger::fields;
use crate::domain::rubric::credit::{Conduct, RecordType};
use crate::domain::text::{self, Lines};
use crate::service::ledger::edit::{current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::{self as store, ConductRow};
use crate::store::is_unique_violation;

/// A conduct record as a client sends it (text, as typed).
#[derive(Debug, Clone, Default)]
pub struct ConductInput {
    pub kind: String,
    pub recorded_on: String,
    pub reference: String,
    pub issuer: String,
    pub points: Option<String>,
    pub valid_until: Option<String>,
    pub rectify_by: Option<String>,
    pub note: Option<String>,
}

/// Ending a record early, against the version last read.
#[derive(Debug, Clone)]
pub struct EndInput {
    pub version: i64,
    pub how: EndKind,
    /// The first day it no longer counts (default: today, Beijing).
    pub on: Option<String>,
    pub reason: String,
}

/// A conduct record as the service shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConductView {
    pub row: ConductRow,
    pub company_name: String,
    /// The kind's title in its rubric.
    pub kind_title: String,
    /// Good or bad conduct.
    pub conduct: Conduct,
    /// The first day a repair may be applied for (bad, repairable kinds).
    pub repair_from: Option<jiff::civil::Date>,
}

/// The kind of `row` in the rubric version it was typed by.
pub(crate) fn kind_of(state: &AppState, row: &ConductRow) -> Option<RecordType> {
    u32::try_from(row.rubric_version)
        .ok()
        .and_then(|v| state.rubrics.get(&row.rubric_id, v))
        .and_then(|r| match &r.body {
            crate::domain::rubric::model::Body::Credit(c) => {
                c.records.iter().find(|t| t.code == row.kind).cloned()
            }
            _ => None,
        })
}

pub(crate) fn view(row: ConductRow, company_name: &str, state: &AppState) -> ConductView {
    let kind = kind_of(state, &row);
    let conduct = if row.points < Decimal::ZERO {
        Conduct::Bad
    } else {
        Conduct::Good
    };
    let repair_from = kind
        .as_ref()
        .filter(|_| conduct == Conduct::Bad)
        .and_then(|k| crate::domain::credit::repair::eligible_from(k, row.recorded_on));
    ConductView {
        repair_from,
        kind_title: kind.map_or_else(|| row.kind.clone(), |k| k.title),
        conduct,
        company_name: company_name.to_owned(),
        row,
    }
}

/// Records a conduct record of `company_id`.
#[tracing::instrument(skip(state, who, input))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    company_id: &str,
    input: &ConductInput,
) -> Result<ConductView, ServiceError> {
    let company_name = check_company(state, who, company_id).await?;
    let mut row = drafted(state, company_id, input)?;
    let at = state.db.clock.stamp();
    row.created_at.clone_from(&at);
    row.updated_at = at;
    let mut tx = state.db.begin().await?;
    insert(state, who, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(view(row, &company_name, state))
}

/// The row `input` makes for `company_id` under the credit rubric in force on its date, after
/// every rule (stamps left empty); field errors all at once.
pub(crate) fn drafted(
    state: &AppState,
    company_id: &str,
    input: &ConductInput,
) -> Result<ConductRow, ServiceError> {
    let today = state.db.clock.today();
    let day = fields::date("recorded_on", &input.recorded_on)
        .map_err(|e| ServiceError::Invalid(vec![e]))?;
    let (rubric, spec) = rubric_on(state, day, "recorded_on")?;
    let entry =
        ConductEntry::parse(&fields_of(input), &spec, today).map_err(ServiceError::Invalid)?;
    Ok(ConductRow {
        id: new_id(),
        company_id: company_id.to_owned(),
        rubric_id: rubric.header.id.clone(),
        rubric_version: i64::from(rubric.header.version),
        kind: entry.kind.code.clone(),
        recorded_on: entry.recorded_on,
        reference: entry.reference.clone(),
        issuer: entry.issuer.clone(),
        points: entry.signed_points(),
        valid_until: entry.valid_until,
        rectify_by: entry.rectify_by,
        note: entry.note.clone(),
        ended_on: None,
        end_kind: None,
        end_reason: None,
        rectified_on: None,
        rectification_note: None,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
    })
}

/// Inserts `row` with its audit entry; a document number already used for the company is a 422.
pub(crate) async fn insert(
    state: &AppState,
    who: &Principal,
    tx: &mut crate::store::Tx,
    row: &ConductRow,
) -> Result<(), ServiceError> {
    writer(&state.db, &Actor::from(who))
        .create(tx, row, |e| duplicate(e, &row.reference))
        .await?;
    // The record's points are its kind's in this version: the version may no longer change.
    crate::store::rubrics::mark_scored(tx, &row.rubric_id, row.rubric_version, &row.created_at)
        .await?;
    Ok(())
}

fn fields_of(i: &ConductInput) -> ConductFields<'_> {
    ConductFields {
        kind: &i.kind,
        recorded_on: &i.recorded_on,
        reference: &i.reference,
        issuer: &i.issuer,
        points: i.points.as_deref(),
        valid_until: i.valid_until.as_deref(),
        rectify_by: i.rectify_by.as_deref(),
        note: i.note.as_deref(),
    }
}

fn duplicate(e: sqlx::Error, reference: &str) -> ServiceError {
    if is_unique_violation(&e) {
        ServiceError::Invalid(vec![crate::domain::FieldError::new(
            "reference",
            format!(
                "文号 {reference} 已登记过该企业的信用记录，同一文件不能重复登记 (duplicate document number)"
            ),
        )])
    } else {
        e.into()
    }
}

/// Ends a record early (withdrawn or repaired) from `on` (default today): it counts on the days
/// before only. A record ends once.
#[tracing::instrument(skip(state, who, input))]
pub async fn end(
    state: &AppState,
    who: &Principal,
    id: &str,
    input: &EndInput,
) -> Result<ConductView, ServiceError> {
    let today = state.db.clock.today();
    let reason = text::required("reason", &input.reason, 1000, Lines::Multi).map_err(one)?;
    let on = match input.on.as_deref() {
        Some(raw) => fields::date("on", raw).map_err(one)?,
        None => today,
    };
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    let company_name = check_company(state, who, &before.company_id).await?;
    current(&before, input.version)?;
    check_end(&before, on, today)?;
    if input.how == EndKind::Repaired {
        return Err(one(crate::domain::FieldError::new(
            "how",
            "信用修复须由企业在整改验收、最短公示期满后申请，经住建局审核（见信用修复申请），不能直接终止 (repair goes through an application)",
        )));
    }
    let after = ConductRow {
        ended_on: Some(on),
        end_kind: Some(input.how.code().to_owned()),
        end_reason: Some(reason),
        ..before.clone()
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, input.version, ServiceError::from)
        .await?;
    tx.commit().await?;
    Ok(view(after, &company_name, state))
}

fn one(e: crate::domain::FieldError) -> ServiceError {
    ServiceError::Invalid(vec![e])
}

fn check_end(row: &ConductRow, on: Date, today: Date) -> Result<(), ServiceError> {
    if let (Some(day), Some(how)) = (row.ended_on, row.end_kind.as_deref()) {
        let how = how
            .parse::<EndKind>()
            .map_or(how.to_owned(), |k| k.label().to_owned());
        return Err(ServiceError::Conflict(format!(
            "该记录已于 {day} {how}，不能再次终止 (already ended)"
        )));
    }
    if on < row.recorded_on || on > today {
        return Err(one(crate::domain::FieldError::new(
            "on",
            format!(
                "终止日期须在记录日期 {} 与今天 {today} 之间 (between the record date and today)",
                row.recorded_on
            ),
        )));
    }
    Ok(())
}

/// A company's records, newest first.
pub async fn list(
    state: &AppState,
    who: &Principal,
    company_id: &str,
) -> Result<Vec<ConductView>, ServiceError> {
    let company_name = check_company(state, who, company_id).await?;
    Ok(store::for_company(&state.db.pool, company_id)
        .await?
        .into_iter()
        .map(|r| view(r, &company_name, state))
        .collect())
}
