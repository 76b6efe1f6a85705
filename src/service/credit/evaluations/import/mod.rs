//! Import of on-site evaluation results (第三方现场测评结果) delivered by the city's third-party
//! firm as a workbook, through the ledger and paper-survey import machinery (`sheet::read`,
//! [`PaperSheet`], the annotated copy, [`CellProblem`]s):
//!
//! 1. read the file as the 现场测评 sheet and read each row ([`rows`]); group the rows by
//!    project and visit day into one evaluation's sheets each ([`visits`]);
//! 2. check every visit as an evaluation typed in is checked ([`write::check`]);
//! 3. in one transaction, store each visit as **accepted** by the importing admin — the firm's
//!    delivered results are final — on the acceptance day the import states (default the
//!    import day; never before a visit nor after today), from which the evaluations count and
//!    the objection window runs; leave
//!    one already there with identical sheets as it is (no audit entry), and refuse one whose
//!    project and day already carry different sheets;
//! 4. any problem → roll back and answer every problem (and, on request, the annotated copy);
//!    otherwise, when something was created, record the import (file hash, counts, who, when)
//!    with its audit entry, and commit. Re-importing the same file therefore changes nothing.

mod rows;
mod visits;
mod write;

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::access::{Action, Principal, authorize};
use crate::domain::rubric::model::{Body, Kind};
use crate::service::audit::{self, Change};
use crate::service::credit::in_force;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::sheet::evaluation::{self, GUIDE_NAME, SHEET_NAME};
use crate::sheet::paper::PaperSheet;
use crate::sheet::{self, CellProblem};
use crate::store::credit::evaluation_imports::EvaluationImportRow;

