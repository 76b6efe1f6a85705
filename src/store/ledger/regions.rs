//! Queries on `regions` (county → town/park → community).

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::ledger::{RegionLevel, Visibility};
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, Filter, Listing, Page, TableRow, Versioned};

/// A stored region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RegionRow {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub level: RegionLevel,
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
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("name", (&self.name).into()),
            ("level", self.level.code().into()),
            ("parent_id", self.parent_id.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for RegionRow {
    const UPDATABLE: &'static [&'static str] = &["name", "level", "parent_id"];
}

impl<'r> FromRow<'r, AnyRow> for RegionRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            name: c.get("name")?,
            level: c.parse("level")?,
            parent_id: c.get("parent_id")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// Which regions a list covers; every given condition must hold.
#[derive(Debug, Clone)]
pub struct RegionQuery {
    /// What the caller may see.
    pub visibility: Visibility,
    /// At this level.
    pub level: Option<RegionLevel>,
    /// Under this region.
    pub parent_id: Option<String>,
}

impl RegionQuery {
    /// The `WHERE` clauses, on alias `r`.
    fn filter(&self) -> Filter {
        let mut f = Filter::default();
        f.eq("r.level", self.level.map(RegionLevel::code))
            .eq("r.parent_id", self.parent_id.as_deref());
        visible(&mut f, &self.visibility);
        f
    }
}

/// The `SELECT` list, on alias `r`.
fn select() -> String {
    sql::columns::<RegionRow>("r")
}

/// Adds the clause limiting regions to what `vis` may see: the county, and for a town the town
/// and its communities, for a company the towns and communities of its projects.
fn visible(filter: &mut Filter, vis: &Visibility) {
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
            filter.none();
        }
    }
}

/// One region by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<RegionRow>> {
    let mut f = Filter::default();
    f.eq("r.id", Some(id));
    visible(&mut f, vis);
    let sql = format!("SELECT {} FROM regions r{}", select(), f.sql());
    Ok(sql::fetch_all(pool, sql, f.binds()).await?.pop())
}

/// One region by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<RegionRow>> {
    let sql = format!("SELECT {} FROM regions r WHERE r.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every region (the tree is small: a county has tens of towns and hundreds of communities).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<RegionRow>> {
    let sql = format!("SELECT {} FROM regions r ORDER BY r.name, r.id", select());
    sql::fetch_all_tx(tx, sql, &[]).await
}

/// Whether a county region exists.
pub async fn county_exists(tx: &mut Tx) -> sqlx::Result<bool> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM regions WHERE level = 'county'")
        .fetch_all(&mut **tx)
        .await?;
    Ok(!rows.is_empty())
}

/// A page of the regions matching `query`, by level and name.
pub async fn list(
    pool: &AnyPool,
    query: &RegionQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<RegionRow>> {
    let columns = select();
    let listing = Listing {
        columns: &columns,
        from: "regions r",
        order: "r.level, r.name, r.id",
    };
    sql::page(pool, &listing, &query.filter(), limit, offset).await
}
