//! Queries on `appeals`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A stored appeal.
#[derive(Debug, Clone, FromRow)]
pub struct AppealRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reason: String,
    pub status: String,
    pub decided_score: Option<String>,
    /// The method input the decision gave (JSON), scored to `decided_score`.
    pub decided_input_json: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, period_id, unit_id, item_code, reason, status, decided_score, \
                       decided_input_json, decision_reason, decided_by, decided_at, version, \
                       created_at, updated_at";

/// Inserts an appeal.
pub async fn insert(tx: &mut Tx, a: &AppealRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO appeals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )))
    .bind(&a.id)
    .bind(&a.period_id)
    .bind(&a.unit_id)
    .bind(&a.item_code)
    .bind(&a.reason)
    .bind(&a.status)
    .bind(&a.decided_score)
    .bind(&a.decided_input_json)
    .bind(&a.decision_reason)
    .bind(&a.decided_by)
    .bind(&a.decided_at)
    .bind(a.version)
    .bind(&a.created_at)
    .bind(&a.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Finds an appeal in a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM appeals WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Records a decision if the stored version is `expected`; false when stale.
pub async fn decide(tx: &mut Tx, a: &AppealRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE appeals SET status = $1, decided_score = $2, decided_input_json = $3,
                decision_reason = $4, decided_by = $5, decided_at = $6, version = $7, updated_at = $8
         WHERE id = $9 AND version = $10",
    )
    .bind(&a.status)
    .bind(&a.decided_score)
    .bind(&a.decided_input_json)
    .bind(&a.decision_reason)
    .bind(&a.decided_by)
    .bind(&a.decided_at)
    .bind(a.version)
    .bind(&a.updated_at)
    .bind(&a.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A unit's appeals in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM appeals WHERE period_id = $1 AND unit_id = $2 ORDER BY created_at"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// Reads an appeal.
pub async fn get(pool: &AnyPool, id: &str) -> sqlx::Result<Option<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM appeals WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// A unit's appeals on one item, in a transaction.
pub async fn for_item_tx(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
) -> sqlx::Result<Vec<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM appeals WHERE period_id = $1 AND unit_id = $2 AND item_code = $3"
    )))
    .bind(period_id)
    .bind(unit_id)
    .bind(item_code)
    .fetch_all(&mut **tx)
    .await
}

/// Undecided appeals of a period, in a transaction.
pub async fn pending_in_period(tx: &mut Tx, period_id: &str) -> sqlx::Result<Vec<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM appeals WHERE period_id = $1 AND status = 'pending'
         ORDER BY created_at"
    )))
    .bind(period_id)
    .fetch_all(&mut **tx)
    .await
}
