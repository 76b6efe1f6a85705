//! `kaoping evaluation …`: the third-party firm's evaluation results — the import template and
//! the import itself, as the operator (who stands for the bureau, so imported evaluations are
//! accepted as through the API).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::service::credit::evaluations::import;

/// `kaoping evaluation …`
#[derive(Debug, Subcommand)]
pub enum EvaluationCommand {
    /// Write the evaluation results template (.xlsx), its guide listing the items and finding
    /// codes of the service-quality rubric in force on `--on` (default today).
    Template {
        /// Where to write it.
        out: PathBuf,
        /// The visits' day, e.g. 2023-05-10.
        #[arg(long)]
        on: Option<String>,
    },
    /// Import evaluation results from an .xlsx or .csv file, all or nothing; each visit is
    /// stored accepted. Prints each problem as `sheet!row:column: message` and exits 2 when
    /// there are any (nothing is written).
    Import {
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// Check and count only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The day the results were accepted (采纳日期), e.g. 2023-06-01: they count from it;
        /// default today.
        #[arg(long)]
        accepted_on: Option<String>,
        /// Also write an annotated copy (problem cells marked, a 问题 sheet) to this file.
        #[arg(long)]
        annotated: Option<PathBuf>,
    },
}

/// Runs an evaluation command.
pub(super) async fn run(
    command: EvaluationCommand,
    state: &crate::service::AppState,
) -> anyhow::Result<ExitCode> {
    let who = crate::service::operator();
    match command {
        EvaluationCommand::Template { out, on } => {
            super::import::write_template(import::template(state, &who, on.as_deref()).await, &out)
        }
        EvaluationCommand::Import {
            file,
            dry_run,
            accepted_on,
            annotated,
        } => super::import::import_file(
            &file,
            annotated.as_deref(),
            async |b| import::annotate(state, &who, b, accepted_on.as_deref()).await,
            async |b| import::import(state, &who, b, dry_run, accepted_on.as_deref()).await,
            |o| {
                let done = if o.dry_run {
                    "dry run, nothing written: "
                } else {
                    ""
                };
                format!(
                    "{done}{} rows, {} evaluations: {} created (accepted on {}), {} drafts accepted, {} unchanged; file {}",
                    o.rows, o.evaluations, o.created, o.accepted_on, o.accepted, o.unchanged, o.file_sha256
                )
            },
        )
        .await,
    }
}
