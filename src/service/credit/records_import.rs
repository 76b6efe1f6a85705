//! Import of conduct records (信用记录) from a workbook, through the same machinery as the
//! ledger, evaluation and complaint imports (`sheet::read`, [`PaperSheet`], the annotated copy,
//! [`CellProblem`]s): each row checked as a record typed in ([`records::drafted`]); a company
//! and document number twice in the file is a problem; in one transaction new records are
//! stored, one already there with the same content is left as it is (no audit entry), one whose
//! number already names a different record is refused; any problem rolls everything back.
//! Re-importing the same file changes nothing.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::records::{self, ConductInput};
use crate::domain::FieldError;
use crate::domain::access::{Action, Principal, authorize};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::sheet::conduct::{self, COMPANY, GUIDE_NAME, REFERENCE, SHEET_NAME};
use crate::sheet::paper::PaperSheet;
use crate::sheet::{self, CellProblem, RawRow};
use crate::store::credit::{self as store, ConductRow};

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ConductImportOutcome {
    pub dry_run: bool,
    /// Data rows in the file.
    pub rows: usize,
    /// Records created.
    pub created: usize,
    /// Records already there with the same content, left as they were.
    pub unchanged: usize,
    /// Each row's record id, in file order (empty on a dry run).
    pub record_ids: Vec<String>,
    /// SHA-256 of the file, as recorded in the audit entry.
    pub file_sha256: String,
}

