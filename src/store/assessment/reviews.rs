//! Queries on `reviews` and `review_reports`.

use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::review::ReasonCode;
use crate::domain::rubric::ItemInput;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

/// One reviewer's score for one item.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reviewer_id: String,
    pub team_id: String,
    /// The method's input (stored as JSON in `input_json`).
    pub input: ItemInput,
    pub score: Decimal,
    pub reason_code: Option<ReasonCode>,
    pub comment: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ReviewRow {
    const TABLE: &'static str = "reviews";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "unit_id",
        "item_code",
        "reviewer_id",
        "team_id",
        "input_json",
        "score",
        "reason_code",
        "comment",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("item_code", (&self.item_code).into()),
            ("reviewer_id", (&self.reviewer_id).into()),
            ("team_id", (&self.team_id).into()),
            ("input_json", Bind::json(&self.input)?),
            ("score", self.score.into()),
            ("reason_code", self.reason_code.map(|c| c.code()).into()),
            ("comment", self.comment.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ReviewRow {
    const UPDATABLE: &'static [&'static str] = &["input_json", "score", "reason_code", "comment"];
}

impl<'r> FromRow<'r, AnyRow> for ReviewRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            unit_id: c.get("unit_id")?,
            item_code: c.get("item_code")?,
            reviewer_id: c.get("reviewer_id")?,
            team_id: c.get("team_id")?,
            input: c.json("input_json")?,
            score: c.parse("score")?,
            reason_code: c.parse_opt("reason_code")?,
            comment: c.get("comment")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` of reviews, to be followed by a `WHERE`.
fn select() -> String {
    format!("SELECT {} FROM reviews", ReviewRow::COLUMNS.join(", "))
}

/// The review of one item by one reviewer.
pub async fn find(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    reviewer_id: &str,
) -> sqlx::Result<Option<ReviewRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 AND item_code = $3 AND reviewer_id = $4",
        select()
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
    sql::insert(tx, r).await
}

/// Replaces a review's score if its stored version is `expected` (each reviewer's entry is
/// versioned on its own); false when stale.
pub async fn update(tx: &mut Tx, r: &ReviewRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_if_version(tx, r, expected).await
}

/// Every review of a unit in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<ReviewRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 ORDER BY item_code, created_at",
        select()
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
        "{} WHERE period_id = $1 AND team_id = $2 ORDER BY unit_id, item_code",
        select()
    )))
    .bind(period_id)
    .bind(team_id)
    .fetch_all(pool)
    .await
}

/// A team's written report on a unit.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub team_id: String,
    pub body: String,
    /// Structured findings (stored as JSON in `findings_json`).
    pub findings: serde_json::Value,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ReportRow {
    const TABLE: &'static str = "review_reports";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "unit_id",
        "team_id",
        "body",
        "findings_json",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("team_id", (&self.team_id).into()),
            ("body", (&self.body).into()),
            ("findings_json", Bind::json(&self.findings)?),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ReportRow {
    const UPDATABLE: &'static [&'static str] = &["body", "findings_json"];
}

impl<'r> FromRow<'r, AnyRow> for ReportRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            unit_id: c.get("unit_id")?,
            team_id: c.get("team_id")?,
            body: c.get("body")?,
            findings: c.json("findings_json")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` of reports, to be followed by a `WHERE`.
fn select_reports() -> String {
    format!(
        "SELECT {} FROM review_reports",
        ReportRow::COLUMNS.join(", ")
    )
}

/// The team's report on a unit, if written.
pub async fn find_report(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    team_id: &str,
) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 AND team_id = $3",
        select_reports()
    )))
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
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 ORDER BY team_id",
        select_reports()
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// Writes a report: inserts it, or replaces it when the stored version is `expected`.
pub async fn save_report(tx: &mut Tx, r: &ReportRow, expected: Option<i64>) -> sqlx::Result<bool> {
    match expected {
        None => sql::insert(tx, r).await.map(|()| true),
        Some(expected) => sql::update_if_version(tx, r, expected).await,
    }
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
