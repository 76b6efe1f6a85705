//! `kaoping conduct …`: conduct records (信用记录) — the import template and the import itself,
//! as the operator (who stands for the bureau).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::service::credit::records_import as import;

/// `kaoping conduct …`
#[derive(Debug, Subcommand)]
pub enum ConductCommand {
    /// Write the conduct records template (.xlsx), its guide listing the record kinds of the
    /// credit rubric in force on `--on` (default today).
    Template {
        /// Where to write it.
        out: PathBuf,
        /// The records' day, e.g. 2023-06-01.
        #[arg(long)]
        on: Option<String>,
    },
    /// Import conduct records from an .xlsx or .csv file, all or nothing; a record already
    /// there with the same content is left as it is. Prints each problem as `sheet!row:column: message` and exits 2 when
    /// there are any (nothing is written).
    Import {
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// Check and count only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also write an annotated copy (problem cells marked, a 问题 sheet) to this file.
        #[arg(long)]
        annotated: Option<PathBuf>,
    },
}

/// Runs a conduct record command.
pub(super) async fn run(
    command: ConductCommand,
    state: &crate::service::AppState,
) -> anyhow::Result<ExitCode> {
    let who = crate::service::operator();
    match command {
        ConductCommand::Template { out, on } => {
            super::import::write_template(import::template(state, &who, on.as_deref()).await, &out)
        }
        ConductCommand::Import {
            file,
            dry_run,
            annotated,
        } => {
            super::import::import_file(
                &file,
                annotated.as_deref(),
                async |b| import::annotate(state, &who, b).await,
                async |b| import::import(state, &who, b, dry_run).await,
                |o| {
                    let done = if o.dry_run {
                        "dry run, nothing written: "
                    } else {
                        ""
                    };
                    format!(
                        "{done}{} rows: {} created, {} unchanged; file {}",
                        o.rows, o.created, o.unchanged, o.file_sha256
                    )
                },
            )
            .await
        }
    }
}
