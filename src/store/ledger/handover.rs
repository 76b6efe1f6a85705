//! Queries on `handover_inspections` (承接查验).

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use super::projects::ProjectQuery;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow, Versioned};

/// A stored handover inspection.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HandoverRow {
    pub id: String,
    pub project_id: String,
    pub inspected_on: Date,
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
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("project_id", (&self.project_id).into()),
            ("inspected_on", self.inspected_on.into()),
            ("group_size", self.group_size.into()),
            ("owner_representatives", self.owner_representatives.into()),
            ("note", self.note.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for HandoverRow {
    const UPDATABLE: &'static [&'static str] = &[
        "project_id",
        "inspected_on",
        "group_size",
        "owner_representatives",
        "note",
    ];
}

impl<'r> FromRow<'r, AnyRow> for HandoverRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            project_id: c.get("project_id")?,
            inspected_on: c.parse("inspected_on")?,
            group_size: c.get("group_size")?,
            owner_representatives: c.get("owner_representatives")?,
            note: c.get("note")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` list, on alias `h`.
fn select() -> String {
    sql::columns::<HandoverRow>("h")
}

/// The inspections of one project, oldest first.
pub async fn for_project(pool: &AnyPool, project_id: &str) -> sqlx::Result<Vec<HandoverRow>> {
    let sql = format!(
        "SELECT {} FROM handover_inspections h WHERE h.project_id = $1 \
         ORDER BY h.inspected_on, h.id",
        select()
    );
    sql::fetch_all(pool, sql, &[project_id.into()]).await
}

/// One inspection by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<HandoverRow>> {
    let sql = format!(
        "SELECT {} FROM handover_inspections h WHERE h.id = $1",
        select()
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// What the metrics read per inspection.
#[derive(Debug, Clone)]
pub struct HandoverMetricRow {
    pub inspected_on: Date,
    pub group_size: i64,
    pub owner_representatives: i64,
}

impl<'r> FromRow<'r, AnyRow> for HandoverMetricRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, HandoverRow::TABLE);
        Ok(Self {
            inspected_on: c.parse("inspected_on")?,
            group_size: c.get("group_size")?,
            owner_representatives: c.get("owner_representatives")?,
        })
    }
}

/// Inspections dated on or before `day` of the projects matching `projects`.
pub async fn metric_rows(
    pool: &AnyPool,
    projects: &ProjectQuery,
    day: Date,
) -> sqlx::Result<Vec<HandoverMetricRow>> {
    let mut f = projects.filter();
    f.push("h.inspected_on <= ?", vec![day.into()]);
    let sql = format!(
        "SELECT h.inspected_on, h.group_size, h.owner_representatives \
         FROM handover_inspections h JOIN projects p ON p.id = h.project_id{}",
        f.sql()
    );
    sql::fetch_all(pool, sql, f.binds()).await
}

/// Every inspection (for imports, which match by project and date).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<HandoverRow>> {
    let sql = format!("SELECT {} FROM handover_inspections h", select());
    sql::fetch_all_tx(tx, sql, &[]).await
}
