//! `kaoping complaint …`: complaints and petitions (信访投诉台账) — the import template and the
//! import itself, as the operator (who stands for the bureau).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::service::credit::complaints::import;

/// `kaoping complaint …`
#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Write the complaints template (.xlsx), its guide listing the channels with their time
    /// limits and the categories in force on `--on` (default today).
    Template {
        /// Where to write it.
        out: PathBuf,
        /// The complaints' day, e.g. 2023-05-02.
        #[arg(long)]
        on: Option<String>,
    },
    /// Import complaints from an .xlsx or .csv file, all or nothing; a complaint already
    /// there is left as it is, or resolved when the file now shows its resolution. Prints each problem as `sheet!row:column: message` and exits 2 when
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

/// Runs a complaint command.
pub(super) async fn run(
    command: ComplaintCommand,
    state: &crate::service::AppState,
) -> anyhow::Result<ExitCode> {
    let who = crate::service::operator();
    match command {
        ComplaintCommand::Template { out, on } => {
            super::import::write_template(import::template(state, &who, on.as_deref()).await, &out)
        }
        ComplaintCommand::Import {
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
                        "{done}{} rows: {} created, {} resolved, {} unchanged; file {}",
                        o.rows, o.created, o.resolved, o.unchanged, o.file_sha256
                    )
                },
            )
            .await
        }
    }
}
