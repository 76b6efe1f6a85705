//! Queries on `project_services`: service periods (服务期), which company served which project
//! when.

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A stored service period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServicePeriodRow {
    pub id: String,
    pub project_id: String,
    pub company_id: String,
    /// Inclusive.
    pub start_date: Date,
    /// Inclusive; `None` while serving.
    pub end_date: Option<Date>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ServicePeriodRow {
    const TABLE: &'static str = "project_services";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "project_id",
        "company_id",
        "start_date",
        "end_date",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("project_id", (&self.project_id).into()),
            ("company_id", (&self.company_id).into()),
            ("start_date", self.start_date.into()),
            ("end_date", self.end_date.into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ServicePeriodRow {
    const UPDATABLE: &'static [&'static str] =
        &["project_id", "company_id", "start_date", "end_date"];
}

impl<'r> FromRow<'r, AnyRow> for ServicePeriodRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            project_id: c.get("project_id")?,
            company_id: c.get("company_id")?,
            start_date: c.parse("start_date")?,
            end_date: c.parse_opt("end_date")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// A service period with its company's name and credit code, for display.
#[derive(Debug, Clone, FromRow)]
pub struct ServicePeriodCompanyRow {
    #[sqlx(flatten)]
    pub period: ServicePeriodRow,
    pub company_name: String,
    pub credit_code: String,
}

/// The `SELECT` list, on alias `s`.
fn select() -> String {
    sql::columns::<ServicePeriodRow>("s")
}

/// The `SELECT` of a project's periods with their companies, oldest first.
fn with_companies_sql() -> String {
    format!(
        "SELECT {}, c.name AS company_name, c.credit_code FROM project_services s \
         JOIN companies c ON c.id = s.company_id WHERE s.project_id = $1 ORDER BY s.start_date, s.id",
        select()
    )
}

/// The periods of one project, oldest first, with company names.
pub async fn for_project(
    pool: &AnyPool,
    project_id: &str,
) -> sqlx::Result<Vec<ServicePeriodCompanyRow>> {
    sql::fetch_all(pool, with_companies_sql(), &[project_id.into()]).await
}

/// The periods of one project, in a transaction (for overlap checks).
pub async fn for_project_tx(
    tx: &mut Tx,
    project_id: &str,
) -> sqlx::Result<Vec<ServicePeriodCompanyRow>> {
    sql::fetch_all_tx(tx, with_companies_sql(), &[project_id.into()]).await
}

/// Every period (for imports).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<ServicePeriodRow>> {
    let sql = format!("SELECT {} FROM project_services s", select());
    sql::fetch_all_tx(tx, sql, &[]).await
}

/// One period by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ServicePeriodRow>> {
    let sql = format!(
        "SELECT {} FROM project_services s WHERE s.id = $1",
        select()
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}
