//! Queries on `projects`.

use sqlx::{AnyPool, FromRow};

use super::{Bind, Filter, Page, TableRow, Tx};
use crate::domain::ledger::Visibility;

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    pub town_id: String,
    pub community_id: String,
    pub management_type: String,
    pub households: i64,
    /// Exact decimal text, m².
    pub floor_area: String,
    /// Exact decimal text, 元/m²/月.
    pub fee_standard: Option<String>,
    pub staff_count: Option<i64>,
    /// 0 or 1.
    pub committee_formed: i64,
    pub committee_formed_on: Option<String>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ProjectRow {
    const TABLE: &'static str = "projects";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "code",
        "name",
        "address",
        "town_id",
        "community_id",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
        "version",
        "created_at",
        "updated_at",
    ];
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.code.clone().into(),
            self.name.clone().into(),
            self.address.clone().into(),
            self.town_id.clone().into(),
            self.community_id.clone().into(),
            self.management_type.clone().into(),
            self.households.into(),
            self.floor_area.clone().into(),
            self.fee_standard.clone().into(),
            self.staff_count.into(),
            self.committee_formed.into(),
            self.committee_formed_on.clone().into(),
            self.committee_members.into(),
            self.committee_party_members.into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

/// Adds the clause limiting projects (alias `p`) to what `vis` may see.
pub fn visible(filter: &mut Filter, vis: &Visibility) {
    match vis {
        Visibility::All => {}
        Visibility::Town(t) => {
            filter.push("p.town_id = ?", vec![t.as_str().into()]);
        }
        Visibility::Company(c) => {
            filter.push(
                "EXISTS (SELECT 1 FROM project_services s WHERE s.project_id = p.id AND s.company_id = ?)",
                vec![c.as_str().into()],
            );
        }
        Visibility::Nothing => {
            filter.push("1 = 0", vec![]);
        }
    }
}

/// Adds "served by `company` on `date`" (ISO text) for alias `p`.
pub fn served_by_on(filter: &mut Filter, company: &str, date: &str) {
    filter.push(
        "EXISTS (SELECT 1 FROM project_services s WHERE s.project_id = p.id AND s.company_id = ? \
         AND s.start_date <= ? AND (s.end_date IS NULL OR s.end_date >= ?))",
        vec![company.into(), date.into(), date.into()],
    );
}

/// One project by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<ProjectRow>> {
    let mut f = Filter::default();
    f.push("p.id = ?", vec![id.into()]);
    visible(&mut f, vis);
    let sql = format!(
        "SELECT {} FROM projects p{}",
        super::columns::<ProjectRow>("p"),
        f.sql()
    );
    Ok(super::fetch_all(pool, sql, &f.binds).await?.pop())
}

/// One project by id, in a transaction, taking its row lock (PostgreSQL) so period checks on
/// it are serialised; SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub async fn lock_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ProjectRow>> {
    sqlx::query("UPDATE projects SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let sql = format!(
        "SELECT {} FROM projects p WHERE p.id = $1",
        super::columns::<ProjectRow>("p")
    );
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every project (for imports, which match by code).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<ProjectRow>> {
    let sql = format!(
        "SELECT {} FROM projects p",
        super::columns::<ProjectRow>("p")
    );
    super::fetch_all_tx(tx, sql, &[]).await
}

/// A filtered page of projects.
pub async fn list(
    pool: &AnyPool,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<ProjectRow>> {
    let cols = super::columns::<ProjectRow>("p");
    super::page(
        pool,
        &cols,
        "projects p",
        filter,
        "p.code, p.id",
        limit,
        offset,
    )
    .await
}

/// What the metrics read per project: its row, and the company serving on `date` if any.
#[derive(Debug, Clone, FromRow)]
pub struct MetricRow {
    pub management_type: String,
    pub committee_formed: i64,
    pub committee_formed_on: Option<String>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
    pub company_id: Option<String>,
}

/// Projects matching `filter` (alias `p`) with the company serving each on `date`.
pub async fn metric_rows(
    pool: &AnyPool,
    filter: &Filter,
    date: &str,
) -> sqlx::Result<Vec<MetricRow>> {
    let n = filter.next_param();
    let sql = format!(
        "SELECT p.management_type, p.committee_formed, p.committee_formed_on, p.committee_members, \
         p.committee_party_members, (SELECT MIN(s.company_id) FROM project_services s \
         WHERE s.project_id = p.id AND s.start_date <= ${n} AND (s.end_date IS NULL OR s.end_date >= ${n})) \
         AS company_id FROM projects p{}",
        filter.sql()
    );
    let mut binds = filter.binds.clone();
    binds.push(date.into());
    super::fetch_all(pool, sql, &binds).await
}
