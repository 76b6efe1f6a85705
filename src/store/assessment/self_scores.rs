//! Queries on `self_assessments` and `self_scores`.

use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::review::SelfStatus;
use crate::domain::rubric::ItemInput;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A unit's self-assessment header.
#[derive(Debug, Clone)]
pub struct AssessmentRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub status: SelfStatus,
    pub submitted_at: Option<String>,
    pub returned_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for AssessmentRow {
    const TABLE: &'static str = "self_assessments";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "unit_id",
        "status",
        "submitted_at",
        "returned_reason",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("status", self.status.as_str().into()),
            ("submitted_at", self.submitted_at.as_deref().into()),
            ("returned_reason", self.returned_reason.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for AssessmentRow {
    const UPDATABLE: &'static [&'static str] = &["status", "submitted_at", "returned_reason"];
}

impl<'r> FromRow<'r, AnyRow> for AssessmentRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            unit_id: c.get("unit_id")?,
            status: c.parse("status")?,
            submitted_at: c.get("submitted_at")?,
            returned_reason: c.get("returned_reason")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` of a unit's self-assessment in a period.
fn find_sql() -> String {
    format!(
        "SELECT {} FROM self_assessments WHERE period_id = $1 AND unit_id = $2",
        AssessmentRow::COLUMNS.join(", ")
    )
}

/// Finds the self-assessment of a unit in a period.
pub async fn find(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(find_sql()))
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
    sqlx::query_as(sqlx::AssertSqlSafe(find_sql()))
        .bind(period_id)
        .bind(unit_id)
        .fetch_optional(pool)
        .await
}

/// Inserts a new (draft) self-assessment.
pub async fn insert(tx: &mut Tx, a: &AssessmentRow) -> sqlx::Result<()> {
    sql::insert(tx, a).await
}

/// Writes status fields and bumps the version if the stored version is `expected`.
pub async fn update(tx: &mut Tx, a: &AssessmentRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_if_version(tx, a, expected).await
}

/// One item's self score.
#[derive(Debug, Clone)]
pub struct SelfScoreRow {
    pub assessment_id: String,
    pub item_code: String,
    /// The method's input (stored as JSON in `input_json`).
    pub input: ItemInput,
    pub score: Decimal,
    pub note: Option<String>,
    pub updated_at: String,
}

impl SelfScoreRow {
    /// The input's JSON text, as stored (and as audit entries record it): an input re-entered
    /// with other text (`3.50` for `3.5`) is a change.
    pub fn input_json(&self) -> sqlx::Result<String> {
        sql::json_text(&self.input)
    }
}

impl<'r> FromRow<'r, AnyRow> for SelfScoreRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, "self_scores");
        Ok(Self {
            assessment_id: c.get("assessment_id")?,
            item_code: c.get("item_code")?,
            input: c.json("input_json")?,
            score: c.parse("score")?,
            note: c.get("note")?,
            updated_at: c.get("updated_at")?,
        })
    }
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
    .bind(s.input_json()?)
    .bind(s.score.to_string())
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
