//! `kaoping import …`: the ledger import from a file, all or nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::service::ServiceError;
use crate::service::ledger::import;

/// `kaoping import …`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The .xlsx or .csv file.
    pub file: PathBuf,
    /// Check and count only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write an annotated copy (problem cells marked, a 问题 sheet) to this file.
    #[arg(long)]
    pub annotated: Option<PathBuf>,
}

/// Runs the import (or its dry run) and prints the counts or every problem.
pub(super) async fn run(
    args: ImportArgs,
    state: &crate::service::AppState,
) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    if let Some(out) = &args.annotated {
        match import::annotate(state, bytes.clone()).await {
            Ok((copy, _)) => {
                std::fs::write(out, copy).with_context(|| format!("writing {}", out.display()))?;
                eprintln!("annotated copy written to {}", out.display());
            }
            Err(e) => return super::refused(e),
        }
    }
    match import::import(state, &crate::service::operator(), bytes, args.dry_run).await {
        Ok(outcome) => {
            println!("{}", summary(&outcome));
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Rows(problems)) => Ok(print_problems(&problems)),
        Err(e) => super::refused(e),
    }
}

/// Every problem of a rejected import as `sheet!row:column: message`, and exit 2.
pub(super) fn print_problems(problems: &[crate::sheet::CellProblem]) -> ExitCode {
    for p in problems {
        println!(
            "{}!{}:{}: {} (value {:?}, cell {})",
            p.sheet, p.row, p.column, p.message, p.value, p.cell
        );
    }
    eprintln!("{} problem(s); nothing was written", problems.len());
    ExitCode::from(2)
}

/// One line: how many rows, and per kind of record how many were new, updated, unchanged.
fn summary(o: &import::ImportOutcome) -> String {
    let c = |n: import::Counts| {
        format!(
            "{} new, {} updated, {} unchanged",
            n.created, n.updated, n.unchanged
        )
    };
    format!(
        "{}{} rows: companies {}; projects {}; service periods {}; handover inspections {}; \
         communities created {}",
        if o.dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        o.rows,
        c(o.companies),
        c(o.projects),
        c(o.service_periods),
        c(o.handover_inspections),
        o.communities_created
    )
}

/// Writes a template the service made (or says why it could not).
pub(super) fn write_template(
    made: Result<Vec<u8>, crate::service::ServiceError>,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let bytes = match made {
        Ok(b) => b,
        Err(e) => return super::refused(e),
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("template written to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Reads `file`, writes its annotated copy to `annotated` when asked, imports it and prints
/// the outcome by `describe` or every problem (exit 2): the shape every workbook import of
/// the command line shares.
pub(super) async fn import_file<O>(
    file: &std::path::Path,
    annotated: Option<&std::path::Path>,
    annotate: impl AsyncFnOnce(Vec<u8>) -> Result<(Vec<u8>, usize), crate::service::ServiceError>,
    import: impl AsyncFnOnce(Vec<u8>) -> Result<O, crate::service::ServiceError>,
    describe: impl Fn(&O) -> String,
) -> anyhow::Result<ExitCode> {
    use crate::service::ServiceError;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    if let Some(out) = annotated {
        match annotate(bytes.clone()).await {
            Ok((copy, _)) => {
                std::fs::write(out, copy).with_context(|| format!("writing {}", out.display()))?;
                eprintln!("annotated copy written to {}", out.display());
            }
            Err(e) => return super::refused(e),
        }
    }
    match import(bytes).await {
        Ok(o) => {
            println!("{}", describe(&o));
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Rows(problems)) => Ok(print_problems(&problems)),
        Err(e) => super::refused(e),
    }
}
