//! `kaoping audit …`: check the audit log's hash chain without writing.

use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Settings;
use crate::service::audit::Verification;
use crate::store::Db;

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
