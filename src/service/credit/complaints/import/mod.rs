//! Import of complaints and petitions (信访投诉台账) from a workbook, e.g. the 12345 hotline's
//! monthly work-order export, through the ledger and evaluation import machinery
//! (`sheet::read`, [`PaperSheet`], the annotated copy, [`CellProblem`]s):
//!
//! 1. read the file as the 信访投诉 sheet; check each row as a complaint typed in is checked
//!    ([`rows`]); a channel and number twice in the file is a problem;
//! 2. in one transaction, store each new complaint; leave one already there with the same
//!    content as it is (no audit entry); resolve one stored open that the file now shows
//!    resolved with otherwise the same content (the monthly export re-sent with its outcome);
//!    refuse one whose channel and number already name a different complaint;
//! 3. any problem → roll back and answer every problem (and, on request, the annotated copy);
//!    otherwise, when something changed, append the import's audit entry (file hash, counts)
//!    and commit. Re-importing the same file therefore changes nothing.

mod rows;

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::access::{Action, Principal, authorize};
use crate::service::audit::{self, Change};
use crate::service::credit::complaints::write::insert;
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::sheet::complaint::{self, GUIDE_NAME, REFERENCE, SHEET_NAME};
use crate::sheet::paper::PaperSheet;
use crate::sheet::{self, CellProblem};
use crate::store::credit::complaints::{self as store, ComplaintRow};

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ComplaintImportOutcome {
    pub dry_run: bool,
    /// Data rows in the file.
    pub rows: usize,
    /// Complaints created.
    pub created: usize,
    /// Complaints stored open that the file resolved.
    pub resolved: usize,
    /// Complaints already there with the same content, left as they were.
    pub unchanged: usize,
    /// Each row's complaint id, in file order (empty on a dry run).
    pub complaint_ids: Vec<String>,
    /// SHA-256 of the file, as recorded in the audit entry.
    pub file_sha256: String,
}

/// Reads `bytes` as the complaints sheet (off the async threads).
async fn read(bytes: Vec<u8>) -> Result<PaperSheet, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let table = sheet::read::read_table(&bytes, SHEET_NAME, GUIDE_NAME)?;
        Ok::<_, ServiceError>(PaperSheet::new(table, complaint::layout())?)
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the upload: {e}")))?
}

