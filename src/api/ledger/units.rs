//! `/api/v1/units`: assessed units (被考核单位).

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::{no_version, required_version};
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::Versioned;
use crate::api::typed::{Choice, QueryChoice, Typed};
use crate::domain::ledger::kinds::UnitType;
use crate::service::AppState;
use crate::service::ledger::units::{self, UnitInput, UnitView};

/// Unit endpoints.
pub struct UnitsApi {
    pub state: AppState,
}

/// A unit's fields (with `version` on update).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct UnitBody {
    /// Name, e.g. 濉溪镇 or 县住建局.
    #[oai(validator(
        min_length = 1,
        max_length = 50,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    /// `town` / `park` / `department` (or 镇/园区/县直部门).
    pub unit_type: Choice<UnitType>,
    /// For towns and parks: their region.
    #[oai(skip_serializing_if_is_none)]
    pub region_id: Option<String>,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// An assessed unit.
#[derive(Debug, Object)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub unit_type: Typed<UnitType>,
    #[oai(skip_serializing_if_is_none)]
    pub region_id: Option<String>,
    pub version: i64,
    /// Beijing time with the offset, e.g. `2023-06-30T18:00:00+08:00`.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<UnitView> for Unit {
    fn from(r: UnitView) -> Self {
        Self {
            id: r.id,
            name: r.name,
            unit_type: Typed(r.unit_type),
            region_id: r.region_id,
            version: r.version,
            created_at: crate::service::shown_at(&r.created_at),
            updated_at: crate::service::shown_at(&r.updated_at),
        }
    }
}

/// A page of units.
#[derive(Debug, Object)]
pub struct UnitPage {
    pub items: Vec<Unit>,
    pub total: i64,
}

fn input(b: UnitBody) -> UnitInput {
    UnitInput {
        name: b.name,
        unit_type: b.unit_type.code(),
        region_id: b.region_id,
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl UnitsApi {
    /// 新建被考核单位 (create an assessed unit).
    #[oai(path = "/units", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteLedger>,
        body: JsonBody<UnitBody>,
    ) -> ApiResult<Json<Unit>> {
        let who = &caller.who;
        no_version(body.0.version)?;
        Ok(Json(
            units::create(&self.state, who, &input(body.0))
                .await?
                .into(),
        ))
    }

    /// 被考核单位列表 (list units): everyone but units (own record) and companies (none).
    #[oai(path = "/units", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadLedger>,
        /// Filter by type.
        unit_type: Query<Option<QueryChoice<UnitType>>>,
        /// Page number, from 1 (at most 1,000,000).
        #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))]
        page: Query<Option<i64>>,
        /// Items per page (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        page_size: Query<Option<i64>>,
    ) -> ApiResult<Json<UnitPage>> {
        let who = &caller.who;
        let p = units::list(
            &self.state,
            who,
            unit_type.0.map(QueryChoice::code),
            super::page(page.0, page_size.0),
        )
        .await?;
        Ok(Json(UnitPage {
            items: p.items.into_iter().map(Unit::from).collect(),
            total: p.total,
        }))
    }

    /// 查看被考核单位 (read a unit).
    #[oai(path = "/units/:id", method = "get")]
    async fn get(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Unit>> {
        let who = &caller.who;
        Ok(Json(units::get(&self.state, who, &id.0).await?.into()))
    }

    /// 修改被考核单位 (update a unit), with the version last read.
    #[oai(path = "/units/:id", method = "put")]
    async fn update(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<UnitBody>>,
    ) -> ApiResult<Json<Unit>> {
        let who = &caller.who;
        let version = required_version(body.0.0.version)?;
        Ok(Json(
            units::update(&self.state, who, &id.0, version, &input(body.0.0))
                .await?
                .into(),
        ))
    }
}
