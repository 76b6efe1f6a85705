//! Queries on the audit chain (`audit_entries`, `audit_head`).

use sqlx::{AnyPool, FromRow};

use super::Tx;
use super::sql::{self, Column, TableRow};

/// One stored audit entry.
#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Advances the head by one and returns `(new seq, previous hash)`. Takes the row lock that
/// serialises appenders until the transaction ends.
pub async fn advance_head(tx: &mut Tx) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await
}

/// Takes the chain head's row lock now (PostgreSQL; SQLite's `BEGIN IMMEDIATE` already holds
/// the write lock). Writers that must not interleave their reads with another writer's — an
/// import and a service-period change checking overlaps — take it first: every writer needs
/// it anyway to append its audit entry, so this only moves the wait to the start.
pub async fn lock_head(tx: &mut Tx) -> sqlx::Result<()> {
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Records the newest entry's hash in the head.
pub async fn set_head_hash(tx: &mut Tx, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(hash)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Reads the head `(seq, hash)`.
pub async fn head(pool: &AnyPool) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// Appends one entry.
pub async fn insert(tx: &mut Tx, row: &AuditRow) -> sqlx::Result<()> {
    sql::insert(tx, row).await
}

/// Reads up to `limit` entries with `seq > after`, in chain order (for verification in pages).
pub async fn page(pool: &AnyPool, after: i64, limit: i64) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2",
        AuditRow::COLUMNS.join(", ")
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Entries about one subject, oldest first.
pub async fn for_subject(
    pool: &AnyPool,
    subject_type: &str,
    subject_id: &str,
) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq",
        AuditRow::COLUMNS.join(", ")
    )))
    .bind(subject_type)
    .bind(subject_id)
    .fetch_all(pool)
    .await
}

/// Entries about a subject and everything under it (`id` and `id/…`), oldest first.
pub async fn for_subject_tree(
    pool: &AnyPool,
    subject_type: &str,
    subject_id: &str,
) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM audit_entries
         WHERE subject_type = $1 AND (subject_id = $2 OR subject_id LIKE $3 ESCAPE '\\') ORDER BY seq",
        AuditRow::COLUMNS.join(", ")
    )))
    .bind(subject_type)
    .bind(subject_id)
    .bind(format!("{}/%", subject_id.replace('%', "\\%").replace('_', "\\_")))
    .fetch_all(pool)
    .await
}

/// Advances the head by `n` and returns `(last new seq, previous hash)`, for a batch append.
pub async fn advance_head_by(tx: &mut Tx, n: i64) -> sqlx::Result<(i64, String)> {
    sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut **tx)
        .await
}

impl TableRow for AuditRow {
    const TABLE: &'static str = "audit_entries";
    const COLUMNS: &'static [&'static str] = &[
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "actor_role",
        "action",
        "subject_type",
        "subject_id",
        "before_json",
        "after_json",
        "reason",
        "prev_hash",
        "hash",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("seq", self.seq.into()),
            ("at", (&self.at).into()),
            ("actor_id", self.actor_id.as_deref().into()),
            ("actor_name", (&self.actor_name).into()),
            ("actor_role", (&self.actor_role).into()),
            ("action", (&self.action).into()),
            ("subject_type", (&self.subject_type).into()),
            ("subject_id", (&self.subject_id).into()),
            ("before_json", self.before_json.as_deref().into()),
            ("after_json", self.after_json.as_deref().into()),
            ("reason", self.reason.as_deref().into()),
            ("prev_hash", (&self.prev_hash).into()),
            ("hash", (&self.hash).into()),
        ])
    }
}

/// Appends many entries with multi-row statements (imports).
pub async fn insert_many(tx: &mut Tx, rows: &[AuditRow]) -> sqlx::Result<()> {
    sql::insert_many(tx, rows).await
}
