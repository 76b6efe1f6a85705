//! Queries on `appeals`.

use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::review::AppealStatus;
use crate::domain::rubric::ItemInput;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

/// A stored appeal.
#[derive(Debug, Clone)]
pub struct AppealRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reason: String,
    pub status: AppealStatus,
    pub decided_score: Option<Decimal>,
    /// The method input the decision gave (stored as JSON in `decided_input_json`), scored to
    /// `decided_score`.
    pub decided_input: Option<ItemInput>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for AppealRow {
    const TABLE: &'static str = "appeals";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "unit_id",
        "item_code",
        "reason",
        "status",
        "decided_score",
        "decided_input_json",
        "decision_reason",
        "decided_by",
        "decided_at",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        let decided_input = match &self.decided_input {
            Some(input) => Bind::json(input)?,
            None => Bind::Text(None),
        };
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("item_code", (&self.item_code).into()),
            ("reason", (&self.reason).into()),
            ("status", self.status.as_str().into()),
            ("decided_score", self.decided_score.into()),
            ("decided_input_json", decided_input),
            ("decision_reason", self.decision_reason.as_deref().into()),
            ("decided_by", self.decided_by.as_deref().into()),
            ("decided_at", self.decided_at.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for AppealRow {
    /// The decision; what was appealed and why never changes.
    const UPDATABLE: &'static [&'static str] = &[
        "status",
        "decided_score",
        "decided_input_json",
        "decision_reason",
        "decided_by",
        "decided_at",
    ];
}

impl<'r> FromRow<'r, AnyRow> for AppealRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            unit_id: c.get("unit_id")?,
            item_code: c.get("item_code")?,
            reason: c.get("reason")?,
            status: c.parse("status")?,
            decided_score: c.parse_opt("decided_score")?,
            decided_input: c.json_opt("decided_input_json")?,
            decision_reason: c.get("decision_reason")?,
            decided_by: c.get("decided_by")?,
            decided_at: c.get("decided_at")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` of appeals, to be followed by a `WHERE`.
fn select() -> String {
    format!("SELECT {} FROM appeals", AppealRow::COLUMNS.join(", "))
}

/// Inserts an appeal.
pub async fn insert(tx: &mut Tx, a: &AppealRow) -> sqlx::Result<()> {
    sql::insert(tx, a).await
}

/// Records a decision if the stored version is `expected`; false when stale.
pub async fn decide(tx: &mut Tx, a: &AppealRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_if_version(tx, a, expected).await
}

/// Finds an appeal in a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{} WHERE id = $1", select())))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// A unit's appeals in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 ORDER BY created_at",
        select()
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}

/// Reads an appeal.
pub async fn get(pool: &AnyPool, id: &str) -> sqlx::Result<Option<AppealRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{} WHERE id = $1", select())))
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
        "{} WHERE period_id = $1 AND unit_id = $2 AND item_code = $3",
        select()
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
        "{} WHERE period_id = $1 AND status = 'pending'
         ORDER BY created_at",
        select()
    )))
    .bind(period_id)
    .fetch_all(&mut **tx)
    .await
}
