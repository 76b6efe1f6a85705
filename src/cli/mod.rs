//! The command line (clap): `serve` (default), `migrate`, `token …`, `audit verify`,
//! `import <file>`, `template <file>`, `rubric check`, `survey verify <round>`,
//! `survey paper-template <round> <file>`, `survey paper-import <round> <file>`, `evaluation template <file>`,
//! `evaluation import <file>`. One module per command group.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::Application;
use crate::store::Db;

mod audit;
mod complaint;
mod conduct;
mod evaluation;
mod import;
mod rubric;
mod survey;
mod token;

pub use audit::AuditCommand;
pub use import::ImportArgs;
pub use rubric::RubricCommand;
pub use survey::SurveyCommand;
pub use token::{CreateToken, TokenCommand};

/// kaoping 考评 — scoring service for the county housing bureau's property-management campaign.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Configuration file (optional; KAOPING_* environment variables override it).
    #[arg(long, global = true, default_value = "kaoping.toml")]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Audit trail tools.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Rubric tools.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Import the ledger from an .xlsx or .csv file, all or nothing. Prints each problem as
    /// `sheet!row:column: message` and exits 2 when there are any (nothing is written).
    Import(ImportArgs),
    /// Satisfaction survey tools.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// On-site evaluation results from the third-party firm: template and import.
    #[command(subcommand)]
    Evaluation(evaluation::EvaluationCommand),
    /// Complaints and petitions (信访投诉台账): template and import.
    #[command(subcommand)]
    Complaint(complaint::ComplaintCommand),
    /// Conduct records (信用记录): template and import.
    #[command(subcommand)]
    Conduct(conduct::ConductCommand),
    /// Write the ledger import template (.xlsx) to a file.
    Template {
        /// Where to write it.
        out: PathBuf,
    },
}

/// Parses arguments, runs the command, and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&settings.log);
    // Checking files needs neither the database nor the async runtime.
    if let Some(Command::Rubric(RubricCommand::Check { files })) = &cli.command {
        return rubric::check(files);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), settings)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?;
        }
        Command::Migrate => {
            open_db(&settings).await?;
            println!("migrations applied");
        }
        Command::Token(TokenCommand::Create(c)) if !c.problems().is_empty() => {
            for p in c.problems() {
                eprintln!("{p}");
            }
            return Ok(ExitCode::from(2));
        }
        Command::Token(t) => return token::run(t, &open_state(settings).await?).await,
        Command::Rubric(RubricCommand::Check { files }) => return Ok(rubric::check(&files)),
        Command::Import(args) => return import::run(args, &open_state(settings).await?).await,
        Command::Template { out } => {
            let bytes = crate::service::ledger::import::template(&open_state(settings).await?)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("template written to {}", out.display());
        }
        Command::Audit(AuditCommand::Verify) => return audit::verify(&settings).await,
        Command::Survey(c) => return survey::run(c, settings).await,
        Command::Evaluation(c) => return evaluation::run(c, &open_state(settings).await?).await,
        Command::Complaint(c) => return complaint::run(c, &open_state(settings).await?).await,
        Command::Conduct(c) => return conduct::run(c, &open_state(settings).await?).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// The use cases' state for a command: the same as the server's (rubrics, calendar, migrated
/// database), read through the system clock.
async fn open_state(settings: Settings) -> anyhow::Result<crate::service::AppState> {
    crate::startup::load_state(settings, crate::clock::Clock::system()).await
}

async fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

/// The database opened read-only, never migrated, for a check (`command`); a database that
/// is missing or not (fully) migrated is reported on stderr as exit 2.
async fn read_only_db(settings: &Settings, command: &str) -> anyhow::Result<Result<Db, ExitCode>> {
    let not_ready = |why: String| {
        eprintln!(
            "{why}; run `kaoping migrate` first (`{command}` only reads and never migrates) \
             (数据库尚未迁移，请先运行 kaoping migrate)"
        );
        Ok(Err(ExitCode::from(2)))
    };
    let db = match Db::connect_read_only(&settings.database_url).await {
        Ok(db) => db,
        Err(e) => return not_ready(format!("cannot open the database read-only: {e:#}")),
    };
    let pending = db.pending_migrations().await?;
    if !pending.is_empty() {
        let total = crate::store::MIGRATOR.iter().count();
        return not_ready(format!(
            "the database is not migrated: {} of {total} migrations not applied",
            pending.len()
        ));
    }
    Ok(Ok(db))
}

/// A use case's refusal at the command line: each field problem (or the message) on stderr and
/// exit 2; an internal failure is returned as the command's error (exit 1).
fn refused(e: crate::service::ServiceError) -> anyhow::Result<ExitCode> {
    use crate::service::ServiceError;
    match e {
        ServiceError::Internal(e) => Err(e),
        ServiceError::Invalid(errors) => {
            for e in errors {
                eprintln!("{}: {}", e.field, e.message);
            }
            Ok(ExitCode::from(2))
        }
        e => {
            eprintln!("{e}");
            Ok(ExitCode::from(2))
        }
    }
}
