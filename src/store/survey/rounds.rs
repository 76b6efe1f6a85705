//! `survey_rounds` and `survey_round_projects`.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// A stored survey round.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoundRow {
    pub id: String,
    pub name: String,
    pub period_id: Option<String>,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub opens_at: String,
    pub closes_at: String,
    pub published_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    /// How its codes were first hashed: [`KEYED`] or, for rounds made before the server
    /// secret, [`LEGACY`] (see migration 0028).
    pub code_hash_scheme: String,
}

/// Codes hashed with HMAC-SHA256 under the server secret.
pub const KEYED: &str = "hmac-sha256";
/// Codes hashed with plain SHA-256 (rounds made before migration 0028).
pub const LEGACY: &str = "sha256";

impl TableRow for RoundRow {
    const TABLE: &'static str = "survey_rounds";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "period_id",
        "rubric_id",
        "rubric_version",
        "opens_at",
        "closes_at",
        "published_at",
        "version",
        "created_at",
        "updated_at",
        "code_hash_scheme",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("name", (&self.name).into()),
            ("period_id", self.period_id.as_deref().into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("opens_at", (&self.opens_at).into()),
            ("closes_at", (&self.closes_at).into()),
            ("published_at", self.published_at.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
            ("code_hash_scheme", (&self.code_hash_scheme).into()),
        ])
    }
}

impl sql::Versioned for RoundRow {
    const UPDATABLE: &'static [&'static str] = &["published_at"];
}

impl<'r> FromRow<'r, AnyRow> for RoundRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            name: c.get("name")?,
            period_id: c.get("period_id")?,
            rubric_id: c.get("rubric_id")?,
            rubric_version: c.get("rubric_version")?,
            opens_at: c.get("opens_at")?,
            closes_at: c.get("closes_at")?,
            published_at: c.get("published_at")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
            code_hash_scheme: c.get("code_hash_scheme")?,
        })
    }
}

/// A project of a round with its households and required sample.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoundProjectRow {
    pub round_id: String,
    pub project_id: String,
    pub households: i64,
    pub required: i64,
}

impl TableRow for RoundProjectRow {
    const TABLE: &'static str = "survey_round_projects";
    const COLUMNS: &'static [&'static str] = &["round_id", "project_id", "households", "required"];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("round_id", (&self.round_id).into()),
            ("project_id", (&self.project_id).into()),
            ("households", self.households.into()),
            ("required", self.required.into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for RoundProjectRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            round_id: c.get("round_id")?,
            project_id: c.get("project_id")?,
            households: c.get("households")?,
            required: c.get("required")?,
        })
    }
}

/// One round by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r WHERE r.id = $1",
        sql::columns::<RoundRow>("r")
    );
    Ok(sql::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// One round by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r WHERE r.id = $1",
        sql::columns::<RoundRow>("r")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every round, newest first.
pub async fn all(pool: &AnyPool) -> sqlx::Result<Vec<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r ORDER BY r.created_at DESC, r.id",
        sql::columns::<RoundRow>("r")
    );
    sql::fetch_all(pool, sql, &[]).await
}

/// The rounds of an assessment period, by opening time.
pub async fn for_period(pool: &AnyPool, period_id: &str) -> sqlx::Result<Vec<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r WHERE r.period_id = $1 ORDER BY r.opens_at, r.id",
        sql::columns::<RoundRow>("r")
    );
    sql::fetch_all(pool, sql, &[period_id.into()]).await
}

/// The projects of a round.
pub async fn projects(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<RoundProjectRow>> {
    let sql = format!(
        "SELECT {} FROM survey_round_projects p WHERE p.round_id = $1 ORDER BY p.project_id",
        sql::columns::<RoundProjectRow>("p")
    );
    sql::fetch_all(pool, sql, &[round_id.into()]).await
}

/// `(project id, company id)` of each project of round `round_id` with the company serving it
/// on `day`, by project then company (a project nobody served that day is left out; on a
/// handover day both serve, and a caller keeping one per project keeps the last).
pub async fn serving_on(
    pool: &AnyPool,
    round_id: &str,
    day: jiff::civil::Date,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT p.project_id, s.company_id FROM survey_round_projects p \
         JOIN project_services s ON s.project_id = p.project_id \
         WHERE p.round_id = $1 AND s.start_date <= $2 AND (s.end_date IS NULL OR s.end_date >= $3) \
         ORDER BY p.project_id, s.company_id",
    )
    .bind(round_id)
    .bind(day.to_string())
    .bind(day.to_string())
    .fetch_all(pool)
    .await
}

/// The latest round bound to `period_id` that has closed by `now` (stored instant text).
pub async fn latest_closed_for_period(
    pool: &AnyPool,
    period_id: &str,
    now: &str,
) -> sqlx::Result<Option<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r WHERE r.period_id = $1 AND r.closes_at <= $2 \
         ORDER BY r.closes_at DESC, r.id LIMIT 1",
        sql::columns::<RoundRow>("r")
    );
    Ok(sql::fetch_all(pool, sql, &[period_id.into(), now.into()])
        .await?
        .pop())
}

/// The rounds that closed in `[from, to]` (stored instants), newest first.
pub async fn closed_between(pool: &AnyPool, from: &str, to: &str) -> sqlx::Result<Vec<RoundRow>> {
    let sql = format!(
        "SELECT {} FROM survey_rounds r WHERE r.closes_at >= $1 AND r.closes_at <= $2 \
         ORDER BY r.closes_at DESC, r.id",
        sql::columns::<RoundRow>("r")
    );
    sql::fetch_all(pool, sql, &[from.into(), to.into()]).await
}
