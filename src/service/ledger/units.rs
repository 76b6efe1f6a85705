//! Assessed units (被考核单位): towns and parks bound to their region, county departments.

use super::edit::{current, found};
use super::writer;
use super::{Page, PageRequest, new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::{UnitType, Visibility};
use crate::domain::text::{self, Lines};
use crate::service::AppState;
use crate::service::{Actor, ServiceError};
use crate::store::Tx;
use crate::store::ledger::regions;
use crate::store::ledger::units::{self, UnitQuery, UnitRow};

/// An assessed unit as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    pub unit_type: UnitType,
    pub region_id: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<UnitRow> for UnitView {
    fn from(r: UnitRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            unit_type: r.unit_type,
            region_id: r.region_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A unit's fields.
#[derive(Debug, Clone)]
pub struct UnitInput {
    pub name: String,
    pub unit_type: String,
    /// Required for towns and parks; must be empty for departments.
    pub region_id: Option<String>,
}

async fn parse(
    tx: &mut Tx,
    input: &UnitInput,
) -> Result<(String, UnitType, Option<String>), ServiceError> {
    let name = text::required("name", &input.name, 50, Lines::Single);
    let kind = UnitType::parse("unit_type", &input.unit_type);
    let (name, kind) = match (name, kind) {
        (Ok(n), Ok(k)) => (n, k),
        (n, k) => {
            return Err(ServiceError::Invalid(
                [n.err(), k.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let region = match (kind.region_level(), &input.region_id) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(ServiceError::invalid(
                "region_id",
                "县直部门不绑定区域 (departments have no region)",
            ));
        }
        (Some(_), None) => {
            return Err(ServiceError::invalid(
                "region_id",
                "镇/园区单位必须绑定其区域 (required for towns and parks)",
            ));
        }
        (Some(level), Some(id)) => {
            let r = regions::find_tx(tx, id).await?.ok_or_else(|| {
                ServiceError::invalid("region_id", format!("区域 {id} 不存在 (no such region)"))
            })?;
            if r.level != level {
                let (want, got) = (level.label(), r.level.label());
                return Err(ServiceError::invalid(
                    "region_id",
                    format!(
                        "{} 类单位应绑定“{want}”级区域，{} 是“{got}” (region level mismatch)",
                        kind.label(),
                        r.name
                    ),
                ));
            }
            Some(r.id)
        }
    };
    Ok((name, kind, region))
}

/// Creates a unit.
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &UnitInput,
) -> Result<UnitView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let mut tx = db.begin().await?;
    let (name, kind, region_id) = parse(&mut tx, input).await?;
    let at = db.clock.stamp();
    let row = UnitRow {
        id: new_id(),
        name,
        unit_type: kind,
        region_id,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(db, actor).create(&mut tx, &row, Into::into).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Updates a unit if `version` is current.
#[tracing::instrument(skip(state, who))]
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &UnitInput,
) -> Result<UnitView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let mut tx = db.begin().await?;
    let before = found(units::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let (name, kind, region_id) = parse(&mut tx, input).await?;
    let after = UnitRow {
        name,
        unit_type: kind,
        region_id,
        ..before.clone()
    };
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, Into::into)
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// The only unit the caller may see, unless it may see all: a unit sees its own record, a
/// company none.
fn visible_only(who: &Principal, vis: &Visibility) -> Option<String> {
    match vis {
        Visibility::All => None,
        _ => Some(who.unit_id.clone().unwrap_or_default()),
    }
}

/// One unit, if the caller may see it.
pub async fn get(state: &AppState, who: &Principal, id: &str) -> Result<UnitView, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    let query = UnitQuery {
        id: Some(id.to_owned()),
        unit_type: None,
        visible_only: visible_only(who, &vis),
    };
    units::list(&db.pool, &query, 1, 0)
        .await?
        .items
        .pop()
        .map(UnitView::from)
        .ok_or_else(|| ServiceError::NotFound(format!("单位 {id}")))
}

/// A page of the units the caller may see, optionally of one type.
pub async fn list(
    state: &AppState,
    who: &Principal,
    unit_type: Option<&str>,
    page: PageRequest,
) -> Result<Page<UnitView>, ServiceError> {
    let db = &state.db;
    let (limit, offset) = page.limit_offset()?;
    let vis = visibility_of(db, who).await?;
    let query = UnitQuery {
        id: None,
        unit_type: unit_type
            .map(|t| UnitType::parse("unit_type", t))
            .transpose()?,
        visible_only: visible_only(who, &vis),
    };
    Ok(units::list(&db.pool, &query, limit, offset)
        .await?
        .map(UnitView::from))
}
