//! `/api/v1/projects`: property projects (物业项目); which company served each project when
//! is in [`super::service_periods`].

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::{no_version, required_version};
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::{DecimalText, JsonBody};
use crate::api::error::ApiResult;
use crate::api::typed::DateText;
use crate::api::typed::Versioned;
use crate::api::typed::{Choice, QueryChoice, Typed};
use crate::domain::ledger::kinds::ManagementType;
use crate::service::AppState;
use crate::service::ledger::projects::{self, ProjectFilter, ProjectInput, ProjectView};

/// Project endpoints.
pub struct ProjectsApi {
    pub state: AppState,
}

/// A project's fields (with `version` on update).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    /// 项目编号, unique in the county.
    #[oai(validator(
        min_length = 1,
        max_length = 50,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub code: String,
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 200, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub address: Option<String>,
    /// The community; its parent is the project's town or park.
    pub community_id: String,
    /// `professional` / `community_managed` / `employer_managed` / `resident_managed` /
    /// `unmanaged`, or the Chinese label (专业化物业服务 …).
    pub management_type: Choice<ManagementType>,
    /// 户数.
    #[oai(validator(minimum(value = "0"), maximum(value = "1000000")))]
    pub households: i64,
    /// 建筑面积, m² (0–100000000, at most 2 decimals; never rounded).
    #[oai(validator(pattern = "^(100000000(\\.0{1,2})?|[0-9]{1,8}(\\.[0-9]{1,2})?)$"))]
    pub floor_area: DecimalText,
    /// 收费标准, 元/m²/月 (0–1000, at most 4 decimals; never rounded).
    #[oai(
        skip_serializing_if_is_none,
        validator(pattern = "^(1000(\\.0{1,4})?|[0-9]{1,3}(\\.[0-9]{1,4})?)$")
    )]
    pub fee_standard: Option<DecimalText>,
    /// 从业人员数.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "0"), maximum(value = "100000")))]
    pub staff_count: Option<i64>,
    /// 是否成立业委会.
    pub committee_formed: bool,
    /// 业委会成立日期 `YYYY-MM-DD` (when formed).
    #[oai(skip_serializing_if_is_none)]
    pub committee_formed_on: Option<DateText>,
    /// 业委会成员数 (when formed).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "0"), maximum(value = "1000")))]
    pub committee_members: Option<i64>,
    /// 业委会党员数 (when formed; at most the members).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "0"), maximum(value = "1000")))]
    pub committee_party_members: Option<i64>,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A project.
#[derive(Debug, Object)]
pub struct Project {
    pub id: String,
    pub code: String,
    pub name: String,
    #[oai(skip_serializing_if_is_none)]
    pub address: Option<String>,
    pub town_id: String,
    pub community_id: String,
    pub management_type: Typed<ManagementType>,
    pub households: i64,
    /// Exact decimal text, m².
    pub floor_area: String,
    /// Exact decimal text, 元/m²/月.
    #[oai(skip_serializing_if_is_none)]
    pub fee_standard: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub staff_count: Option<i64>,
    pub committee_formed: bool,
    #[oai(skip_serializing_if_is_none)]
    pub committee_formed_on: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub committee_members: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub committee_party_members: Option<i64>,
    pub version: i64,
    /// Beijing time with the offset, e.g. `2023-06-30T18:00:00+08:00`.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<ProjectView> for Project {
    fn from(r: ProjectView) -> Self {
        Self {
            id: r.id,
            code: r.code,
            name: r.name,
            address: r.address,
            town_id: r.town_id,
            community_id: r.community_id,
            management_type: Typed(r.management_type),
            households: r.households,
            floor_area: r.floor_area.to_string(),
            fee_standard: r.fee_standard.map(|d| d.to_string()),
            staff_count: r.staff_count,
            committee_formed: r.committee_formed,
            committee_formed_on: r.committee_formed_on.map(|d| d.to_string()),
            committee_members: r.committee_members,
            committee_party_members: r.committee_party_members,
            version: r.version,
            created_at: crate::service::shown_at(&r.created_at),
            updated_at: crate::service::shown_at(&r.updated_at),
        }
    }
}

/// A page of projects.
#[derive(Debug, Object)]
pub struct ProjectPage {
    pub items: Vec<Project>,
    pub total: i64,
}

fn input(b: ProjectBody) -> ProjectInput {
    ProjectInput {
        code: b.code,
        name: b.name,
        address: b.address,
        community_id: b.community_id,
        management_type: b.management_type.code(),
        households: b.households,
        floor_area: b.floor_area.0,
        fee_standard: b.fee_standard.map(|d| d.0),
        staff_count: b.staff_count,
        committee_formed: b.committee_formed,
        committee_formed_on: b.committee_formed_on.map(|d| d.0),
        committee_members: b.committee_members,
        committee_party_members: b.committee_party_members,
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl ProjectsApi {
    /// 登记物业项目 (register a project).
    #[oai(path = "/projects", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteLedger>,
        body: JsonBody<ProjectBody>,
    ) -> ApiResult<Json<Project>> {
        let who = &caller.who;
        no_version(body.0.version)?;
        Ok(Json(
            projects::create(&self.state, who, &input(body.0))
                .await?
                .into(),
        ))
    }

    /// 物业项目列表 (list projects) the caller may see: a town or park unit its own area, a
    /// company the projects it serves or served.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/projects", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadLedger>,
        town_id: Query<Option<String>>,
        community_id: Query<Option<String>>,
        /// Management type code or label.
        management_type: Query<Option<QueryChoice<ManagementType>>>,
        committee_formed: Query<Option<bool>>,
        /// Projects this company served on `as_of` (floor-area weighting of credit ratings).
        company_id: Query<Option<String>>,
        /// Date for `company_id`, `YYYY-MM-DD` (today when absent).
        as_of: Query<Option<DateText>>,
        /// Part of the code or name.
        q: Query<Option<String>>,
        /// Page number, from 1 (at most 1,000,000).
        #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))]
        page: Query<Option<i64>>,
        /// Items per page (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        page_size: Query<Option<i64>>,
    ) -> ApiResult<Json<ProjectPage>> {
        let who = &caller.who;
        let f = ProjectFilter {
            town_id: town_id.0,
            community_id: community_id.0,
            management_type: management_type.0.map(|m| m.code().to_owned()),
            committee_formed: committee_formed.0,
            company_id: company_id.0,
            as_of: as_of.0.map(|d| d.0),
            q: q.0,
        };
        let p = projects::list(&self.state, who, &f, super::page(page.0, page_size.0)).await?;
        Ok(Json(ProjectPage {
            items: p.items.into_iter().map(Project::from).collect(),
            total: p.total,
        }))
    }

    /// 查看物业项目 (read a project).
    #[oai(path = "/projects/:id", method = "get")]
    async fn get(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Project>> {
        let who = &caller.who;
        Ok(Json(projects::get(&self.state, who, &id.0).await?.into()))
    }

    /// 修改物业项目 (update a project), with the version last read.
    #[oai(path = "/projects/:id", method = "put")]
    async fn update(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<ProjectBody>>,
    ) -> ApiResult<Json<Project>> {
        let who = &caller.who;
        let version = required_version(body.0.0.version)?;
        Ok(Json(
            projects::update(&self.state, who, &id.0, version, &input(body.0.0))
                .await?
                .into(),
        ))
    }
}
