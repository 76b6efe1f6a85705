//! `/api/v1/regions`: the county → town/park → community tree.

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
use crate::domain::ledger::kinds::RegionLevel;
use crate::service::AppState;
use crate::service::ledger::regions::{self, NewRegion, RegionFilter, RegionView};

/// Region endpoints.
pub struct RegionsApi {
    pub state: AppState,
}

/// A region to create: its level is required (the level decides the parent).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewRegionBody {
    /// Name, e.g. 濉溪镇 or 南关社区.
    #[oai(validator(
        min_length = 1,
        max_length = 50,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    /// `county` / `town` / `park` / `community` (or 县/镇/园区/社区).
    pub level: Choice<RegionLevel>,
    /// The parent region (none for the county).
    #[oai(skip_serializing_if_is_none)]
    pub parent_id: Option<String>,
    /// Refused on create (read only to say so).
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A region's new name (with `version`); level and parent cannot change.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RegionBody {
    /// Name, e.g. 濉溪镇 or 南关社区.
    #[oai(validator(
        min_length = 1,
        max_length = 50,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    /// `county` / `town` / `park` / `community` (or 县/镇/园区/社区). Ignored on update.
    #[oai(skip_serializing_if_is_none)]
    pub level: Option<Choice<RegionLevel>>,
    /// The parent region (none for the county). Ignored on update.
    #[oai(skip_serializing_if_is_none)]
    pub parent_id: Option<String>,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A region.
#[derive(Debug, Object)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub level: Typed<RegionLevel>,
    #[oai(skip_serializing_if_is_none)]
    pub parent_id: Option<String>,
    pub version: i64,
    /// Beijing time with the offset, e.g. `2023-06-30T18:00:00+08:00`.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<RegionView> for Region {
    fn from(r: RegionView) -> Self {
        Self {
            id: r.id,
            name: r.name,
            level: Typed(r.level),
            parent_id: r.parent_id,
            version: r.version,
            created_at: crate::service::shown_at(&r.created_at),
            updated_at: crate::service::shown_at(&r.updated_at),
        }
    }
}

/// A page of regions.
#[derive(Debug, Object)]
pub struct RegionPage {
    pub items: Vec<Region>,
    pub total: i64,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl RegionsApi {
    /// 新建区域 (create a region): one county, towns/parks under it, communities under those.
    #[oai(path = "/regions", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteLedger>,
        body: JsonBody<NewRegionBody>,
    ) -> ApiResult<Json<Region>> {
        let who = &caller.who;
        let b = body.0;
        no_version(b.version)?;
        let input = NewRegion {
            name: b.name,
            level: b.level.code(),
            parent_id: b.parent_id,
        };
        Ok(Json(
            regions::create(&self.state, who, &input).await?.into(),
        ))
    }

    /// 区域列表 (list regions) the caller may see.
    #[oai(path = "/regions", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadLedger>,
        /// Filter by level.
        level: Query<Option<QueryChoice<RegionLevel>>>,
        /// Filter by parent region.
        parent_id: Query<Option<String>>,
        /// Page number, from 1 (at most 1,000,000).
        #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))]
        page: Query<Option<i64>>,
        /// Items per page (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        page_size: Query<Option<i64>>,
    ) -> ApiResult<Json<RegionPage>> {
        let who = &caller.who;
        let f = RegionFilter {
            level: level.0.map(|l| l.code().to_owned()),
            parent_id: parent_id.0,
        };
        let p = regions::list(&self.state, who, &f, super::page(page.0, page_size.0)).await?;
        Ok(Json(RegionPage {
            items: p.items.into_iter().map(Region::from).collect(),
            total: p.total,
        }))
    }

    /// 查看区域 (read a region).
    #[oai(path = "/regions/:id", method = "get")]
    async fn get(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Region>> {
        let who = &caller.who;
        Ok(Json(regions::get(&self.state, who, &id.0).await?.into()))
    }

    /// 修改区域名称 (rename a region), with the version last read.
    #[oai(path = "/regions/:id", method = "put")]
    async fn update(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<RegionBody>>,
    ) -> ApiResult<Json<Region>> {
        let who = &caller.who;
        let version = required_version(body.0.0.version)?;
        Ok(Json(
            regions::rename(&self.state, who, &id.0, version, &body.0.0.name)
                .await?
                .into(),
        ))
    }
}
