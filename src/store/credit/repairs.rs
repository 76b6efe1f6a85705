//! Queries on `credit_repairs` (信用修复申请).

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::credit::repair::RepairStatus;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A stored repair application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RepairRow {
    pub id: String,
    pub record_id: String,
    pub company_id: String,
    pub applied_on: Date,
    pub reason: String,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub status: RepairStatus,
    pub decided_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for RepairRow {
    const TABLE: &'static str = "credit_repairs";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "record_id",
        "company_id",
        "applied_on",
        "reason",
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
            ("applied_on", self.applied_on.into()),
            ("reason", (&self.reason).into()),
            ("status", self.status.code().into()),
            ("decided_on", self.decided_on.into()),
            ("decision_reason", self.decision_reason.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for RepairRow {
    // An application is decided once; what it asked stays as filed.
    const UPDATABLE: &'static [&'static str] = &["status", "decided_on", "decision_reason"];
}

impl<'r> FromRow<'r, AnyRow> for RepairRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            record_id: c.get("record_id")?,
            company_id: c.get("company_id")?,
            applied_on: c.parse("applied_on")?,
            reason: c.get("reason")?,
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
    sql::columns::<RepairRow>("a")
}

/// One application by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<RepairRow>> {
    let sql = format!("SELECT {} FROM credit_repairs a WHERE a.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// The applications for one record, in a transaction (one may be pending at a time).
pub async fn for_record_tx(tx: &mut Tx, record_id: &str) -> sqlx::Result<Vec<RepairRow>> {
    let sql = format!(
        "SELECT {} FROM credit_repairs a WHERE a.record_id = $1 ORDER BY a.created_at, a.id",
        select()
    );
    sql::fetch_all_tx(tx, sql, &[record_id.into()]).await
}

/// A company's applications, newest first.
pub async fn for_company(pool: &AnyPool, company_id: &str) -> sqlx::Result<Vec<RepairRow>> {
    let sql = format!(
        "SELECT {} FROM credit_repairs a WHERE a.company_id = $1 \
         ORDER BY a.applied_on DESC, a.created_at DESC, a.id",
        select()
    );
    sql::fetch_all(pool, sql, &[company_id.into()]).await
}
