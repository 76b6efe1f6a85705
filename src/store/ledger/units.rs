//! Queries on `units` (assessed units).

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::ledger::UnitType;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, Filter, Listing, Page, TableRow, Versioned};

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub unit_type: UnitType,
    pub region_id: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for UnitRow {
    const TABLE: &'static str = "units";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "unit_type",
        "region_id",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("name", (&self.name).into()),
            ("unit_type", self.unit_type.code().into()),
            ("region_id", self.region_id.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for UnitRow {
    const UPDATABLE: &'static [&'static str] = &["name", "unit_type", "region_id"];
}

impl<'r> FromRow<'r, AnyRow> for UnitRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            name: c.get("name")?,
            unit_type: c.parse("unit_type")?,
            region_id: c.get("region_id")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// Which units a list covers; every given condition must hold.
#[derive(Debug, Clone, Default)]
pub struct UnitQuery {
    /// This unit.
    pub id: Option<String>,
    /// Of this type.
    pub unit_type: Option<UnitType>,
    /// The only unit the caller may see (`None`: the caller may see every unit).
    pub visible_only: Option<String>,
}

impl UnitQuery {
    /// The `WHERE` clauses, on alias `u`.
    fn filter(&self) -> Filter {
        let mut f = Filter::default();
        f.eq("u.id", self.id.as_deref())
            .eq("u.unit_type", self.unit_type.map(UnitType::code))
            .eq("u.id", self.visible_only.as_deref());
        f
    }
}

/// The `SELECT` list, on alias `u`.
fn select() -> String {
    sql::columns::<UnitRow>("u")
}

/// One unit by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<UnitRow>> {
    let sql = format!("SELECT {} FROM units u WHERE u.id = $1", select());
    Ok(sql::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// One unit by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<UnitRow>> {
    let sql = format!("SELECT {} FROM units u WHERE u.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// A page of the units matching `query`, by name.
pub async fn list(
    pool: &AnyPool,
    query: &UnitQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<UnitRow>> {
    let columns = select();
    let listing = Listing {
        columns: &columns,
        from: "units u",
        order: "u.name, u.id",
    };
    sql::page(pool, &listing, &query.filter(), limit, offset).await
}
