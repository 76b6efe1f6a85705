//! Queries on `periods` and `period_units`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A stored period.
#[derive(Debug, Clone, FromRow)]
pub struct PeriodRow {
    pub id: String,
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub phase: String,
    pub self_deadline: String,
    pub review_deadline: String,
    pub appeal_deadline: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, name, rubric_id, rubric_version, phase, self_deadline, review_deadline, \
                       appeal_deadline, version, created_at, updated_at";

/// Inserts a period.
pub async fn insert(tx: &mut Tx, p: &PeriodRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO periods ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )))
    .bind(&p.id)
    .bind(&p.name)
    .bind(&p.rubric_id)
    .bind(p.rubric_version)
    .bind(&p.phase)
    .bind(&p.self_deadline)
    .bind(&p.review_deadline)
    .bind(&p.appeal_deadline)
    .bind(p.version)
    .bind(&p.created_at)
    .bind(&p.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Finds a period inside a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM periods WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Reads a period.
pub async fn get(pool: &AnyPool, id: &str) -> sqlx::Result<Option<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM periods WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Lists periods, newest first.
pub async fn list(pool: &AnyPool) -> sqlx::Result<Vec<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM periods ORDER BY created_at DESC"
    )))
    .fetch_all(pool)
    .await
}

/// Writes phase and deadlines if the stored version is `expected`; false when stale.
pub async fn update(tx: &mut Tx, p: &PeriodRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE periods SET phase = $1, self_deadline = $2, review_deadline = $3, appeal_deadline = $4,
                version = $5, updated_at = $6
         WHERE id = $7 AND version = $8",
    )
    .bind(&p.phase)
    .bind(&p.self_deadline)
    .bind(&p.review_deadline)
    .bind(&p.appeal_deadline)
    .bind(p.version)
    .bind(&p.updated_at)
    .bind(&p.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A unit's participation in a period.
#[derive(Debug, Clone, FromRow)]
pub struct PeriodUnitRow {
    pub period_id: String,
    pub unit_id: String,
    pub self_deadline: Option<String>,
    pub extension_reason: Option<String>,
}

/// Adds a unit to a period.
pub async fn add_unit(tx: &mut Tx, period_id: &str, unit_id: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO period_units (period_id, unit_id) VALUES ($1, $2)")
        .bind(period_id)
        .bind(unit_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// A unit's participation, if any (on the pool or inside a transaction).
pub async fn find_unit<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<PeriodUnitRow>> {
    sqlx::query_as(
        "SELECT period_id, unit_id, self_deadline, extension_reason FROM period_units
         WHERE period_id = $1 AND unit_id = $2",
    )
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(exec)
    .await
}

/// Units taking part in a period.
pub async fn units(pool: &AnyPool, period_id: &str) -> sqlx::Result<Vec<PeriodUnitRow>> {
    sqlx::query_as(
        "SELECT period_id, unit_id, self_deadline, extension_reason FROM period_units
         WHERE period_id = $1 ORDER BY unit_id",
    )
    .bind(period_id)
    .fetch_all(pool)
    .await
}

/// Extends one unit's self-assessment deadline.
pub async fn extend(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    deadline: &str,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE period_units SET self_deadline = $1, extension_reason = $2 WHERE period_id = $3 AND unit_id = $4")
        .bind(deadline)
        .bind(reason)
        .bind(period_id)
        .bind(unit_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}