/// Imports `bytes`; with `dry_run` everything is checked, nothing written.
#[tracing::instrument(skip(state, who, bytes), fields(bytes = bytes.len()))]
pub async fn import(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<ComplaintImportOutcome, ServiceError> {
    let (_, result) = run(state, who, bytes, dry_run).await?;
    result.map_err(ServiceError::Rows)
}

/// Checks `bytes` like a dry run and returns the annotated copy with the number of problems.
pub async fn annotate(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
) -> Result<(Vec<u8>, usize), ServiceError> {
    let (sheet, result) = run(state, who, bytes, true).await?;
    let problems = result.err().unwrap_or_default();
    crate::service::workbook::annotated(vec![sheet.table], problems).await
}

type Run = (PaperSheet, Result<ComplaintImportOutcome, Vec<CellProblem>>);

/// What storing the rows did.
#[derive(Default)]
struct Stored {
    outcome: (usize, usize, usize),
    ids: Vec<String>,
    problems: Vec<CellProblem>,
}

/// The import: the sheet read, then its outcome (committed unless `dry_run`) or every problem.
async fn run(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<Run, ServiceError> {
    authorize(who, Action::WriteComplaints)?;
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let sheet = read(bytes).await?;
    let mut tx = state.db.begin().await?;
    let stored = store_rows(state, who, &mut tx, &sheet).await?;
    if !stored.problems.is_empty() {
        tx.rollback().await?;
        return Ok((sheet, Err(sheet::sort_problems(stored.problems, |_| 0))));
    }
    let (created, resolved, unchanged) = stored.outcome;
    let outcome = ComplaintImportOutcome {
        dry_run,
        rows: sheet.table.rows.len(),
        created,
        resolved,
        unchanged,
        complaint_ids: if dry_run { Vec::new() } else { stored.ids },
        file_sha256,
    };
    if dry_run || created + resolved == 0 {
        tx.rollback().await?;
    } else {
        record(&mut tx, state, who, &outcome).await?;
        tx.commit().await?;
    }
    Ok((sheet, Ok(outcome)))
}

/// Checks and stores every row in `tx`, collecting every problem.
async fn store_rows(
    state: &AppState,
    who: &Principal,
    tx: &mut crate::store::Tx,
    sheet: &PaperSheet,
) -> Result<Stored, ServiceError> {
    let projects = crate::store::ledger::projects::codes(&state.db.pool).await?;
    let mut look = rows::Lookups {
        projects: projects.into_iter().collect(),
        serving: Default::default(),
        today: state.db.clock.today(),
    };
    let mut out = Stored::default();
    let mut seen = HashSet::new();
    let at = state.db.clock.stamp();
    for row in &sheet.table.rows {
        let mut new = match rows::row_of(state, sheet, row, &mut look).await? {
            Ok(new) => new,
            Err(errors) => {
                out.problems.extend(
                    errors
                        .iter()
                        .map(|e| sheet.problem(row, &e.field, &e.message)),
                );
                continue;
            }
        };
        if !seen.insert((new.channel.clone(), new.reference.clone())) {
            out.problems.push(sheet.problem(
                row,
                REFERENCE,
                "同一受理渠道的编号在文件中出现了两次 (duplicate in the file)",
            ));
            continue;
        }
        new.created_at.clone_from(&at);
        new.updated_at.clone_from(&at);
        match store::by_reference_tx(tx, &new.channel, &new.reference).await? {
            None => {
                insert(state, who, tx, &new).await?;
                out.outcome.0 += 1;
                out.ids.push(new.id);
            }
            Some(old) => match merge(state, who, tx, old, &new).await? {
                Ok((id, resolved)) => {
                    if resolved {
                        out.outcome.1 += 1
                    } else {
                        out.outcome.2 += 1
                    }
                    out.ids.push(id);
                }
                Err(message) => out.problems.push(sheet.problem(row, REFERENCE, message)),
            },
        }
    }
    Ok(out)
}

/// A row whose channel and number are already stored: the same complaint (left as it is, or
/// resolved when the file now shows its resolution) or a conflict's message.
async fn merge(
    state: &AppState,
    who: &Principal,
    tx: &mut crate::store::Tx,
    old: ComplaintRow,
    new: &ComplaintRow,
) -> Result<Result<(String, bool), String>, ServiceError> {
    let same_complaint = old.project_id == new.project_id
        && old.received_on == new.received_on
        && old.category == new.category
        && old.summary == new.summary;
    let same_resolution = old.resolved_on == new.resolved_on
        && old.outcome == new.outcome
        && old.resolution == new.resolution;
    if !same_complaint || (!same_resolution && old.resolved_on.is_some()) {
        return Ok(Err(format!(
            "编号 {} 已登记为另一件投诉（受理日期 {}），内容与本行不同；请核对后在系统中更正 (number already used)",
            old.reference, old.received_on
        )));
    }
    if same_resolution || old.withdrawn_on.is_some() {
        return Ok(Ok((old.id, false)));
    }
    let after = ComplaintRow {
        resolved_on: new.resolved_on,
        outcome: new.outcome,
        resolution: new.resolution.clone(),
        ..old.clone()
    };
    let version = old.version;
    writer(&state.db, &Actor::from(who))
        .update(tx, old, after.clone(), version, ServiceError::from)
        .await?;
    Ok(Ok((after.id, true)))
}

/// The import's audit entry (the outcome, with the file's hash).
async fn record(
    tx: &mut crate::store::Tx,
    state: &AppState,
    who: &Principal,
    outcome: &ComplaintImportOutcome,
) -> Result<(), ServiceError> {
    let id = new_id();
    let change = Change {
        action: "complaint.import",
        subject_type: "complaint_import",
        subject_id: &id,
        before: None,
        after: Some(audit::snapshot(outcome)?),
        reason: None,
    };
    audit::append(tx, &state.db.clock, &Actor::from(who), change).await
}

/// The import template: the 信访投诉 sheet and a guide to the `[daily]` rules in force on `on`
/// (the complaints' day, as `2023-05-02`; today when absent).
pub async fn template(
    state: &AppState,
    who: &Principal,
    on: Option<&str>,
) -> Result<Vec<u8>, ServiceError> {
    authorize(who, Action::WriteComplaints)?;
    let day = match on {
        Some(text) => crate::domain::ledger::fields::date("on", text)
            .map_err(|e| ServiceError::Invalid(vec![e]))?,
        None => state.db.clock.today(),
    };
    let (rubric, rules) = super::rules_on(state, day, "on")?;
    let name = format!("{} 第 {} 版", rubric.header.title, rubric.header.version);
    crate::service::workbook::write("the template", move || complaint::template(&name, &rules))
        .await
}
