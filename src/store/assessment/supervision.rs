//! Queries on `supervision_items`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A stored supervision item.
#[derive(Debug, Clone, FromRow)]
pub struct SupervisionRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub title: String,
    pub assigned_on: String,
    pub deadline: String,
    /// 1 when the office stated the deadline, 0 for the 1-week default.
    pub deadline_stated: i64,
    /// Why the default deadline was extended, if it was.
    pub extension_reason: Option<String>,
    pub completed_on: Option<String>,
    pub feedback_on: Option<String>,
    pub sent_back: i64,
    pub public_criticism: i64,
    pub summons: i64,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, period_id, unit_id, title, assigned_on, deadline, deadline_stated, \
                       extension_reason, completed_on, feedback_on, sent_back, public_criticism, \
                       summons, version, created_at, updated_at";

/// Inserts an item.
pub async fn insert(tx: &mut Tx, s: &SupervisionRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO supervision_items ({COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    )))
    .bind(&s.id)
    .bind(&s.period_id)
    .bind(&s.unit_id)
    .bind(&s.title)
    .bind(&s.assigned_on)
    .bind(&s.deadline)
    .bind(s.deadline_stated)
    .bind(&s.extension_reason)
    .bind(&s.completed_on)
    .bind(&s.feedback_on)
    .bind(s.sent_back)
    .bind(s.public_criticism)
    .bind(s.summons)
    .bind(s.version)
    .bind(&s.created_at)
    .bind(&s.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Finds an item in a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<SupervisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervision_items WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Replaces an item's progress fields if the stored version is `expected`; false when stale.
pub async fn update(tx: &mut Tx, s: &SupervisionRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE supervision_items SET completed_on = $1, feedback_on = $2, sent_back = $3,
                public_criticism = $4, summons = $5, version = $6, updated_at = $7
         WHERE id = $8 AND version = $9",
    )
    .bind(&s.completed_on)
    .bind(&s.feedback_on)
    .bind(s.sent_back)
    .bind(s.public_criticism)
    .bind(s.summons)
    .bind(s.version)
    .bind(&s.updated_at)
    .bind(&s.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets an item's deadline and the reason it was extended if the stored version is
/// `expected`; false when stale.
pub async fn extend(tx: &mut Tx, s: &SupervisionRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE supervision_items SET deadline = $1, extension_reason = $2, version = $3,
                updated_at = $4
         WHERE id = $5 AND version = $6",
    )
    .bind(&s.deadline)
    .bind(&s.extension_reason)
    .bind(s.version)
    .bind(&s.updated_at)
    .bind(&s.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A unit's items in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<SupervisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervision_items WHERE period_id = $1 AND unit_id = $2 ORDER BY assigned_on, id"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}
