//! Queries on `rubric_versions`.

use sqlx::FromRow;

use super::Tx;

/// A recorded rubric version.
#[derive(Debug, Clone, FromRow)]
pub struct RubricVersionRow {
    pub rubric_id: String,
    pub version: i64,
    pub kind: String,
    pub title: String,
    pub content_hash: String,
    pub loaded_at: String,
    pub scored_at: Option<String>,
}

/// Finds the record of one rubric version.
pub async fn find(
    tx: &mut Tx,
    rubric_id: &str,
    version: i64,
) -> sqlx::Result<Option<RubricVersionRow>> {
    sqlx::query_as(
        "SELECT rubric_id, version, kind, title, content_hash, loaded_at, scored_at
         FROM rubric_versions WHERE rubric_id = $1 AND version = $2",
    )
    .bind(rubric_id)
    .bind(version)
    .fetch_optional(&mut **tx)
    .await
}

/// Records a newly seen rubric version.
pub async fn insert(tx: &mut Tx, row: &RubricVersionRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO rubric_versions (rubric_id, version, kind, title, content_hash, loaded_at, scored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.rubric_id)
    .bind(row.version)
    .bind(&row.kind)
    .bind(&row.title)
    .bind(&row.content_hash)
    .bind(&row.loaded_at)
    .bind(&row.scored_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Replaces the recorded content of a version that has no scores yet.
pub async fn update_content(tx: &mut Tx, row: &RubricVersionRow) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE rubric_versions SET kind = $1, title = $2, content_hash = $3, loaded_at = $4
         WHERE rubric_id = $5 AND version = $6 AND scored_at IS NULL",
    )
    .bind(&row.kind)
    .bind(&row.title)
    .bind(&row.content_hash)
    .bind(&row.loaded_at)
    .bind(&row.rubric_id)
    .bind(row.version)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Marks a version as used by a stored score (from then on its content is frozen).
pub async fn mark_scored(tx: &mut Tx, rubric_id: &str, version: i64, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE rubric_versions SET scored_at = $1 WHERE rubric_id = $2 AND version = $3 AND scored_at IS NULL",
    )
    .bind(at)
    .bind(rubric_id)
    .bind(version)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}
