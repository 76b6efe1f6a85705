//! Queries on `conduct_objections` (a company's objection to one of its conduct records).

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::credit::evaluation::ObjectionStatus;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A stored objection to a conduct record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordObjectionRow {
    pub id: String,
    pub record_id: String,
    pub company_id: String,
    pub reason: String,
    pub filed_on: Date,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub status: ObjectionStatus,
    pub decided_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for RecordObjectionRow {
    const TABLE: &'static str = "conduct_objections";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "record_id",
        "company_id",
        "reason",
        "filed_on",
        "status",
        "decided_on",
        "decision_reason",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("record_id", (&self.record_id).into()),
            ("company_id", (&self.company_id).into()),
            ("reason", (&self.reason).into()),
            ("filed_on", self.filed_on.into()),
            ("status", self.status.code().into()),
            ("decided_on", self.decided_on.into()),
            ("decision_reason", self.decision_reason.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for RecordObjectionRow {
    // Decided once; what the company wrote stays as filed.
    const UPDATABLE: &'static [&'static str] = &["status", "decided_on", "decision_reason"];
}

impl<'r> FromRow<'r, AnyRow> for RecordObjectionRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            record_id: c.get("record_id")?,
            company_id: c.get("company_id")?,
            reason: c.get("reason")?,
            filed_on: c.parse("filed_on")?,
            status: c.parse("status")?,
            decided_on: c.parse_opt("decided_on")?,
            decision_reason: c.get("decision_reason")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

fn select() -> String {
    sql::columns::<RecordObjectionRow>("o")
}

/// One objection by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<RecordObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM conduct_objections o WHERE o.id = $1",
        select()
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// A company's objections, newest first.
pub async fn for_company(
    pool: &AnyPool,
    company_id: &str,
) -> sqlx::Result<Vec<RecordObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM conduct_objections o WHERE o.company_id = $1 \
         ORDER BY o.filed_on DESC, o.created_at DESC, o.id",
        select()
    );
    sql::fetch_all(pool, sql, &[company_id.into()]).await
}

/// Every objection still awaiting the bureau's decision, oldest first.
pub async fn pending(pool: &AnyPool) -> sqlx::Result<Vec<RecordObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM conduct_objections o WHERE o.status = 'pending' \
         ORDER BY o.filed_on, o.created_at, o.id",
        select()
    );
    sql::fetch_all(pool, sql, &[]).await
}