/// Imports `bytes`; with `dry_run` everything is checked, nothing written.
#[tracing::instrument(skip(state, who, bytes), fields(bytes = bytes.len()))]
pub async fn import(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<ConductImportOutcome, ServiceError> {
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

type Run = (PaperSheet, Result<ConductImportOutcome, Vec<CellProblem>>);

async fn run(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<Run, ServiceError> {
    authorize(who, Action::WriteCredit)?;
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let sheet = tokio::task::spawn_blocking(move || {
        let table = sheet::read::read_table(&bytes, SHEET_NAME, GUIDE_NAME)?;
        Ok::<_, ServiceError>(PaperSheet::new(table, conduct::layout())?)
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the upload: {e}")))??;
    let mut tx = state.db.begin().await?;
    let (created, ids, problems) = store_rows(state, who, &mut tx, &sheet).await?;
    if !problems.is_empty() {
        tx.rollback().await?;
        return Ok((sheet, Err(sheet::sort_problems(problems, |_| 0))));
    }
    let outcome = ConductImportOutcome {
        dry_run,
        rows: sheet.table.rows.len(),
        created,
        unchanged: ids.len() - created,
        record_ids: if dry_run { Vec::new() } else { ids },
        file_sha256,
    };
    if dry_run || created == 0 {
        tx.rollback().await?;
    } else {
        record(&mut tx, state, who, &outcome).await?;
        tx.commit().await?;
    }
    Ok((sheet, Ok(outcome)))
}

/// Checks and stores every row in `tx`: the number created, each row's id, every problem.
async fn store_rows(
    state: &AppState,
    who: &Principal,
    tx: &mut crate::store::Tx,
    sheet: &PaperSheet,
) -> Result<(usize, Vec<String>, Vec<CellProblem>), ServiceError> {
    let mut companies = HashMap::new();
    for (id, code, name) in store::company_keys(&state.db.pool).await? {
        companies.insert(code, id.clone());
        companies.entry(name).or_insert(id);
    }
    let (mut created, mut ids, mut problems) = (0, Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    let at = state.db.clock.stamp();
    for row in &sheet.table.rows {
        let mut new = match row_of(state, sheet, row, &companies)? {
            Ok(new) => new,
            Err(errors) => {
                problems.extend(
                    errors
                        .iter()
                        .map(|e| sheet.problem(row, &e.field, &e.message)),
                );
                continue;
            }
        };
        if !seen.insert((new.company_id.clone(), new.reference.clone())) {
            problems.push(sheet.problem(
                row,
                REFERENCE,
                "同一企业的文号在文件中出现了两次 (duplicate in the file)",
            ));
            continue;
        }
        new.created_at.clone_from(&at);
        new.updated_at.clone_from(&at);
        match store::by_reference_tx(tx, &new.company_id, &new.reference).await? {
            None => {
                records::insert(state, who, tx, &new).await?;
                created += 1;
                ids.push(new.id);
            }
            Some(old) if same(&old, &new) => ids.push(old.id),
            Some(old) => problems.push(sheet.problem(row, REFERENCE, format!(
                "文号 {} 已登记过该企业的另一条记录（{} {}），内容与本行不同；请核对 (number already used)",
                old.reference, old.recorded_on, old.kind
            ))),
        }
    }
    Ok((created, ids, problems))
}

/// The same record as typed in the file (what a row can say).
fn same(old: &ConductRow, new: &ConductRow) -> bool {
    (
        &old.kind,
        old.recorded_on,
        &old.issuer,
        old.valid_until,
        old.rectify_by,
        &old.note,
    ) == (
        &new.kind,
        new.recorded_on,
        &new.issuer,
        new.valid_until,
        new.rectify_by,
        &new.note,
    )
}

/// Row `row` as a record row (stamps empty), or its field errors.
fn row_of(
    state: &AppState,
    sheet: &PaperSheet,
    row: &RawRow,
    companies: &HashMap<String, String>,
) -> Result<Result<ConductRow, Vec<FieldError>>, ServiceError> {
    let get = |key| sheet.get(row, key).to_owned();
    let opt = |key| Some(get(key)).filter(|v| !v.is_empty());
    let company = get(COMPANY);
    let Some(company_id) = companies.get(&company) else {
        let message = if company.is_empty() {
            "企业为必填项 (required)".to_owned()
        } else {
            format!("台账中没有统一社会信用代码或名称为“{company}”的企业 (no such company)")
        };
        return Ok(Err(vec![FieldError::new(COMPANY, message)]));
    };
    let input = ConductInput {
        kind: get("kind"),
        recorded_on: get("recorded_on"),
        reference: get(REFERENCE),
        issuer: get("issuer"),
        points: opt("points"),
        valid_until: opt("valid_until"),
        rectify_by: opt("rectify_by"),
        note: opt("note"),
    };
    match records::drafted(state, company_id, &input) {
        Ok(row) => Ok(Ok(row)),
        Err(ServiceError::Invalid(errors)) => Ok(Err(errors)),
        Err(e) => Err(e),
    }
}

/// The import's audit entry (the outcome, with the file's hash).
async fn record(
    tx: &mut crate::store::Tx,
    state: &AppState,
    who: &Principal,
    outcome: &ConductImportOutcome,
) -> Result<(), ServiceError> {
    let id = new_id();
    let change = Change {
        action: "conduct_record.import",
        subject_type: "conduct_import",
        subject_id: &id,
        before: None,
        after: Some(audit::snapshot(outcome)?),
        reason: None,
    };
    audit::append(tx, &state.db.clock, &Actor::from(who), change).await
}

/// The import template: the 信用记录 sheet and a guide to the record kinds of the credit
/// rubric in force on `on` (today when absent).
pub async fn template(
    state: &AppState,
    who: &Principal,
    on: Option<&str>,
) -> Result<Vec<u8>, ServiceError> {
    authorize(who, Action::WriteCredit)?;
    let day = match on {
        Some(text) => crate::domain::ledger::fields::date("on", text)
            .map_err(|e| ServiceError::Invalid(vec![e]))?,
        None => state.db.clock.today(),
    };
    let (rubric, spec) = super::rubric_on(state, day, "on")?;
    let name = format!("{} 第 {} 版", rubric.header.title, rubric.header.version);
    crate::service::workbook::write("the template", move || conduct::template(&name, &spec)).await
}
