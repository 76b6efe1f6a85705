//! Queries on `final_results`: each unit's result as stored at 定稿, never recomputed.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::sql::{self, Column, TableRow};

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

impl TableRow for FinalResultRow {
    const TABLE: &'static str = "final_results";
    const COLUMNS: &'static [&'static str] = &[
        "period_id",
        "unit_id",
        "rubric_id",
        "rubric_version",
        "rubric_hash",
        "result_hash",
        "result_json",
        "finalized_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("rubric_hash", (&self.rubric_hash).into()),
            ("result_hash", (&self.result_hash).into()),
            ("result_json", (&self.result_json).into()),
            ("finalized_at", (&self.finalized_at).into()),
        ])
    }
}

/// Stores one unit's final result.
pub async fn insert(tx: &mut Tx, r: &FinalResultRow) -> sqlx::Result<()> {
    sql::insert(tx, r).await
}

/// A unit's stored final result, if the period is final.
pub async fn get(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<FinalResultRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM final_results WHERE period_id = $1 AND unit_id = $2",
        FinalResultRow::COLUMNS.join(", ")
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(pool)
    .await
}
