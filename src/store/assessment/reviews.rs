//! Queries on `reviews` and `review_reports`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// One reviewer's score for one item.
#[derive(Debug, Clone, FromRow)]
pub struct ReviewRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reviewer_id: String,
    pub team_id: String,
    pub input_json: String,
    pub score: String,
    pub reason_code: Option<String>,
    pub comment: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, period_id, unit_id, item_code, reviewer_id, team_id, input_json, score, reason_code, \
                       comment, version, created_at, updated_at";

/// The review of one item by one reviewer.
pub async fn find(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    reviewer_id: &str,
) -> sqlx::Result<Option<ReviewRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reviews WHERE period_id = $1 AND unit_id = $2 AND item_code = $3 AND reviewer_id = $4"
    )))
    .bind(period_id)
    .bind(unit_id)
    .bind(item_code)
    .bind(reviewer_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Inserts a first review.
pub async fn insert(tx: &mut Tx, r: &ReviewRow) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO reviews ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    )))
    .bind(&r.id)
    .bind(&r.period_id)
    .bind(&r.unit_id)
    .bind(&r.item_code)
    .bind(&r.reviewer_id)
    .bind(&r.team_id)
    .bind(&r.input_json)
    .bind(&r.score)
    .bind(&r.reason_code)
    .bind(&r.comment)
    .bind(r.version)
    .bind(&r.created_at)
    .bind(&r.updated_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Replaces a review's score if its stored version is `expected` (each reviewer's entry is
/// versioned on its own); false when stale.
pub async fn update(tx: &mut Tx, r: &ReviewRow, expected: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE reviews SET input_json = $1, score = $2, reason_code = $3, comment = $4, version = $5,
                updated_at = $6
         WHERE id = $7 AND version = $8",
    )
    .bind(&r.input_json)
    .bind(&r.score)
    .bind(&r.reason_code)
    .bind(&r.comment)
    .bind(r.version)
    .bind(&r.updated_at)
    .bind(&r.id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every review of a unit in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<ReviewRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reviews WHERE period_id = $1 AND unit_id = $2 ORDER BY item_code, created_at"
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// Every review by a team in a period (for reliability statistics).
pub async fn for_team(
    pool: &AnyPool,
    period_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<ReviewRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reviews WHERE period_id = $1 AND team_id = $2 ORDER BY unit_id, item_code"
    )))
    .bind(period_id)
    .bind(team_id)
    .fetch_all(pool)
    .await
}

/// A team's written report on a unit.
#[derive(Debug, Clone, FromRow)]
pub struct ReportRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub team_id: String,
    pub body: String,
    pub findings_json: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// The team's report on a unit, if written.
pub async fn find_report(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    team_id: &str,
) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as(
        "SELECT id, period_id, unit_id, team_id, body, findings_json, version, created_at, updated_at
         FROM review_reports WHERE period_id = $1 AND unit_id = $2 AND team_id = $3",
    )
    .bind(period_id)
    .bind(unit_id)
    .bind(team_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Reports on a unit in a period.
pub async fn reports(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<ReportRow>> {
    sqlx::query_as(
        "SELECT id, period_id, unit_id, team_id, body, findings_json, version, created_at, updated_at
         FROM review_reports WHERE period_id = $1 AND unit_id = $2 ORDER BY team_id",
    )
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// Writes a report: inserts it, or replaces it when the stored version is `expected`.
pub async fn save_report(tx: &mut Tx, r: &ReportRow, expected: Option<i64>) -> sqlx::Result<bool> {
    let done = match expected {
        None => sqlx::query(
            "INSERT INTO review_reports (id, period_id, unit_id, team_id, body, findings_json, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&r.id)
        .bind(&r.period_id)
        .bind(&r.unit_id)
        .bind(&r.team_id)
        .bind(&r.body)
        .bind(&r.findings_json)
        .bind(r.version)
        .bind(&r.created_at)
        .bind(&r.updated_at)
        .execute(&mut **tx)
        .await?,
        Some(expected) => sqlx::query(
            "UPDATE review_reports SET body = $1, findings_json = $2, version = $3, updated_at = $4
             WHERE id = $5 AND version = $6",
        )
        .bind(&r.body)
        .bind(&r.findings_json)
        .bind(r.version)
        .bind(&r.updated_at)
        .bind(&r.id)
        .bind(expected)
        .execute(&mut **tx)
        .await?,
    };
    Ok(done.rows_affected() == 1)
}

/// Names of periods past the re-check (on notice or final) in which `reviewer_id` reviewed
/// `unit_id`.
pub async fn settled_periods(
    tx: &mut Tx,
    reviewer_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT p.name FROM reviews r JOIN periods p ON p.id = r.period_id
         WHERE r.reviewer_id = $1 AND r.unit_id = $2 AND p.phase IN ('appeal', 'final')
         ORDER BY p.name",
    )
    .bind(reviewer_id)
    .bind(unit_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}
