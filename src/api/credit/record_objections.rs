//! Objections to conduct records (信用记录异议): `/api/v1/conduct-records/:id/objections` (the
//! company objects to its own record within the credit rubric's window),
//! `/api/v1/conduct-objections/:id/decision` (the bureau upholds — the record is withdrawn from
//! its own date — or rejects), `/api/v1/companies/:id/conduct-objections` and
//! `/api/v1/conduct-objections` (the bureau's list of those awaiting a decision).

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
use crate::api::typed::ReasonText;
use crate::service::AppState;
use crate::service::credit::record_objections::{self as objections, MAX_REASON, ObjectionView};
use crate::store::credit::record_objections::RecordObjectionRow;

/// Conduct-record objection endpoints.
pub struct RecordObjectionApi {
    pub state: AppState,
}

/// A company's objection to one of its records.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewRecordObjection {
    /// 异议理由 (what is wrong with the record; at most 1000 characters).
    pub reason: ReasonText<MAX_REASON>,
}

/// The bureau's decision on an objection.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct RecordObjectionDecision {
    /// The objection's version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// `true`: 成立 (the record is withdrawn from its own date and never counted);
    /// `false`: 不成立 (it keeps counting).
    pub uphold: bool,
    /// 决定理由 (at most 1000 characters).
    pub reason: ReasonText<MAX_REASON>,
}

/// An objection to a conduct record.
#[derive(Debug, Object)]
pub struct RecordObjection {
    pub id: String,
    /// The record objected to.
    pub record_id: String,
    pub company_id: String,
    /// 异议理由.
    pub reason: String,
    /// 提出日期 (Beijing).
    pub filed_on: String,
    /// 待决定, 成立 or 不成立.
    pub status: CodeLabel,
    /// 决定日期.
    #[oai(skip_serializing_if_is_none)]
    pub decided_on: Option<String>,
    /// 决定理由.
    #[oai(skip_serializing_if_is_none)]
    pub decision_reason: Option<String>,
    pub version: i64,
}

impl From<RecordObjectionRow> for RecordObjection {
    fn from(r: RecordObjectionRow) -> Self {
        Self {
            id: r.id,
            record_id: r.record_id,
            company_id: r.company_id,
            reason: r.reason,
            filed_on: r.filed_on.to_string(),
            status: CodeLabel::of(r.status.code(), r.status.label()),
            decided_on: r.decided_on.map(|d| d.to_string()),
            decision_reason: r.decision_reason,
            version: r.version,
        }
    }
}

/// An objection with the record as it now stands.
#[derive(Debug, Object)]
pub struct RecordObjectionWithRecord {
    pub objection: RecordObjection,
    /// The record (withdrawn from its own date once an objection is upheld).
    pub record: ConductRecord,
}

impl From<ObjectionView> for RecordObjectionWithRecord {
    fn from(v: ObjectionView) -> Self {
        Self {
            objection: v.row.into(),
            record: v.record.into(),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl RecordObjectionApi {
    /// 对信用记录提出异议 (the company objects to its own record, once, within the credit
    /// rubric's window from the day the record was entered; the record counts meanwhile).
    #[oai(path = "/conduct-records/:id/objections", method = "post")]
    async fn lodge(
        &self,
        caller: Allowed<can::ObjectToConductRecord>,
        id: Path<String>,
        body: JsonBody<NewRecordObjection>,
    ) -> ApiResult<Json<RecordObjectionWithRecord>> {
        let v = objections::lodge(&self.state, &caller.who, &id.0, &body.0.reason.0).await?;
        Ok(Json(v.into()))
    }

    /// 审核信用记录异议 (uphold — the record is withdrawn from its own date, the objection and
    /// reasons kept — or reject).
    #[oai(path = "/conduct-objections/:id/decision", method = "post")]
    async fn decide(
        &self,
        caller: Allowed<can::WriteCredit>,
        id: Path<String>,
        body: JsonBody<RecordObjectionDecision>,
    ) -> ApiResult<Json<RecordObjectionWithRecord>> {
        let b = body.0;
        let v = objections::decide(
            &self.state,
            &caller.who,
            &id.0,
            b.version,
            b.uphold,
            &b.reason.0,
        )
        .await?;
        Ok(Json(v.into()))
    }

    /// 企业的信用记录异议 (a company's objections, newest first).
    #[oai(path = "/companies/:id/conduct-objections", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadCredit>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<RecordObjection>>> {
        let rows = objections::list(&self.state, &caller.who, &id.0).await?;
        Ok(Json(rows.into_iter().map(RecordObjection::from).collect()))
    }

    /// 待审核的信用记录异议 (every objection awaiting the bureau's decision, oldest first).
    #[oai(path = "/conduct-objections", method = "get")]
    async fn pending(
        &self,
        _caller: Allowed<can::WriteCredit>,
    ) -> ApiResult<Json<Vec<RecordObjection>>> {
        let rows = objections::pending(&self.state).await?;
        Ok(Json(rows.into_iter().map(RecordObjection::from).collect()))
    }
}
