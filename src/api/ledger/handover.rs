//! `/api/v1/projects/:id/handover-inspections` and `/api/v1/handover-inspections/:id`: handover
//! inspections (承接查验) of a project, with whether each met the plan's 1/3 rule for owner
//! representatives (方案 三(二)3).

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::{no_version, required_version};
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::DateText;
use crate::api::typed::Versioned;
use crate::service::AppState;
use crate::service::ledger::handover::{self, HandoverInput, HandoverView};

/// Handover inspection endpoints.
pub struct HandoverApi {
    pub state: AppState,
}

/// A handover inspection's fields (with `version` on update).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct HandoverInspectionBody {
    /// 查验日期 `YYYY-MM-DD`; not after today (Beijing).
    pub inspected_on: DateText,
    /// 查验组人数: every member of the inspection group, owner representatives included
    /// (1–200).
    #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
    pub group_size: i64,
    /// 业主代表人数 (0 up to the group size); the plan asks for at least 1/3 of the group.
    #[oai(validator(minimum(value = "0"), maximum(value = "200")))]
    pub owner_representatives: i64,
    /// 备注 (at most 500 characters; line breaks allowed).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(
        max_length = 500,
        pattern = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub note: Option<String>,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A handover inspection.
#[derive(Debug, Object)]
pub struct HandoverInspection {
    /// The inspection's id (uuid v7).
    pub id: String,
    /// The inspected project.
    pub project_id: String,
    /// 查验日期 `YYYY-MM-DD`.
    pub inspected_on: String,
    /// 查验组人数.
    pub group_size: i64,
    /// 业主代表人数.
    pub owner_representatives: i64,
    /// Whether owner representatives are at least 1/3 of the group, decided exactly
    /// (3 × owner_representatives ≥ group_size).
    pub owners_at_least_one_third: bool,
    /// 备注.
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<String>,
    /// Starts at 1, grows by one on every update; send it back with an update.
    pub version: i64,
    /// When the record was created (Beijing time with the offset).
    pub created_at: String,
    /// When the record last changed (Beijing time with the offset).
    pub updated_at: String,
}

impl From<HandoverView> for HandoverInspection {
    fn from(r: HandoverView) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            inspected_on: r.inspected_on.to_string(),
            group_size: r.group.size,
            owner_representatives: r.group.owner_representatives,
            owners_at_least_one_third: r.group.owners_at_least_one_third(),
            note: r.note,
            version: r.version,
            created_at: crate::service::shown_at(&r.created_at),
            updated_at: crate::service::shown_at(&r.updated_at),
        }
    }
}

fn input(b: HandoverInspectionBody) -> HandoverInput {
    HandoverInput {
        inspected_on: b.inspected_on.0,
        group_size: b.group_size,
        owner_representatives: b.owner_representatives,
        note: b.note,
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl HandoverApi {
    /// 登记承接查验 (record a handover inspection of a project).
    #[oai(path = "/projects/:id/handover-inspections", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<HandoverInspectionBody>,
    ) -> ApiResult<Json<HandoverInspection>> {
        let who = &caller.who;
        no_version(body.0.version)?;
        Ok(Json(
            handover::create(&self.state, who, &id.0, &input(body.0))
                .await?
                .into(),
        ))
    }

    /// 承接查验记录 (a project's handover inspections), oldest first, if the caller may see the
    /// project.
    #[oai(path = "/projects/:id/handover-inspections", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<HandoverInspection>>> {
        let who = &caller.who;
        let rows = handover::list(&self.state, who, &id.0).await?;
        Ok(Json(
            rows.into_iter().map(HandoverInspection::from).collect(),
        ))
    }

    /// 修改承接查验记录 (update a handover inspection), with the version last read.
    #[oai(path = "/handover-inspections/:id", method = "put")]
    async fn update(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<HandoverInspectionBody>>,
    ) -> ApiResult<Json<HandoverInspection>> {
        let who = &caller.who;
        let version = required_version(body.0.0.version)?;
        Ok(Json(
            handover::update(&self.state, who, &id.0, version, &input(body.0.0))
                .await?
                .into(),
        ))
    }
}
