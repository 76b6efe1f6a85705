//! Queries on `evidence_files` and `evidence_links`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// Records a stored file once (the same content uploaded again is a no-op).
pub async fn insert_file(
    tx: &mut Tx,
    sha256: &str,
    mime: &str,
    size: i64,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO evidence_files (sha256, mime, size, stored_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(mime)
    .bind(size)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// An evidence file attached to an item.
#[derive(Debug, Clone, FromRow)]
pub struct EvidenceLinkRow {
    pub id: String,
    pub sha256: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub attached_to: String,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub mime: String,
    pub size: i64,
}

/// Attaches a stored file to an item.
pub async fn insert_link(tx: &mut Tx, l: &EvidenceLinkRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO evidence_links (id, sha256, period_id, unit_id, item_code, attached_to, file_name,
                                     uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&l.id)
    .bind(&l.sha256)
    .bind(&l.period_id)
    .bind(&l.unit_id)
    .bind(&l.item_code)
    .bind(&l.attached_to)
    .bind(&l.file_name)
    .bind(&l.uploaded_by)
    .bind(&l.uploaded_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

const SELECT: &str =
    "SELECT l.id, l.sha256, l.period_id, l.unit_id, l.item_code, l.attached_to, l.file_name,
                             l.uploaded_by, l.uploaded_at, f.mime, f.size
                      FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256";

/// Finds one attachment.
pub async fn get(pool: &AnyPool, id: &str) -> sqlx::Result<Option<EvidenceLinkRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE l.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Attachments of one unit in a period, by item.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<EvidenceLinkRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE l.period_id = $1 AND l.unit_id = $2 ORDER BY l.item_code, l.uploaded_at"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}
