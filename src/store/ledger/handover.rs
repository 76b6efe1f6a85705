//! Queries on `handover_inspections` (承接查验).

use sqlx::{AnyPool, FromRow};

use super::{Bind, Filter, TableRow, Tx};

/// A stored handover inspection.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct HandoverRow {
    pub id: String,
    pub project_id: String,
    /// ISO date.
    pub inspected_on: String,
    pub group_size: i64,
    pub owner_representatives: i64,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for HandoverRow {
    const TABLE: &'static str = "handover_inspections";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "project_id",
        "inspected_on",
        "group_size",
        "owner_representatives",
        "note",
        "version",
        "created_at",
        "updated_at",
    ];
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.project_id.clone().into(),
            self.inspected_on.clone().into(),
            self.group_size.into(),
            self.owner_representatives.into(),
            self.note.clone().into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

/// The inspections of one project, oldest first.
pub async fn for_project(pool: &AnyPool, project_id: &str) -> sqlx::Result<Vec<HandoverRow>> {
    let sql = format!(
        "SELECT {} FROM handover_inspections h WHERE h.project_id = $1 \
         ORDER BY h.inspected_on, h.id",
        super::columns::<HandoverRow>("h")
    );
    super::fetch_all(pool, sql, &[project_id.into()]).await
}

/// One inspection by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<HandoverRow>> {
    let sql = format!(
        "SELECT {} FROM handover_inspections h WHERE h.id = $1",
        super::columns::<HandoverRow>("h")
    );
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// What the metrics read per inspection.
#[derive(Debug, Clone, FromRow)]
pub struct HandoverMetricRow {
    pub inspected_on: String,
    pub group_size: i64,
    pub owner_representatives: i64,
}

/// Inspections dated on or before `date` (ISO text) of the projects matching `filter` (alias `p`).
pub async fn metric_rows(
    pool: &AnyPool,
    filter: &Filter,
    date: &str,
) -> sqlx::Result<Vec<HandoverMetricRow>> {
    let mut f = filter.clone();
    f.push("h.inspected_on <= ?", vec![date.into()]);
    let sql = format!(
        "SELECT h.inspected_on, h.group_size, h.owner_representatives \
         FROM handover_inspections h JOIN projects p ON p.id = h.project_id{}",
        f.sql()
    );
    super::fetch_all(pool, sql, &f.binds).await
}

/// Every inspection (for imports, which match by project and date).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<HandoverRow>> {
    let sql = format!(
        "SELECT {} FROM handover_inspections h",
        super::columns::<HandoverRow>("h")
    );
    super::fetch_all_tx(tx, sql, &[]).await
}
