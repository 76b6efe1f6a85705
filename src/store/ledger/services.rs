//! Queries on `project_services` (which company served which project when).

use sqlx::{AnyPool, FromRow};

use super::{Bind, TableRow, Tx};

/// A stored service period.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct ServiceRow {
    pub id: String,
    pub project_id: String,
    pub company_id: String,
    /// ISO date, inclusive.
    pub start_date: String,
    /// ISO date, inclusive; `None` while serving.
    pub end_date: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ServiceRow {
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
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.project_id.clone().into(),
            self.company_id.clone().into(),
            self.start_date.clone().into(),
            self.end_date.clone().into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

/// A service period with the company's name and code, for display.
#[derive(Debug, Clone, FromRow)]
pub struct ServiceView {
    #[sqlx(flatten)]
    pub row: ServiceRow,
    pub company_name: String,
    pub credit_code: String,
}

/// The periods of one project, oldest first, with company names.
pub async fn for_project(pool: &AnyPool, project_id: &str) -> sqlx::Result<Vec<ServiceView>> {
    let sql = format!(
        "SELECT {}, c.name AS company_name, c.credit_code FROM project_services s \
         JOIN companies c ON c.id = s.company_id WHERE s.project_id = $1 ORDER BY s.start_date, s.id",
        super::columns::<ServiceRow>("s")
    );
    super::fetch_all(pool, sql, &[project_id.into()]).await
}

/// The periods of one project, in a transaction (for overlap checks).
pub async fn for_project_tx(tx: &mut Tx, project_id: &str) -> sqlx::Result<Vec<ServiceView>> {
    let sql = format!(
        "SELECT {}, c.name AS company_name, c.credit_code FROM project_services s \
         JOIN companies c ON c.id = s.company_id WHERE s.project_id = $1 ORDER BY s.start_date, s.id",
        super::columns::<ServiceRow>("s")
    );
    super::fetch_all_tx(tx, sql, &[project_id.into()]).await
}

/// Every period (for imports).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<ServiceRow>> {
    let sql = format!(
        "SELECT {} FROM project_services s",
        super::columns::<ServiceRow>("s")
    );
    super::fetch_all_tx(tx, sql, &[]).await
}

/// One period by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ServiceRow>> {
    let sql = format!(
        "SELECT {} FROM project_services s WHERE s.id = $1",
        super::columns::<ServiceRow>("s")
    );
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}
