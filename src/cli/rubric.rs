//! `kaoping rubric …`: check rubric files without a database.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// `kaoping rubric …`
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Validate rubric files; print each problem as `file:line:col: message`; exit 0 or 2.
    Check {
        /// Rubric files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Prints each file's verdict; exit 2 when any file has a problem.
pub(super) fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        match crate::service::rubrics::check_file(file) {
            Ok(r) => println!(
                "{}: ok ({} v{}, {})",
                file.display(),
                r.id(),
                r.version(),
                r.content_hash()
            ),
            Err(e) => {
                failed = true;
                println!("{e}");
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