pub use write::DIFFERENT;

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EvaluationImportOutcome {
    pub dry_run: bool,
    /// The acceptance day (采纳日期) given to the evaluations this import creates or accepts:
    /// from it they rate the projects and the objection window runs. Evaluations already
    /// accepted (`unchanged`) keep the day they were accepted on.
    pub accepted_on: jiff::civil::Date,
    /// Data rows in the file.
    pub rows: usize,
    /// Evaluations (project and visit day) in the file.
    pub evaluations: usize,
    /// Evaluations created, accepted on `accepted_on` (on a dry run: that would be).
    pub created: usize,
    /// Evaluations already there as a draft or submitted with the same sheets, accepted by
    /// the import (on a dry run: that would be).
    pub accepted: usize,
    /// Evaluations already accepted with the same sheets, left as they were.
    pub unchanged: usize,
    /// Each evaluation's id, in the order the file first names it (empty on a dry run for those
    /// not yet created).
    pub evaluation_ids: Vec<String>,
    /// SHA-256 of the file, as recorded.
    pub file_sha256: String,
    /// The import's record: none on a dry run or when nothing changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

/// A file read: its sheet and what its rows say.
struct Read {
    sheet: PaperSheet,
    lines: Vec<rows::Line>,
    problems: Vec<CellProblem>,
    spoiled: std::collections::HashSet<(String, jiff::civil::Date)>,
}

/// Reads `bytes` as the results sheet (off the async threads); project codes from the ledger.
async fn read(state: &AppState, bytes: Vec<u8>) -> Result<Read, ServiceError> {
    let projects: std::collections::HashMap<String, String> =
        crate::store::ledger::projects::codes(&state.db.pool)
            .await?
            .into_iter()
            .collect();
    let today = state.db.clock.today();
    tokio::task::spawn_blocking(move || {
        let table = sheet::read::read_table(&bytes, SHEET_NAME, GUIDE_NAME)?;
        let sheet = PaperSheet::new(table, evaluation::layout())?;
        let parsed = rows::parse(&sheet, &projects, today);
        Ok::<_, ServiceError>(Read {
            sheet,
            lines: parsed.lines,
            problems: parsed.problems,
            spoiled: parsed.spoiled,
        })
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the upload: {e}")))?
}

/// Imports `bytes`, accepted on `accepted_on` (`YYYY-MM-DD`, field `accepted_on`; today when
/// absent); with `dry_run` everything is checked, nothing written.
#[tracing::instrument(skip(state, who, bytes), fields(bytes = bytes.len()))]
pub async fn import(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
    accepted_on: Option<&str>,
) -> Result<EvaluationImportOutcome, ServiceError> {
    let (_, result) = run(state, who, bytes, dry_run, accepted_on).await?;
    result.map_err(ServiceError::Rows)
}

/// Checks `bytes` like a dry run and returns the annotated copy with the number of problems.
pub async fn annotate(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    accepted_on: Option<&str>,
) -> Result<(Vec<u8>, usize), ServiceError> {
    let (sheet, result) = run(state, who, bytes, true, accepted_on).await?;
    let problems = result.err().unwrap_or_default();
    crate::service::workbook::annotated(vec![sheet.table], problems).await
}

/// The acceptance day `raw` names (today when absent): not after today (422 `accepted_on`).
fn acceptance_day(state: &AppState, raw: Option<&str>) -> Result<jiff::civil::Date, ServiceError> {
    let today = state.db.clock.today();
    let Some(raw) = raw else {
        return Ok(today);
    };
    let one = |e| ServiceError::Invalid(vec![e]);
    let day = crate::domain::ledger::fields::date("accepted_on", raw).map_err(one)?;
    if day > today {
        return Err(one(crate::domain::FieldError::new(
            "accepted_on",
            format!("采纳日期 {day} 不能晚于今天 {today} (not after today)"),
        )));
    }
    Ok(day)
}

type Run = (
    PaperSheet,
    Result<EvaluationImportOutcome, Vec<CellProblem>>,
);

/// The import: the sheet read, then its outcome (committed unless `dry_run`) or every problem.
async fn run(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
    accepted_on: Option<&str>,
) -> Result<Run, ServiceError> {
    authorize(who, Action::DecideEvaluations)?;
    let accepted_on = acceptance_day(state, accepted_on)?;
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let read = read(state, bytes).await?;
    let rows = read.sheet.table.rows.len();
    let (mut visits, mut problems) = visits::group(&read.sheet, read.lines);
    problems.extend(read.problems);
    let evaluations = visits.len();
    visits.retain(|v| !read.spoiled.contains(&(v.project_id.clone(), v.day)));
    let (checked, more) = write::check(state, &read.sheet, visits, accepted_on).await?;
    problems.extend(more);
    let mut tx = state.db.begin().await?;
    let stored = write::store(&mut tx, state, who, &read.sheet, &checked, accepted_on).await?;
    problems.extend(stored.problems);
    if !problems.is_empty() {
        tx.rollback().await?;
        return Ok((read.sheet, Err(sheet::sort_problems(problems, |_| 0))));
    }
    let mut outcome = EvaluationImportOutcome {
        dry_run,
        accepted_on,
        rows,
        evaluations,
        created: stored.created,
        accepted: stored.accepted,
        unchanged: stored.unchanged,
        evaluation_ids: if dry_run { Vec::new() } else { stored.ids },
        file_sha256,
        import_id: None,
    };
    if dry_run || outcome.created + outcome.accepted == 0 {
        tx.rollback().await?;
    } else {
        outcome.import_id = Some(record(&mut tx, state, who, &outcome).await?);
        tx.commit().await?;
    }
    Ok((read.sheet, Ok(outcome)))
}

/// The import template: the 现场测评 sheet and a guide to the service-quality rubric in force
/// on `on` (the visits' day, as `2023-05-10`; today when absent): its items and finding codes.
pub async fn template(
    state: &AppState,
    who: &Principal,
    on: Option<&str>,
) -> Result<Vec<u8>, ServiceError> {
    authorize(who, Action::DecideEvaluations)?;
    let day = match on {
        Some(text) => crate::domain::ledger::fields::date("on", text)
            .map_err(|e| ServiceError::Invalid(vec![e]))?,
        None => state.db.clock.today(),
    };
    let rubric = in_force(state, Kind::ServiceQuality, day).ok_or_else(|| {
        ServiceError::Invalid(vec![crate::domain::FieldError::new(
            "on",
            format!("没有适用于 {day} 的物业服务质量检查评分标准，请用 on 指定检查日期 (no rubric in force)"),
        )])
    })?;
    let Body::Assessment(a) = &rubric.body else {
        return Err(ServiceError::Internal(anyhow::anyhow!(
            "not a points rubric"
        )));
    };
    let (name, a) = (
        format!("{} 第 {} 版", rubric.header.title, rubric.header.version),
        a.clone(),
    );
    crate::service::workbook::write("the template", move || evaluation::template(&name, &a)).await
}

/// A recorded import as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EvaluationImportRecord {
    pub id: String,
    /// SHA-256 of the file.
    pub file_sha256: String,
    /// Data rows in the file.
    pub rows: i64,
    /// Evaluations the file created.
    pub created: i64,
    /// Evaluations already accepted with the same sheets.
    pub unchanged: i64,
    /// Who imported it.
    pub imported_by: String,
    /// Beijing time with the offset.
    pub imported_at: String,
}

/// Every import that changed something, newest first (the bureau).
pub async fn list(
    state: &AppState,
    who: &Principal,
) -> Result<Vec<EvaluationImportRecord>, ServiceError> {
    authorize(who, Action::DecideEvaluations)?;
    let rows = crate::store::credit::evaluation_imports::list(&state.db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| EvaluationImportRecord {
            imported_at: crate::service::shown_at(&r.imported_at),
            id: r.id,
            file_sha256: r.file_sha256,
            rows: r.data_rows,
            created: r.created,
            unchanged: r.unchanged,
            imported_by: r.imported_by,
        })
        .collect())
}

/// Stores the import's record and its audit entry; returns the record's id.
async fn record(
    tx: &mut crate::store::Tx,
    state: &AppState,
    who: &Principal,
    outcome: &EvaluationImportOutcome,
) -> Result<String, ServiceError> {
    let clock = &state.db.clock;
    let actor = Actor::from(who);
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let row = EvaluationImportRow {
        id: new_id(),
        file_sha256: outcome.file_sha256.clone(),
        data_rows: count(outcome.rows),
        created: count(outcome.created),
        unchanged: count(outcome.unchanged),
        imported_by: actor.name.clone(),
        imported_at: clock.stamp(),
    };
    crate::store::insert_many(tx, std::slice::from_ref(&row)).await?;
    let change = Change {
        action: "evaluation.import",
        subject_type: "evaluation_import",
        subject_id: &row.id,
        before: None,
        after: Some(audit::snapshot(&row)?),
        reason: None,
    };
    audit::append(tx, clock, &actor, change).await?;
    Ok(row.id)
}
