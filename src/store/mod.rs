//! Storage: plain async functions, one per query, over an [`AnyPool`] so one binary serves
//! SQLite (default) and PostgreSQL. No business rules live here, and no SQL lives anywhere
//! else: services describe what they want with typed queries (e.g.
//! [`ledger::projects::ProjectQuery`]) and get typed rows back.
//!
//! Rows are typed at this edge: codes decode into enums, decimal text into `Decimal`, ISO text
//! into dates, 0/1 into `bool` (`decode`); a stored value that does not decode is an error
//! naming its table and column. Rows of a [`TableRow`] type are inserted, and [`Versioned`]
//! rows updated `WHERE id = … AND version = …`, by one mechanism ([`insert`],
//! [`update_if_version`]) that writes each column by its name, never by its position in a list.

pub mod assessment;
pub mod audit;
pub mod blobs;
pub mod credit;
mod decode;
pub mod ledger;
pub mod names;
pub mod results;
pub mod rubrics;
mod schema_fixes;
mod sql;
pub mod survey;
#[cfg(test)]
mod tests;
pub mod tokens;
mod writer;

pub use sql::{Bind, Column, Page, TableRow, Versioned, insert, insert_many, update_if_version};

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Transaction};

use crate::clock::Clock;

/// The embedded migrations, applied at start-up and by `kaoping migrate`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Every read-write SQLite connection's settings. WAL lets readers run beside the single
/// writer; the busy timeout makes a second writer wait instead of failing at once.
/// `synchronous = FULL`: every commit is synced to disk before it returns, so an acknowledged
/// answer (or any other 2xx) survives a power cut, not only a killed process; group commit
/// makes that one sync per batch of answers.
const SQLITE_READ_WRITE: &[&str] = &[
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA synchronous = FULL",
];

/// A transaction on whichever backend is configured.
pub type Tx = Transaction<'static, Any>;

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL; `None` for any other scheme.
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// The connection pool, the backend it talks to, and the clock every write reads "now" from.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool; every query goes through it or a transaction taken from it.
    pub pool: AnyPool,
    /// The engine behind the pool.
    pub backend: Backend,
    /// The service's clock (system time in production, settable in tests).
    pub clock: Clock,
}

impl Db {
    /// Connects to `url`, creating the SQLite file and its folder when needed.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::open(url, Access::ReadWrite).await
    }

    /// Connects to `url` for reading only: nothing is created (no SQLite file, no folder, no
    /// WAL switch) and every transaction is read-only (`PRAGMA query_only` on SQLite,
    /// `default_transaction_read_only` on PostgreSQL), so a check cannot write even by mistake.
    pub async fn connect_read_only(url: &str) -> anyhow::Result<Self> {
        Self::open(url, Access::ReadOnly).await
    }

    async fn open(url: &str, access: Access) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)
            .with_context(|| format!("unsupported database URL scheme in {url:?}"))?;
        let url = match (backend, access) {
            (Backend::Sqlite, Access::ReadWrite) => prepare_sqlite_url(url)?,
            (Backend::Sqlite, Access::ReadOnly) => read_only_sqlite_url(url),
            (Backend::Postgres, _) => url.to_owned(),
        };
        let options: AnyConnectOptions = url.parse().context("parsing the database URL")?;
        let pragmas: &'static [&'static str] = match (backend, access) {
            (Backend::Sqlite, Access::ReadWrite) => SQLITE_READ_WRITE,
            (Backend::Sqlite, Access::ReadOnly) => {
                &["PRAGMA query_only = ON", "PRAGMA busy_timeout = 10000"]
            }
            (Backend::Postgres, Access::ReadWrite) => &[],
            (Backend::Postgres, Access::ReadOnly) => &["SET default_transaction_read_only = on"],
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    for &pragma in pragmas {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("connecting to the database")?;
        Ok(Self {
            pool,
            backend,
            clock: Clock::system(),
        })
    }

    /// The same database read through `clock` (tests set the time this way).
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .context("applying migrations")?;
        schema_fixes::small_batches(&self.pool, self.backend).await
    }

    /// True when every embedded migration has been applied.
    pub async fn migrations_applied(&self) -> anyhow::Result<bool> {
        Ok(self.pending_migrations().await?.is_empty())
    }

    /// Versions of the embedded migrations not yet applied (all of them on a database that
    /// has never been migrated). Only reads.
    pub async fn pending_migrations(&self) -> anyhow::Result<Vec<i64>> {
        let exists = match self.backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_name = '_sqlx_migrations' AND table_schema = current_schema()"
            }
        };
        let (tables,): (i64,) = sqlx::query_as(exists)
            .fetch_one(&self.pool)
            .await
            .context("looking for the migrations table")?;
        let applied: Vec<(i64,)> = if tables == 0 {
            Vec::new()
        } else {
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
                .context("reading applied migrations")?
        };
        Ok(MIGRATOR
            .iter()
            .map(|m| m.version)
            .filter(|v| !applied.iter().any(|(a,)| a == v))
            .collect())
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> anyhow::Result<()> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("acquiring a connection")?;
        conn.ping().await.context("pinging the database")
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`)
    /// so a read-then-write transaction cannot fail half-way with a busy snapshot.
    pub async fn begin(&self) -> anyhow::Result<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        };
        tx.context("beginning a transaction")
    }
}

/// Whether a connection may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    ReadWrite,
    ReadOnly,
}

/// The URL with `mode=ro` in place of any mode given, so opening never creates the file.
fn read_only_sqlite_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("mode="))
        .collect();
    params.push("mode=ro");
    format!("{base}?{}", params.join("&"))
}

/// Adds `mode=rwc` when no mode is given and creates the database file's folder.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let parent = Path::new(path)
        .parent()
        .filter(|p| path != ":memory:" && !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the database folder {}", parent.display()))?;
    }
    Ok(if query.contains("mode=") {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    })
}

/// Formats a timestamp for storage: UTC, fixed microsecond precision, so text order is time order.
pub fn ts(at: jiff::Timestamp) -> String {
    format!("{at:.6}")
}

/// Reads a stored timestamp back.
pub fn parse_ts(text: &str) -> anyhow::Result<jiff::Timestamp> {
    text.parse()
        .with_context(|| format!("stored timestamp {text:?} is not RFC 3339"))
}

/// True when `err` is a unique-constraint violation (a natural-key clash, mapped to 409).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}
