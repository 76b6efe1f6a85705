//! `kaoping audit …`: check the audit log's hash chain without writing.

use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Settings;
use crate::service::audit::Verification;

/// `kaoping audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain, reading only (never migrating); exit 0 when intact, 1 when
    /// broken, 2 when the database is missing or not migrated.
    Verify,
}

/// `audit verify`: reads only. It opens the database read-only and never migrates it: a
/// database that is missing or not (fully) migrated is reported, exit 2.
pub(super) async fn verify(settings: &Settings) -> anyhow::Result<ExitCode> {
    let db = match super::read_only_db(settings, "audit verify").await? {
        Ok(db) => db,
        Err(code) => return Ok(code),
    };
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
