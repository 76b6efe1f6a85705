//! Queries on `final_results`: each unit's result as stored at 定稿, never recomputed.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A unit's stored final result.
#[derive(Debug, Clone, FromRow)]
pub struct FinalResultRow {
    pub period_id: String,
    pub unit_id: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub rubric_hash: String,
    pub result_hash: String,
    pub result_json: String,
    pub finalized_at: String,
}

const COLUMNS: &str = "period_id, unit_id, rubric_id, rubric_version, rubric_hash, result_hash, \
                       result_json, finalized_at";

/// Stores one unit's final result.
pub async fn insert(tx: &mut Tx, r: &FinalResultRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO final_results ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )))
    .bind(&r.period_id)
    .bind(&r.unit_id)
    .bind(&r.rubric_id)
    .bind(r.rubric_version)
    .bind(&r.rubric_hash)
    .bind(&r.result_hash)
    .bind(&r.result_json)
    .bind(&r.finalized_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// A unit's stored final result, if the period is final.
pub async fn get(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<FinalResultRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM final_results WHERE period_id = $1 AND unit_id = $2"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(pool)
    .await
}
