//! Queries on `supervision_items`.

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A stored supervision item.
#[derive(Debug, Clone)]
pub struct SupervisionRow {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub title: String,
    pub assigned_on: Date,
    pub deadline: Date,
    /// Whether the office stated the deadline (false: the 1-week default).
    pub deadline_stated: bool,
    /// Why the default deadline was extended, if it was.
    pub extension_reason: Option<String>,
    pub completed_on: Option<Date>,
    pub feedback_on: Option<Date>,
    pub sent_back: u32,
    pub public_criticism: bool,
    pub summons: bool,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for SupervisionRow {
    const TABLE: &'static str = "supervision_items";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "unit_id",
        "title",
        "assigned_on",
        "deadline",
        "deadline_stated",
        "extension_reason",
        "completed_on",
        "feedback_on",
        "sent_back",
        "public_criticism",
        "summons",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("unit_id", (&self.unit_id).into()),
            ("title", (&self.title).into()),
            ("assigned_on", self.assigned_on.into()),
            ("deadline", self.deadline.into()),
            ("deadline_stated", self.deadline_stated.into()),
            ("extension_reason", self.extension_reason.as_deref().into()),
            ("completed_on", self.completed_on.into()),
            ("feedback_on", self.feedback_on.into()),
            ("sent_back", self.sent_back.into()),
            ("public_criticism", self.public_criticism.into()),
            ("summons", self.summons.into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for SupervisionRow {
    /// Progress, as `update` writes it; `extend` writes `EXTENSION`.
    const UPDATABLE: &'static [&'static str] = &[
        "completed_on",
        "feedback_on",
        "sent_back",
        "public_criticism",
        "summons",
    ];
}

/// The columns an extension of the default deadline writes.
const EXTENSION: &[&str] = &["deadline", "extension_reason"];

impl<'r> FromRow<'r, AnyRow> for SupervisionRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            unit_id: c.get("unit_id")?,
            title: c.get("title")?,
            assigned_on: c.parse("assigned_on")?,
            deadline: c.parse("deadline")?,
            deadline_stated: c.flag("deadline_stated")?,
            extension_reason: c.get("extension_reason")?,
            completed_on: c.parse_opt("completed_on")?,
            feedback_on: c.parse_opt("feedback_on")?,
            sent_back: c.int("sent_back")?,
            public_criticism: c.flag("public_criticism")?,
            summons: c.flag("summons")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` of items, to be followed by a `WHERE`.
fn select() -> String {
    format!(
        "SELECT {} FROM supervision_items",
        SupervisionRow::COLUMNS.join(", ")
    )
}

/// Inserts an item.
pub async fn insert(tx: &mut Tx, s: &SupervisionRow) -> sqlx::Result<()> {
    sql::insert(tx, s).await
}

/// Replaces an item's progress fields if the stored version is `expected`; false when stale.
pub async fn update(tx: &mut Tx, s: &SupervisionRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_if_version(tx, s, expected).await
}

/// Sets an item's deadline and the reason it was extended if the stored version is
/// `expected`; false when stale.
pub async fn extend(tx: &mut Tx, s: &SupervisionRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_columns_if_version(tx, s, expected, EXTENSION).await
}

/// Finds an item in a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<SupervisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{} WHERE id = $1", select())))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// A unit's items in a period.
pub async fn for_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Vec<SupervisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{} WHERE period_id = $1 AND unit_id = $2 ORDER BY assigned_on, id",
        select()
    )))
    .bind(period_id)
    .bind(unit_id)
    .fetch_all(pool)
    .await
}
