//! Importing the ledger from `.xlsx` or `.csv`, all or nothing.
//!
//! 1. read the file (format by content) and parse every row, collecting every problem;
//! 2. in one transaction, load the ledger and plan: match companies by credit code, projects by
//!    code, towns by name (they must exist), communities by town and name (created when new),
//!    handover inspections by project code and date;
//! 3. any problem → roll back and answer the complete list; otherwise write only what changed
//!    (multi-row inserts, versioned updates) with an audit entry per changed record, plus one
//!    `ledger.import` entry. Re-importing the same file therefore writes nothing at all.

mod apply;
pub mod parse;
pub mod plan;

use crate::domain::access::Principal;
use crate::service::AppState;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::service::{Actor, ServiceError};
use crate::sheet::{self, CellProblem, RawBook};
use crate::store::ledger::{companies, handover, projects, regions, service_periods};

/// Counts of one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub dry_run: bool,
    /// Data rows read, all sheets.
    pub rows: usize,
    pub companies: Counts,
    pub communities_created: usize,
    pub projects: Counts,
    pub service_periods: Counts,
    pub handover_inspections: Counts,
    /// SHA-256 of the file, as recorded in the audit trail.
    pub file_sha256: String,
}

fn counts<R>(c: &plan::Changes<R>) -> Counts {
    Counts {
        created: c.new.len(),
        updated: c.changed.len(),
        unchanged: c.unchanged,
    }
}

async fn read(
    bytes: Vec<u8>,
    today: jiff::civil::Date,
) -> Result<(RawBook, parse::Parsed), ServiceError> {
    tokio::task::spawn_blocking(move || {
        let book = sheet::read::read(&bytes)?;
        let parsed = parse::parse(&book, today);
        Ok::<_, ServiceError>((book, parsed))
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("reading the upload: {e}")))?
}

/// Imports `bytes`; with `dry_run` everything is checked and counted but nothing is written.
#[tracing::instrument(skip(state, who, bytes), fields(bytes = bytes.len()))]
pub async fn import(
    state: &AppState,
    who: &Principal,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<ImportOutcome, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    let (book, parsed) = read(bytes, db.clock.today()).await?;
    let rows = book.sheets.iter().map(|s| s.rows.len()).sum();
    let mut tx = db.begin().await?;
    // Serialise with every other ledger writer before reading what exists (overlap checks).
    crate::store::audit::lock_head(&mut tx).await?;
    let loaded = plan::Loaded {
        regions: regions::all_tx(&mut tx).await?,
        companies: companies::all_tx(&mut tx).await?,
        projects: projects::all_tx(&mut tx).await?,
        service_periods: service_periods::all_tx(&mut tx).await?,
        handovers: handover::all_tx(&mut tx).await?,
    };
    let plan = plan::plan(&book, parsed, &loaded, &db.clock.stamp())
        .map_err(|p| ServiceError::Rows(sorted(&book, p)))?;
    drop(loaded);
    let outcome = ImportOutcome {
        dry_run,
        rows,
        companies: counts(&plan.companies),
        communities_created: plan.communities.len(),
        projects: counts(&plan.projects),
        service_periods: counts(&plan.service_periods),
        handover_inspections: counts(&plan.handovers),
        file_sha256,
    };
    if dry_run {
        tx.rollback().await?;
        return Ok(outcome);
    }
    apply::apply(&mut tx, &db.clock, actor, &plan, &outcome).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Checks `bytes` like a dry run and returns the annotated copy with the number of problems.
/// A file that cannot be read at all is an error, as for an import.
pub async fn annotate(state: &AppState, bytes: Vec<u8>) -> Result<(Vec<u8>, usize), ServiceError> {
    let db = &state.db;
    let (book, parsed) = read(bytes, db.clock.today()).await?;
    // Read-only: a plain (deferred) transaction, not the write lock.
    let mut tx = db.pool.begin().await?;
    let loaded = plan::Loaded {
        regions: regions::all_tx(&mut tx).await?,
        companies: companies::all_tx(&mut tx).await?,
        projects: projects::all_tx(&mut tx).await?,
        service_periods: service_periods::all_tx(&mut tx).await?,
        handovers: handover::all_tx(&mut tx).await?,
    };
    tx.rollback().await?;
    let problems = match plan::plan(&book, parsed, &loaded, &db.clock.stamp()) {
        Ok(_) => Vec::new(),
        Err(p) => sorted(&book, p),
    };
    let tables = book.sheets.into_iter().map(|s| s.table).collect();
    crate::service::workbook::annotated(tables, problems).await
}

/// Problems in sheet order, then row, then column position.
fn sorted(book: &RawBook, problems: Vec<CellProblem>) -> Vec<CellProblem> {
    sheet::sort_problems(problems, |name| {
        book.sheets
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(usize::MAX)
    })
}

/// The import template, with the ledger's towns and parks in the town dropdown.
pub async fn template(state: &AppState) -> Result<Vec<u8>, ServiceError> {
    let db = &state.db;
    let mut tx = db.pool.begin().await?;
    let regions = regions::all_tx(&mut tx).await?;
    tx.rollback().await?;
    let towns: Vec<String> = regions
        .into_iter()
        .filter(|r| r.level.is_town_level())
        .map(|r| r.name)
        .collect();
    crate::service::workbook::write("the template", move || sheet::write::template(&towns)).await
}
