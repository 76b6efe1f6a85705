//! Queries on `units` (assessed units).

use sqlx::{AnyPool, FromRow};

use super::{Bind, Filter, Page, TableRow, Tx};

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub unit_type: String,
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
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.name.clone().into(),
            self.unit_type.clone().into(),
            self.region_id.clone().into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

const COLUMNS: &str =
    "u.id, u.name, u.unit_type, u.region_id, u.version, u.created_at, u.updated_at";

/// One unit by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<UnitRow>> {
    let sql = format!("SELECT {COLUMNS} FROM units u WHERE u.id = $1");
    Ok(super::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// One unit by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<UnitRow>> {
    let sql = format!("SELECT {COLUMNS} FROM units u WHERE u.id = $1");
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// A filtered page of units.
pub async fn list(
    pool: &AnyPool,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<UnitRow>> {
    super::page(
        pool,
        COLUMNS,
        "units u",
        filter,
        "u.name, u.id",
        limit,
        offset,
    )
    .await
}
