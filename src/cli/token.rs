//! `kaoping token …`: create, revoke and list bearer tokens.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use validator::Validate;

use crate::domain::field_rules as rules;
use crate::service::tokens;

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

/// Runs a token command.
pub(super) async fn run(
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
        Err(e) => super::refused(e),
    }
}
