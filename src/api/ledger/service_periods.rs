//! `/api/v1/projects/:id/services` and `/api/v1/services/:id`: the history of which company
//! served each project when (服务期); overlapping periods are refused.

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
use crate::service::ledger::service_periods::{self, ServicePeriodInput, ServicePeriodView};

/// Service period endpoints.
pub struct ServicePeriodsApi {
    pub state: AppState,
}

/// A service period to add, or (with `version`) new dates for one.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ServiceBody {
    /// The company (required when adding; ignored on update).
    #[oai(skip_serializing_if_is_none)]
    pub company_id: Option<String>,
    /// First day served, `YYYY-MM-DD`.
    pub start_date: DateText,
    /// Last day served; absent while the contract runs.
    #[oai(skip_serializing_if_is_none)]
    pub end_date: Option<DateText>,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A service period.
#[derive(Debug, Object)]
pub struct ServicePeriod {
    pub id: String,
    pub project_id: String,
    pub company_id: String,
    #[oai(skip_serializing_if_is_none)]
    pub company_name: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub credit_code: Option<String>,
    pub start_date: String,
    #[oai(skip_serializing_if_is_none)]
    pub end_date: Option<String>,
    pub version: i64,
    /// Beijing time with the offset, e.g. `2023-06-30T18:00:00+08:00`.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<ServicePeriodView> for ServicePeriod {
    fn from(v: ServicePeriodView) -> Self {
        Self {
            id: v.id,
            project_id: v.project_id,
            company_id: v.company_id,
            company_name: v.company_name,
            credit_code: v.credit_code,
            start_date: v.start_date.to_string(),
            end_date: v.end_date.map(|d| d.to_string()),
            version: v.version,
            created_at: crate::service::shown_at(&v.created_at),
            updated_at: crate::service::shown_at(&v.updated_at),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl ServicePeriodsApi {
    /// 服务期列表 (a project's service periods), oldest first.
    #[oai(path = "/projects/:id/services", method = "get")]
    async fn services(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<ServicePeriod>>> {
        let who = &caller.who;
        let list = service_periods::list(&self.state, who, &id.0).await?;
        Ok(Json(list.into_iter().map(ServicePeriod::from).collect()))
    }

    /// 新增服务期 (record that a company serves a project); overlapping periods are refused.
    #[oai(path = "/projects/:id/services", method = "post")]
    async fn add_service(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<ServiceBody>,
    ) -> ApiResult<Json<ServicePeriod>> {
        let who = &caller.who;
        let b = body.0;
        no_version(b.version)?;
        let company = b.company_id.unwrap_or_default();
        let input = ServicePeriodInput {
            start_date: b.start_date.0,
            end_date: b.end_date.map(|d| d.0),
        };
        Ok(Json(
            service_periods::add(&self.state, who, &id.0, &company, &input)
                .await?
                .into(),
        ))
    }

    /// 修改服务期 (change a period's dates, e.g. end a contract), with the version last read.
    #[oai(path = "/services/:id", method = "put")]
    async fn update_service(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<ServiceBody>>,
    ) -> ApiResult<Json<ServicePeriod>> {
        let who = &caller.who;
        let b = body.0.0;
        let version = required_version(b.version)?;
        let input = ServicePeriodInput {
            start_date: b.start_date.0,
            end_date: b.end_date.map(|d| d.0),
        };
        Ok(Json(
            service_periods::update(&self.state, who, &id.0, version, &input)
                .await?
                .into(),
        ))
    }
}
