//! Paper surveys (入户调查): door-to-door sheets carrying the same invitation codes, typed into
//! a workbook (one row per sheet) and imported all or nothing, like the ledger import:
//!
//! 1. read the file (`sheet::read`, format by content) as the round's paper sheet and parse
//!    every row ([`rows`]), collecting every problem;
//! 2. in one transaction, send the rows through the online path's own decisions ([`write`]):
//!    the same code, window, questionnaire and validity rules, the same statistics;
//! 3. any problem → roll back and answer the complete list (and, on request, the annotated
//!    copy); otherwise record the import — file hash, counts and surveyors, never tied to a
//!    response — with its audit entry, and commit.
//!
//! A file is imported once per round: a second import of the same bytes is refused (409)
//! rather than replayed, because its rows spent their codes the first time and there is no
//! earlier result a replay could honestly return beyond "already imported".

pub mod rows;
mod write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{RoundInfo, round_info};
use crate::domain::access::{Action, Principal, authorize};
use crate::domain::rubric::satisfaction::{SurveyResponse, check_validity};
use crate::domain::survey::round::{Window, window};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::sheet::paper::{self, GUIDE_NAME, PaperSheet, SHEET_NAME};
use crate::sheet::{self, CellProblem};
use crate::store::survey::paper::PaperImportRow;

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaperOutcome {
    pub dry_run: bool,
    pub round_id: String,
    /// Paper sheets (data rows) in the file, all accepted.
    pub sheets: usize,
    /// Of which valid by the questionnaire's rules (the others are kept and counted, as online).
    pub valid: usize,
    /// The surveyors named in the file, sorted.
    pub surveyors: Vec<String>,
    /// SHA-256 of the file, as recorded.
    pub file_sha256: String,
    /// The import's record (none on a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

/// A file read and parsed against a round's questionnaire.
struct Checked {
    sheet: PaperSheet,
    parsed: rows::Parsed,
}

/// Reads `bytes` as the paper sheet of `round` and parses its rows (off the async threads).
async fn read(
    state: &AppState,
    round: &RoundInfo,
    bytes: Vec<u8>,
) -> Result<Checked, ServiceError> {
    let spec = round.spec()?.clone();
    let days = rows::Days {
        first: round
            .opens
            .to_zoned(crate::domain::period::beijing())
            .date(),
        today: state.db.clock.today(),
    };
    let key = state.surveys.key().to_vec();
    tokio::task::spawn_blocking(move || {
        let table = sheet::read::read_table(&bytes, SHEET_NAME, GUIDE_NAME)?;
        let sheet = PaperSheet::new(table, paper::layout(&spec))?;
        let parsed = rows::parse(&sheet, &spec, days, &key);
        Ok::<_, ServiceError>(Checked { sheet, parsed })
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the upload: {e}")))?
}

/// The round, which must be accepting answers now: a closed round accepts no paper either.
async fn open_round(state: &AppState, round_id: &str) -> Result<RoundInfo, ServiceError> {
    let round = round_info(state, round_id).await?;
    match window(round.opens, round.closes, state.db.clock.now()) {
        Window::Open => Ok(round),
        Window::NotOpen => Err(ServiceError::Conflict(
            "本轮调查尚未开始，不能导入纸质问卷 (the round has not opened)".into(),
        )),
        Window::Closed => Err(ServiceError::Conflict(
            "本轮调查已结束，不再接收纸质问卷 (the round has closed)".into(),
        )),
    }
}

/// Imports `bytes` into `round_id`; with `dry_run` everything is checked, nothing written.
#[tracing::instrument(skip(state, who, bytes), fields(bytes = bytes.len()))]
pub async fn import(
    state: &AppState,
    who: &Principal,
    round_id: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<PaperOutcome, ServiceError> {
    let (_, result) = run(state, who, round_id, bytes, dry_run).await?;
    result.map_err(ServiceError::Rows)
}

/// Checks `bytes` like a dry run and returns the annotated copy with the number of problems.
/// A file that cannot be read at all is an error, as for an import.
pub async fn annotate(
    state: &AppState,
    who: &Principal,
    round_id: &str,
    bytes: Vec<u8>,
) -> Result<(Vec<u8>, usize), ServiceError> {
    let (checked, result) = run(state, who, round_id, bytes, true).await?;
    let problems = result.err().unwrap_or_default();
    crate::service::workbook::annotated(vec![checked.sheet.table], problems).await
}

/// The import: the file read, then either its outcome (committed unless `dry_run`) or every
/// problem (nothing written).
async fn run(
    state: &AppState,
    who: &Principal,
    round_id: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<(Checked, Result<PaperOutcome, Vec<CellProblem>>), ServiceError> {
    authorize(who, Action::ManageSurveys)?;
    let round = open_round(state, round_id).await?;
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let checked = read(state, &round, bytes).await?;
    let db = &state.db;
    let mut tx = db.begin().await?;
    refuse_reimport(&mut tx, round_id, &file_sha256).await?;
    let (sheet, lines) = (&checked.sheet, &checked.parsed.lines);
    let mut problems = checked.parsed.problems.clone();
    problems.extend(
        write::write(
            &mut tx,
            &state.rubrics,
            &db.clock,
            &Actor::from(who),
            sheet,
            round_id,
            lines,
        )
        .await?,
    );
    if !problems.is_empty() {
        tx.rollback().await?;
        return Ok((checked, Err(sheet::sort_problems(problems, |_| 0))));
    }
    let mut outcome = outcome(&round, &checked, file_sha256, dry_run)?;
    if dry_run {
        tx.rollback().await?;
    } else {
        outcome.import_id = Some(record(&mut tx, state, who, &outcome).await?);
        tx.commit().await?;
    }
    Ok((checked, Ok(outcome)))
}

/// The import template of a round: one column per question, option codes explained.
pub async fn template(
    state: &AppState,
    who: &Principal,
    round_id: &str,
) -> Result<Vec<u8>, ServiceError> {
    authorize(who, Action::ManageSurveys)?;
    let round = round_info(state, round_id).await?;
    let spec = round.spec()?.clone();
    let name = round.row.name.clone();
    crate::service::workbook::write("the template", move || paper::template(&name, &spec)).await
}

/// 409 when this file was already imported into the round.
async fn refuse_reimport(
    tx: &mut crate::store::Tx,
    round_id: &str,
    sha: &str,
) -> Result<(), ServiceError> {
    match crate::store::survey::paper::find_tx(tx, round_id, sha).await? {
        None => Ok(()),
        Some(earlier) => Err(ServiceError::Conflict(format!(
            "该文件已于 {} 导入本轮调查（导入记录 {}），同一文件不能重复导入 (file already imported)",
            crate::service::shown_at(&earlier.imported_at),
            earlier.id
        ))),
    }
}

/// The counts of an accepted file; validity by the same rule the writer applied.
fn outcome(
    round: &RoundInfo,
    checked: &Checked,
    file_sha256: String,
    dry_run: bool,
) -> Result<PaperOutcome, ServiceError> {
    let spec = round.spec()?;
    let valid = checked
        .parsed
        .lines
        .iter()
        .filter(|l| {
            let r = SurveyResponse {
                answers: l.item.raw.answers.clone(),
                seconds: None,
                unverified_start: false,
            };
            check_validity(spec, &r).is_ok()
        })
        .count();
    Ok(PaperOutcome {
        dry_run,
        round_id: round.row.id.clone(),
        sheets: checked.parsed.lines.len(),
        valid,
        surveyors: checked.parsed.surveyors.iter().cloned().collect(),
        file_sha256,
        import_id: None,
    })
}

/// Stores the import's record and its audit entry; returns the record's id.
async fn record(
    tx: &mut crate::store::Tx,
    state: &AppState,
    who: &Principal,
    outcome: &PaperOutcome,
) -> Result<String, ServiceError> {
    let clock = &state.db.clock;
    let actor = Actor::from(who);
    let row = PaperImportRow {
        id: new_id(),
        round_id: outcome.round_id.clone(),
        file_sha256: outcome.file_sha256.clone(),
        sheets: i64::try_from(outcome.sheets).unwrap_or(i64::MAX),
        valid: i64::try_from(outcome.valid).unwrap_or(i64::MAX),
        surveyors: audit::snapshot(&outcome.surveyors)?,
        imported_by: actor.name.clone(),
        imported_at: clock.stamp(),
    };
    crate::store::insert_many(tx, std::slice::from_ref(&row)).await?;
    let change = Change {
        action: "survey_paper.import",
        subject_type: "survey_round",
        subject_id: &outcome.round_id,
        before: None,
        after: Some(audit::snapshot(&row)?),
        reason: None,
    };
    audit::append(tx, clock, &actor, change).await?;
    Ok(row.id)
}
