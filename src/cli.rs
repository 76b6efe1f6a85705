//! The command line (clap): `serve` (default), `migrate`, `token …`, `audit verify`,
//! `import <file>`, `template <file>`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use validator::Validate;

use crate::config::Settings;
use crate::domain::field_rules as rules;
use crate::service::audit::Verification;
use crate::service::tokens;
use crate::startup::Application;
use crate::store::Db;

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
    /// Write the ledger import template (.xlsx) to a file.
    Template {
        /// Where to write it.
        out: PathBuf,
    },
}

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

/// `kaoping token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret once.
    Create(CreateToken),
    /// Revoke a token by id.
    Revoke {
        /// The token's id (from `token list`).
        id: String,
    },
    /// List tokens (never their secrets).
    List,
}

/// `kaoping token create …`; each argument's rule is declared here (the command line has no
/// OpenAPI schema) and checked before anything is opened, with the same rules and messages as
/// `POST /api/v1/tokens` (see [`crate::domain::field_rules`]).
#[derive(Debug, Args, Validate)]
pub struct CreateToken {
    /// admin, reviewer, unit, company or inspector.
    #[arg(long)]
    #[validate(custom(function = "rules::role"))]
    pub role: String,
    /// Who will use it.
    #[arg(long)]
    #[validate(custom(function = "rules::required_line::<100>"))]
    pub name: String,
    /// The assessed unit (role unit).
    #[arg(long)]
    #[validate(custom(function = "rules::optional_line::<64>"))]
    pub unit: Option<String>,
    /// The company (role company).
    #[arg(long)]
    #[validate(custom(function = "rules::optional_line::<64>"))]
    pub company: Option<String>,
    /// The review team (role reviewer).
    #[arg(long)]
    #[validate(custom(function = "rules::optional_line::<64>"))]
    pub team: Option<String>,
}

impl CreateToken {
    /// The arguments in order (errors are reported in it).
    const FIELDS: &'static [&'static str] = &["role", "name", "unit", "company", "team"];

    /// Each broken rule as `--argument: message`.
    pub fn problems(&self) -> Vec<String> {
        match self.validate() {
            Ok(()) => Vec::new(),
            Err(e) => rules::field_errors(&e, Self::FIELDS)
                .into_iter()
                .map(|e| format!("--{}: {}", e.field, e.message))
                .collect(),
        }
    }
}

/// `kaoping audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain, reading only (never migrating); exit 0 when intact, 1 when
    /// broken, 2 when the database is missing or not migrated.
    Verify,
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
        return check_rubrics(files);
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
        Command::Token(t) => return token(t, &open_state(settings).await?).await,
        Command::Rubric(RubricCommand::Check { files }) => return Ok(check_rubrics(&files)),
        Command::Import(args) => return import(args, &open_state(settings).await?).await,
        Command::Template { out } => {
            let bytes = crate::service::ledger::import::template(&open_state(settings).await?)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("template written to {}", out.display());
        }
        Command::Audit(AuditCommand::Verify) => return verify_audit(&settings).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// `audit verify`: reads only. It opens the database read-only and never migrates it: a
/// database that is missing or not (fully) migrated is reported, exit 2.
async fn verify_audit(settings: &Settings) -> anyhow::Result<ExitCode> {
    let not_ready = |why: String| {
        eprintln!(
            "{why}; run `kaoping migrate` first (`audit verify` only reads and never migrates) \
             (数据库尚未迁移，请先运行 kaoping migrate)"
        );
        Ok(ExitCode::from(2))
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
    Ok(match crate::service::audit::verify(&db).await? {
        Verification::Intact(n) => {
            println!("audit chain intact: {n} entries verified");
            ExitCode::SUCCESS
        }
        Verification::Broken(b) => {
            println!("audit chain BROKEN: {b}");
            ExitCode::from(1)
        }
    })
}

fn check_rubrics(files: &[PathBuf]) -> ExitCode {
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

async fn token(
    command: TokenCommand,
    state: &crate::service::AppState,
) -> anyhow::Result<ExitCode> {
    let operator = crate::service::operator();
    let outcome = match command {
        TokenCommand::Create(c) => {
            let input = tokens::NewToken {
                name: c.name,
                role: c.role,
                unit_id: c.unit,
                company_id: c.company,
                team_id: c.team,
            };
            tokens::create(state, &operator, &input)
                .await
                .map(|(t, secret)| {
                    eprintln!(
                        "created token {} ({}, {}); the secret is shown only once:",
                        t.id, t.role, t.name
                    );
                    println!("{secret}");
                })
        }
        TokenCommand::Revoke { id } => tokens::revoke(state, &operator, &id)
            .await
            .map(|t| println!("revoked {} ({})", t.id, t.name)),
        TokenCommand::List => tokens::list(state, &operator).await.map(|list| {
            for t in list {
                let binding = t.unit_id.or(t.company_id).or(t.team_id).unwrap_or_default();
                let state = t
                    .revoked_at
                    .map_or("active".to_owned(), |at| format!("revoked {at}"));
                println!("{}\t{}\t{}\t{}\t{}", t.id, t.role, t.name, binding, state);
            }
        }),
    };
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(crate::service::ServiceError::Internal(e)) => Err(e),
        Err(crate::service::ServiceError::Invalid(errors)) => {
            for e in errors {
                eprintln!("{}: {}", e.field, e.message);
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(2))
        }
    }
}

async fn import(args: ImportArgs, state: &crate::service::AppState) -> anyhow::Result<ExitCode> {
    use crate::service::ServiceError;
    use crate::service::ledger::import;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    if let Some(out) = &args.annotated {
        let (copy, _) = match import::annotate(state, bytes.clone()).await {
            Ok(done) => done,
            Err(ServiceError::Internal(e)) => return Err(e),
            Err(e) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(2));
            }
        };
        std::fs::write(out, copy).with_context(|| format!("writing {}", out.display()))?;
        eprintln!("annotated copy written to {}", out.display());
    }
    match import::import(state, &crate::service::operator(), bytes, args.dry_run).await {
        Ok(o) => {
            let c = |n: import::Counts| {
                format!(
                    "{} new, {} updated, {} unchanged",
                    n.created, n.updated, n.unchanged
                )
            };
            println!(
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
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Rows(problems)) => {
            for p in &problems {
                println!(
                    "{}!{}:{}: {} (value {:?}, cell {})",
                    p.sheet, p.row, p.column, p.message, p.value, p.cell
                );
            }
            eprintln!("{} problem(s); nothing was written", problems.len());
            Ok(ExitCode::from(2))
        }
        Err(ServiceError::Internal(e)) => Err(e),
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::from(2))
        }
    }
}
