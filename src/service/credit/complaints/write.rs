//! Entering a complaint, resolving it once, and withdrawing one entered in error. Each is one
//! transaction with its audit entry (the whole row before and after).

use jiff::civil::Date;

use super::{ComplaintView, rules_on, views};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::credit::complaint::{Outcome, due_on};
use crate::domain::ledger::fields;
use crate::domain::rubric::Rubric;
use crate::domain::rubric::daily::{ComplaintCategory, ComplaintChannel, DailyRules};
use crate::domain::text::{self, Lines};
use crate::service::credit::evaluations::write::serving;
use crate::service::ledger::edit::{current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::complaints::{self as store, ComplaintRow};
use crate::store::is_unique_violation;

/// Longest work-order or document number, summary and resolution text.
pub const MAX_REFERENCE: usize = 64;
pub const MAX_SUMMARY: usize = 1000;

/// A complaint as a client sends it (text, as typed).
#[derive(Debug, Clone, Default)]
pub struct ComplaintInput {
    pub project_id: String,
    pub channel: String,
    pub category: String,
    pub reference: String,
    pub received_on: String,
    pub summary: Option<String>,
    /// Resolved already (entered after the fact): the day, the outcome and how.
    pub resolution: Option<ResolutionInput>,
}

/// Resolving a complaint: the day, what handling found and how it was handled.
#[derive(Debug, Clone)]
pub struct ResolutionInput {
    pub resolved_on: String,
    pub outcome: Outcome,
    pub note: String,
}

fn invalid(field: &str, message: String) -> ServiceError {
    ServiceError::Invalid(vec![FieldError::new(field, message)])
}

fn day(field: &str, raw: &str, today: Date) -> Result<Date, ServiceError> {
    let d = fields::date(field, raw).map_err(|e| ServiceError::Invalid(vec![e]))?;
    if d > today {
        return Err(invalid(
            field,
            format!("日期 {d} 晚于今天 {today}，不能预先录入 (date in the future)"),
        ));
    }
    Ok(d)
}

/// The channel and category `input` names in `rules` (by code or title), or their errors.
fn codes<'r>(
    input: &ComplaintInput,
    rules: &'r DailyRules,
    errors: &mut Vec<FieldError>,
) -> (Option<&'r ComplaintChannel>, Option<&'r ComplaintCategory>) {
    let channel = rules.channel(input.channel.trim());
    if channel.is_none() {
        let known: Vec<String> = rules
            .channels
            .iter()
            .map(|c| format!("{}（{}）", c.title, c.code))
            .collect();
        errors.push(FieldError::new(
            "channel",
            format!(
                "受理渠道“{}”不在评价标准之列，可选：{} (unknown channel)",
                input.channel,
                known.join("、")
            ),
        ));
    }
    let category = rules.category(input.category.trim());
    if category.is_none() {
        let known: Vec<String> = rules
            .categories
            .iter()
            .map(|c| format!("{}（{}）", c.title, c.code))
            .collect();
        errors.push(FieldError::new(
            "category",
            format!(
                "投诉类别“{}”不在评价标准之列，可选：{} (unknown category)",
                input.category,
                known.join("、")
            ),
        ));
    }
    (channel, category)
}

/// The summary as kept: at most [`MAX_SUMMARY`] characters, no resident's phone or ID number.
pub(crate) fn summary(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let summary = text::optional("summary", raw, MAX_SUMMARY, Lines::Multi)?;
    if let Some(text) = &summary {
        crate::domain::privacy::no_personal_numbers("summary", text)?;
    }
    Ok(summary)
}

/// The row a complaint's fields make under `rubric` received on `received_on`, after every
/// rule but the serving company (left empty, as are the stamps); every field's error at once.
pub(crate) fn drafted(
    input: &ComplaintInput,
    rubric: &Rubric,
    rules: &DailyRules,
    received_on: Date,
    today: Date,
) -> Result<ComplaintRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let (channel, category) = codes(input, rules, &mut errors);
    let reference = text::required("reference", &input.reference, MAX_REFERENCE, Lines::Single)
        .map_err(|e| errors.push(e))
        .ok();
    let summary = summary(input.summary.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    let resolution = match &input.resolution {
        Some(r) => resolution(r, received_on, today)
            .map(Some)
            .map_err(|e| errors.extend(e))
            .ok(),
        None => Some(None),
    };
    let (Some(channel), Some(category), Some(reference), Some(summary), Some(resolution), true) = (
        channel,
        category,
        reference,
        summary,
        resolution,
        errors.is_empty(),
    ) else {
        return Err(errors);
    };
    Ok(ComplaintRow {
        id: new_id(),
        project_id: input.project_id.trim().to_owned(),
        company_id: String::new(),
        rubric_id: rubric.header.id.clone(),
        rubric_version: i64::from(rubric.header.version),
        channel: channel.code.clone(),
        category: category.code.clone(),
        reference,
        received_on,
        due_on: due_on(received_on, channel.limit_days),
        summary,
        resolved_on: resolution.as_ref().map(|r| r.0),
        outcome: resolution.as_ref().map(|r| r.1),
        resolution: resolution.map(|r| r.2),
        withdrawn_on: None,
        withdrawn_reason: None,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
    })
}

