//! Queries on `self_assessments` and `self_scores`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A unit's self-assessment header.
#[derive(Debug, Clone, FromRow)]
pub struct AssessmentRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub status: String,
    pub submitted_at: Option<String>,
    pub returned_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, period_id, unit_id, status, submitted_at, returned_reason, version, created_at, updated_at";

/// Finds the self-assessment of a unit in a period.
pub async fn find(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM self_assessments WHERE period_id = $1 AND unit_id = $2"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Reads the self-assessment of a unit in a period.
pub async fn get(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM self_assessments WHERE period_id = $1 AND unit_id = $2"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(pool)
    .await
}

/// Inserts a new (draft) self-assessment.
pub async fn insert(tx: &mut Tx, a: &AssessmentRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO self_assessments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )))
    .bind(&a.id)
    .bind(&a.period_id)
    .bind(&a.unit_id)
    .bind(&a.status)
    .bind(&a.submitted_at)
    .bind(&a.returned_reason)
    .bind(a.version)
    .bind(&a.created_at)
    .bind(&a.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Writes status fields and bumps the version if the stored version is `expected`.
pub async fn update(tx: &mut Tx, a: &AssessmentRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE self_assessments SET status = $1, submitted_at = $2, returned_reason = $3, version = $4,
                updated_at = $5
         WHERE id = $6 AND version = $7",
    )
    .bind(&a.status)
    .bind(&a.submitted_at)
    .bind(&a.returned_reason)
    .bind(a.version)
    .bind(&a.updated_at)
    .bind(&a.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One item's self score.
#[derive(Debug, Clone, FromRow)]
pub struct SelfScoreRow {
    pub assessment_id: String,
    pub item_code: String,
    pub input_json: String,
    pub score: String,
    pub note: Option<String>,
    pub updated_at: String,
}

/// Inserts or replaces one item's self score.
pub async fn upsert(tx: &mut Tx, s: &SelfScoreRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO self_scores (assessment_id, item_code, input_json, score, note, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (assessment_id, item_code)
         DO UPDATE SET input_json = excluded.input_json, score = excluded.score, note = excluded.note,
                       updated_at = excluded.updated_at",
    )
    .bind(&s.assessment_id)
    .bind(&s.item_code)
    .bind(&s.input_json)
    .bind(&s.score)
    .bind(&s.note)
    .bind(&s.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Every item score of a self-assessment, by item code.
pub async fn scores(pool: &AnyPool, assessment_id: &str) -> sqlx::Result<Vec<SelfScoreRow>> {
    sqlx::query_as(
        "SELECT assessment_id, item_code, input_json, score, note, updated_at FROM self_scores
         WHERE assessment_id = $1 ORDER BY item_code",
    )
    .bind(assessment_id)
    .fetch_all(pool)
    .await
}

/// Every item score of a self-assessment, in a transaction.
pub async fn scores_tx(tx: &mut Tx, assessment_id: &str) -> sqlx::Result<Vec<SelfScoreRow>> {
    sqlx::query_as(
        "SELECT assessment_id, item_code, input_json, score, note, updated_at FROM self_scores
         WHERE assessment_id = $1 ORDER BY item_code",
    )
    .bind(assessment_id)
    .fetch_all(&mut **tx)
    .await
}
