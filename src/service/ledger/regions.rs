//! Regions: the county → town/park → community tree.

use super::edit::{current, found};
use super::writer;
use super::{Page, PageRequest, new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::RegionLevel;
use crate::domain::text::{self, Lines};
use crate::service::AppState;
use crate::service::{Actor, ServiceError};
use crate::store::ledger::regions::{self, RegionQuery, RegionRow};

/// A region as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionView {
    pub id: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent_id: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<RegionRow> for RegionView {
    fn from(r: RegionRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            level: r.level,
            parent_id: r.parent_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

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
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &NewRegion,
) -> Result<RegionView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
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
        Some(id) => Some(regions::find_tx(&mut tx, id).await?.ok_or_else(|| {
            ServiceError::invalid(
                "parent_id",
                format!("上级区域 {id} 不存在 (no such region)"),
            )
        })?),
    };
    let parent_level = parent.as_ref().map(|p| p.level);
    level
        .parent_level_ok(parent_level)
        .map_err(|m| ServiceError::invalid("parent_id", m))?;
    if level == RegionLevel::County && regions::county_exists(&mut tx).await? {
        return Err(ServiceError::Conflict(
            "台账中已有县级区域，只能有一个 (only one county)".into(),
        ));
    }
    let at = db.clock.stamp();
    let row = RegionRow {
        id: new_id(),
        name,
        level,
        parent_id: parent.map(|p| p.id),
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(db, actor).create(&mut tx, &row, Into::into).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Renames a region (its place in the tree is fixed: projects hang from it).
#[tracing::instrument(skip(state, who))]
pub async fn rename(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    name: &str,
) -> Result<RegionView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let name = text::required("name", name, 50, Lines::Single)?;
    let mut tx = db.begin().await?;
    let before = found(regions::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let after = RegionRow {
        name,
        ..before.clone()
    };
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, Into::into)
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// One region, if the caller may see it.
pub async fn get(state: &AppState, who: &Principal, id: &str) -> Result<RegionView, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    regions::find(&db.pool, id, &vis)
        .await?
        .map(RegionView::from)
        .ok_or_else(|| ServiceError::NotFound(format!("区域 {id}")))
}

/// A page of the regions the caller may see.
pub async fn list(
    state: &AppState,
    who: &Principal,
    f: &RegionFilter,
    page: PageRequest,
) -> Result<Page<RegionView>, ServiceError> {
    let db = &state.db;
    let (limit, offset) = page.limit_offset()?;
    let visibility = visibility_of(db, who).await?;
    let query = RegionQuery {
        visibility,
        level: f
            .level
            .as_deref()
            .map(|l| RegionLevel::parse("level", l))
            .transpose()?,
        parent_id: f.parent_id.clone(),
    };
    Ok(regions::list(&db.pool, &query, limit, offset)
        .await?
        .map(RegionView::from))
}