/// Enters a complaint about `input.project_id`, for the company serving it on the day received.
#[tracing::instrument(skip(state, who, input))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &ComplaintInput,
) -> Result<ComplaintView, ServiceError> {
    let today = state.db.clock.today();
    let received_on = day("received_on", &input.received_on, today)?;
    let (rubric, rules) = rules_on(state, received_on, "received_on")?;
    let mut row =
        drafted(input, &rubric, &rules, received_on, today).map_err(ServiceError::Invalid)?;
    row.company_id = serving(state, &row.project_id, received_on, "received_on").await?;
    let at = state.db.clock.stamp();
    row.created_at.clone_from(&at);
    row.updated_at = at;
    let mut tx = state.db.begin().await?;
    insert(state, who, &mut tx, &row).await?;
    tx.commit().await?;
    one(state, row).await
}

/// Inserts `row` with its audit entry, refusing a number already used on its channel.
pub(crate) async fn insert(
    state: &AppState,
    who: &Principal,
    tx: &mut crate::store::Tx,
    row: &ComplaintRow,
) -> Result<(), ServiceError> {
    writer(&state.db, &Actor::from(who))
        .create(tx, row, |e| duplicate(e, &row.reference))
        .await?;
    // The deadline came from this version: it may no longer change.
    crate::store::rubrics::mark_scored(tx, &row.rubric_id, row.rubric_version, &row.created_at)
        .await?;
    Ok(())
}

async fn one(state: &AppState, row: ComplaintRow) -> Result<ComplaintView, ServiceError> {
    let id = row.id.clone();
    views(state, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ServiceError::NotFound(format!("信访投诉 {id}")))
}

fn duplicate(e: sqlx::Error, reference: &str) -> ServiceError {
    if is_unique_violation(&e) {
        invalid(
            "reference",
            format!(
                "编号 {reference} 在该受理渠道已登记过，同一件投诉不能重复登记 (duplicate number)"
            ),
        )
    } else {
        e.into()
    }
}

/// A resolution's day (between receipt and today) and note, checked.
fn resolution(
    r: &ResolutionInput,
    received_on: Date,
    today: Date,
) -> Result<(Date, Outcome, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let on = fields::date("resolved_on", &r.resolved_on)
        .map_err(|e| errors.push(e))
        .ok();
    if let Some(d) = on
        && (d < received_on || d > today)
    {
        errors.push(FieldError::new("resolved_on", format!("办结日期 {d} 须在受理日期 {received_on} 与今天 {today} 之间 (between receipt and today)")));
    }
    let note = text::required("note", &r.note, MAX_SUMMARY, Lines::Multi)
        .and_then(|n| crate::domain::privacy::no_personal_numbers("note", &n).map(|()| n))
        .map_err(|e| errors.push(e))
        .ok();
    match (on, note) {
        (Some(on), Some(note)) if errors.is_empty() => Ok((on, r.outcome, note)),
        _ => Err(errors),
    }
}

/// Resolves complaint `id` once, against the version last read.
#[tracing::instrument(skip(state, who, input))]
pub async fn resolve(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &ResolutionInput,
) -> Result<ComplaintView, ServiceError> {
    let today = state.db.clock.today();
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    if let Some(on) = before.resolved_on {
        return Err(ServiceError::Conflict(format!(
            "该投诉已于 {on} 办结，不能再次办结 (already resolved)"
        )));
    }
    ended(&before)?;
    let (on, outcome, note) =
        resolution(input, before.received_on, today).map_err(ServiceError::Invalid)?;
    let after = ComplaintRow {
        resolved_on: Some(on),
        outcome: Some(outcome),
        resolution: Some(note),
        ..before.clone()
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    tx.commit().await?;
    one(state, after).await
}

fn ended(row: &ComplaintRow) -> Result<(), ServiceError> {
    match row.withdrawn_on {
        Some(on) => Err(ServiceError::Conflict(format!(
            "该投诉已于 {on} 撤销 (withdrawn)"
        ))),
        None => Ok(()),
    }
}

/// Withdraws complaint `id` (entered in error) from `on` (default today): it counts on the
/// days before only, and stays in the record with the reason.
#[tracing::instrument(skip(state, who, reason))]
pub async fn withdraw(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    on: Option<&str>,
    reason: &str,
) -> Result<ComplaintView, ServiceError> {
    let today = state.db.clock.today();
    let reason = text::required("reason", reason, MAX_SUMMARY, Lines::Multi)
        .map_err(|e| ServiceError::Invalid(vec![e]))?;
    let on = match on {
        Some(raw) => fields::date("on", raw).map_err(|e| ServiceError::Invalid(vec![e]))?,
        None => today,
    };
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    ended(&before)?;
    if on < before.received_on || on > today {
        return Err(invalid(
            "on",
            format!(
                "撤销日期须在受理日期 {} 与今天 {today} 之间 (between receipt and today)",
                before.received_on
            ),
        ));
    }
    let after = ComplaintRow {
        withdrawn_on: Some(on),
        withdrawn_reason: Some(reason),
        ..before.clone()
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    tx.commit().await?;
    one(state, after).await
}
