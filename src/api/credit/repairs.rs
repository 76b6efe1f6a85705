//! Credit repair (信用修复): `/api/v1/conduct-records/:id/rectification` (the bureau accepts a
//! bad record's rectification), `/api/v1/conduct-records/:id/repair-applications` (the company
//! applies after the kind's minimum publicity period), `/api/v1/repair-applications/:id/decision`
//! (the bureau approves — the record ends as repaired from that day — or rejects), and
//! `/api/v1/companies/:id/repair-applications`.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::CodeLabel;
use super::records::ConductRecord;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{DateText, ReasonText};
use crate::service::AppState;
use crate::service::credit::repairs::{self, MAX_TEXT};
use crate::store::credit::repairs::RepairRow;

/// Credit repair endpoints.
pub struct RepairApi {
    pub state: AppState,
}

/// The bureau accepts a bad record's rectification (整改验收).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AcceptRectification {
    /// The record's version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// 验收日期 `YYYY-MM-DD`, from the record's date to today; today (Beijing) when absent.
    #[oai(skip_serializing_if_is_none)]
    pub on: Option<DateText>,
    /// 整改情况 (at most 1000 characters).
    pub note: ReasonText<MAX_TEXT>,
}

/// A company's application to repair a bad record.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewRepairApplication {
    /// 申请理由 (what was corrected; at most 1000 characters).
    pub reason: ReasonText<MAX_TEXT>,
}

/// The bureau's decision on an application.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RepairDecision {
    /// The application's version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// `true`: 准予修复 (the record stops counting from `on`); `false`: 不予修复.
    pub approve: bool,
    /// 决定日期 `YYYY-MM-DD`, from the application day to today; today when absent.
    #[oai(skip_serializing_if_is_none)]
    pub on: Option<DateText>,
    /// 理由 (at most 1000 characters).
    pub reason: ReasonText<MAX_TEXT>,
}

/// A repair application.
#[derive(Debug, Object)]
pub struct RepairApplication {
    pub id: String,
    /// The conduct record it asks to repair.
    pub record_id: String,
    pub company_id: String,
    /// 申请日期.
    pub applied_on: String,
    pub reason: String,
    /// 待审核, 准予修复 or 不予修复.
    pub status: CodeLabel,
    #[oai(skip_serializing_if_is_none)]
    pub decided_on: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub decision_reason: Option<String>,
    pub version: i64,
}

impl From<RepairRow> for RepairApplication {
    fn from(r: RepairRow) -> Self {
        Self {
            id: r.id,
            record_id: r.record_id,
            company_id: r.company_id,
            applied_on: r.applied_on.to_string(),
            reason: r.reason,
            status: CodeLabel::of(r.status.code(), r.status.label()),
            decided_on: r.decided_on.map(|d| d.to_string()),
            decision_reason: r.decision_reason,
            version: r.version,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl RepairApi {
    /// 整改验收 (the bureau records that a bad record's rectification was accepted).
    #[oai(path = "/conduct-records/:id/rectification", method = "post")]
    async fn rectify(
        &self,
        caller: Allowed<can::WriteCredit>,
        id: Path<String>,
        body: JsonBody<AcceptRectification>,
    ) -> ApiResult<Json<ConductRecord>> {
        let b = body.0;
        let on = b.on.map(|d| d.0);
        let v = repairs::rectify(
            &self.state,
            &caller.who,
            &id.0,
            b.version,
            on.as_deref(),
            &b.note.0,
        )
        .await?;
        Ok(Json(v.into()))
    }

    /// 申请信用修复 (the company applies to repair its bad record, once the rectification is
    /// accepted and the kind's minimum publicity period has passed).
    #[oai(path = "/conduct-records/:id/repair-applications", method = "post")]
    async fn apply(
        &self,
        caller: Allowed<can::ApplyForRepair>,
        id: Path<String>,
        body: JsonBody<NewRepairApplication>,
    ) -> ApiResult<Json<RepairApplication>> {
        let row = repairs::apply(&self.state, &caller.who, &id.0, &body.0.reason.0).await?;
        Ok(Json(row.into()))
    }

    /// 审核信用修复申请 (approve — the record ends as repaired from the decision day and stays in
    /// the history — or reject, with a reason).
    #[oai(path = "/repair-applications/:id/decision", method = "post")]
    async fn decide(
        &self,
        caller: Allowed<can::WriteCredit>,
        id: Path<String>,
        body: JsonBody<RepairDecision>,
    ) -> ApiResult<Json<RepairApplication>> {
        let b = body.0;
        let on = b.on.map(|d| d.0);
        let row = repairs::decide(
            &self.state,
            &caller.who,
            &id.0,
            b.version,
            b.approve,
            on.as_deref(),
            &b.reason.0,
        )
        .await?;
        Ok(Json(row.into()))
    }

    /// 信用修复申请列表 (a company's applications, newest first).
    #[oai(path = "/companies/:id/repair-applications", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadCredit>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<RepairApplication>>> {
        let rows = repairs::list(&self.state, &caller.who, &id.0).await?;
        Ok(Json(
            rows.into_iter().map(RepairApplication::from).collect(),
        ))
    }
}
