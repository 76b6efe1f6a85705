//! Regions: the county → town/park → community tree.

use super::{PageRequest, new_id, record, stale, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::RegionLevel;
use crate::domain::text::{self, Lines};
use crate::service::{Actor, ServiceError};
use crate::store::Db;
use crate::store::ledger::regions::{self as q, RegionRow};
use crate::store::ledger::{Filter, Page, insert, update_if_version};

/// A new region.
#[derive(Debug, Clone)]
pub struct NewRegion {
    pub name: String,
    pub level: String,
    pub parent_id: Option<String>,
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct RegionFilter {
    pub level: Option<String>,
    pub parent_id: Option<String>,
}

/// Creates a region; the tree's shape is checked (one county; towns/parks under it;
/// communities under a town or park).
#[tracing::instrument(skip(db, actor))]
pub async fn create(db: &Db, actor: &Actor, input: &NewRegion) -> Result<RegionRow, ServiceError> {
    let name = text::required("name", &input.name, 50, Lines::Single);
    let level = RegionLevel::parse("level", &input.level);
    let (name, level) = match (name, level) {
        (Ok(n), Ok(l)) => (n, l),
        (n, l) => {
            return Err(ServiceError::Invalid(
                [n.err(), l.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let mut tx = db.begin().await?;
    let parent = match &input.parent_id {
        None => None,
        Some(id) => Some(q::find_tx(&mut tx, id).await?.ok_or_else(|| {
            ServiceError::invalid(
                "parent_id",
                format!("上级区域 {id} 不存在 (no such region)"),
            )
        })?),
    };
    let parent_level = parent
        .as_ref()
        .and_then(|p| p.level.parse::<RegionLevel>().ok());
    level
        .parent_level_ok(parent_level)
        .map_err(|m| ServiceError::invalid("parent_id", m))?;
    if level == RegionLevel::County && q::county_exists(&mut tx).await? {
        return Err(ServiceError::Conflict(
            "台账中已有县级区域，只能有一个 (only one county)".into(),
        ));
    }
    let at = db.clock.stamp();
    let row = RegionRow {
        id: new_id(),
        name,
        level: level.code().into(),
        parent_id: parent.map(|p| p.id),
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    insert(&mut tx, &row).await?;
    record(
        &mut tx,
        &db.clock,
        actor,
        "region.create",
        &row.id,
        None,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Renames a region (its place in the tree is fixed: projects hang from it).
#[tracing::instrument(skip(db, actor))]
pub async fn rename(
    db: &Db,
    actor: &Actor,
    id: &str,
    version: i64,
    name: &str,
) -> Result<RegionRow, ServiceError> {
    let name = text::required("name", name, 50, Lines::Single)?;
    let mut tx = db.begin().await?;
    let before = q::find_tx(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("区域 {id}")))?;
    if before.version != version {
        return Err(stale("区域", before.version, version));
    }
    if before.name == name {
        return Ok(before);
    }
    let after = RegionRow {
        name,
        updated_at: db.clock.stamp(),
        ..before.clone()
    };
    if !update_if_version(&mut tx, &after, version).await? {
        return Err(stale("区域", before.version + 1, version));
    }
    let after = RegionRow {
        version: version + 1,
        ..after
    };
    record(
        &mut tx,
        &db.clock,
        actor,
        "region.update",
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// One region, if the caller may see it.
pub async fn get(db: &Db, who: &Principal, id: &str) -> Result<RegionRow, ServiceError> {
    let vis = visibility_of(db, who).await?;
    q::find(&db.pool, id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("区域 {id}")))
}

/// A page of the regions the caller may see.
pub async fn list(
    db: &Db,
    who: &Principal,
    f: &RegionFilter,
    page: PageRequest,
) -> Result<Page<RegionRow>, ServiceError> {
    let (limit, offset) = page.limit_offset()?;
    let vis = visibility_of(db, who).await?;
    let mut filter = Filter::default();
    if let Some(l) = &f.level {
        filter.eq(
            "r.level",
            Some(RegionLevel::parse("level", l)?.code().into()),
        );
    }
    filter.eq("r.parent_id", f.parent_id.clone().map(Into::into));
    q::visible(&mut filter, &vis);
    Ok(q::list(&db.pool, &filter, limit, offset).await?)
}
