//! Queries on `regions` (county → town/park → community).

use sqlx::{AnyPool, FromRow};

use super::{Bind, Filter, Page, TableRow, Tx};
use crate::domain::ledger::Visibility;

/// A stored region.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct RegionRow {
    pub id: String,
    pub name: String,
    pub level: String,
    pub parent_id: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for RegionRow {
    const TABLE: &'static str = "regions";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "level",
        "parent_id",
        "version",
        "created_at",
        "updated_at",
    ];
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.name.clone().into(),
            self.level.clone().into(),
            self.parent_id.clone().into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

const COLUMNS: &str = "r.id, r.name, r.level, r.parent_id, r.version, r.created_at, r.updated_at";

/// Adds the clause limiting regions to what `vis` may see: the county, and for a town the town
/// and its communities, for a company the towns and communities of its projects.
pub fn visible(filter: &mut Filter, vis: &Visibility) {
    match vis {
        Visibility::All => {}
        Visibility::Town(t) => {
            filter.push(
                "(r.level = 'county' OR r.id = ? OR r.parent_id = ?)",
                vec![t.as_str().into(), t.as_str().into()],
            );
        }
        Visibility::Company(c) => {
            filter.push(
                "(r.level = 'county' OR EXISTS (SELECT 1 FROM projects p JOIN project_services s \
                 ON s.project_id = p.id WHERE s.company_id = ? AND (p.town_id = r.id OR p.community_id = r.id)))",
                vec![c.as_str().into()],
            );
        }
        Visibility::Nothing => {
            filter.push("1 = 0", vec![]);
        }
    }
}

/// One region by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<RegionRow>> {
    let mut f = Filter::default();
    f.push("r.id = ?", vec![id.into()]);
    visible(&mut f, vis);
    let sql = format!("SELECT {COLUMNS} FROM regions r{}", f.sql());
    Ok(super::fetch_all(pool, sql, &f.binds).await?.pop())
}

/// One region by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<RegionRow>> {
    let sql = format!("SELECT {COLUMNS} FROM regions r WHERE r.id = $1");
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every region (the tree is small: a county has tens of towns and hundreds of communities).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<RegionRow>> {
    let sql = format!("SELECT {COLUMNS} FROM regions r ORDER BY r.name, r.id");
    super::fetch_all_tx(tx, sql, &[]).await
}

/// Whether a county region exists.
pub async fn county_exists(tx: &mut Tx) -> sqlx::Result<bool> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM regions WHERE level = 'county'")
        .fetch_all(&mut **tx)
        .await?;
    Ok(!rows.is_empty())
}

/// A filtered page of regions.
pub async fn list(
    pool: &AnyPool,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<RegionRow>> {
    super::page(
        pool,
        COLUMNS,
        "regions r",
        filter,
        "r.level, r.name, r.id",
        limit,
        offset,
    )
    .await
}
