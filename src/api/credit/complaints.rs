//! `/api/v1/complaints`: complaints and petitions (信访投诉) per project — the bureau enters,
//! resolves and withdraws them; the deadline and "resolved in time" are computed from the
//! channel's limit in the `composite` rubric's `[daily]` section.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::CodeLabel;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::{ApiError, ApiResult};
use crate::api::typed::{Choice, DateText, LineText, ReasonText};
use crate::domain::credit::complaint::Outcome;
use crate::domain::ledger::fields;
use crate::service::credit::complaints::write::{
    self, ComplaintInput, MAX_REFERENCE, MAX_SUMMARY, ResolutionInput,
};
use crate::service::credit::complaints::{self as service, ComplaintView};
use crate::service::{AppState, shown_at};
use crate::store::credit::complaints::Filter;

/// Complaint endpoints.
pub struct ComplaintsApi {
    pub state: AppState,
}

/// How a complaint was resolved.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ComplaintResolution {
    /// 办结日期 `YYYY-MM-DD`: from the day received to today (Beijing).
    pub resolved_on: DateText,
    /// 核实结果: `upheld` (属实) or `not-upheld` (不属实) — the code, the label or `{code, label}`.
    pub outcome: Choice<Outcome>,
    /// 办理情况 (how it was handled; at most 1000 characters, line breaks allowed).
    pub note: ReasonText<MAX_SUMMARY>,
}

/// A new complaint.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    /// The project complained about.
    pub project_id: LineText<64>,
    /// 受理渠道: a channel code or title of the `[daily]` section in force on `received_on`
    /// (shipped: `hotline` 12345, `petition` 信访来信, `visit` 信访来访, `bureau` 主管部门受理).
    pub channel: LineText<64>,
    /// 投诉类别: a category code or title of that section (e.g. `cleaning`, `order`, `fees`).
    pub category: LineText<64>,
    /// 工单号 / 信访件编号: one complaint per channel and number.
    pub reference: LineText<MAX_REFERENCE>,
    /// 受理日期 `YYYY-MM-DD`, not after today (Beijing); the deadline counts from it.
    pub received_on: DateText,
    /// 投诉内容摘要 (no resident's name or contact; at most 1000 characters).
    #[oai(skip_serializing_if_is_none)]
    pub summary: Option<ReasonText<MAX_SUMMARY>>,
    /// Already resolved (a complaint entered after the fact).
    #[oai(skip_serializing_if_is_none)]
    pub resolution: Option<ComplaintResolution>,
}

/// Resolving a complaint, against the version last read.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ResolveComplaint {
    /// The version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// 办结日期 `YYYY-MM-DD`.
    pub resolved_on: DateText,
    /// `upheld` (属实) or `not-upheld` (不属实).
    pub outcome: Choice<Outcome>,
    /// 办理情况 (at most 1000 characters).
    pub note: ReasonText<MAX_SUMMARY>,
}

/// Withdrawing a complaint entered in error.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct WithdrawComplaint {
    /// The version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// The first day it no longer counts, `YYYY-MM-DD`; today (Beijing) when absent.
    #[oai(skip_serializing_if_is_none)]
    pub on: Option<DateText>,
    /// Why (kept with the complaint and in the audit trail; at most 1000 characters).
    pub reason: ReasonText<MAX_SUMMARY>,
}

/// A complaint.
#[derive(Debug, Object)]
pub struct Complaint {
    pub id: String,
    pub project_id: String,
    /// The project's name.
    pub project_name: String,
    /// The company serving the project on the day received.
    pub company_id: String,
    pub company_name: String,
    /// The composite rubric whose `[daily]` section gave the channel's limit.
    pub rubric_id: String,
    pub rubric_version: i64,
    /// 受理渠道.
    pub channel: CodeLabel,
    /// 投诉类别.
    pub category: CodeLabel,
    /// 工单号 / 信访件编号.
    pub reference: String,
    /// 受理日期.
    pub received_on: String,
    /// The channel's time limit, in days.
    #[oai(skip_serializing_if_is_none)]
    pub limit_days: Option<u32>,
    /// 办结期限: the last day to resolve it in time.
    pub due_on: String,
    #[oai(skip_serializing_if_is_none)]
    pub summary: Option<String>,
    /// 办结日期.
    #[oai(skip_serializing_if_is_none)]
    pub resolved_on: Option<String>,
    /// 核实结果 (属实 / 不属实).
    #[oai(skip_serializing_if_is_none)]
    pub outcome: Option<CodeLabel>,
    /// 办理情况.
    #[oai(skip_serializing_if_is_none)]
    pub resolution: Option<String>,
    /// 办理状态 today (Beijing): 办理中, 按时办结, 超时办结 or 超期未办结 — computed.
    pub handling: CodeLabel,
    /// The first day it no longer counted, when withdrawn.
    #[oai(skip_serializing_if_is_none)]
    pub withdrawn_on: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub withdrawn_reason: Option<String>,
    pub version: i64,
    /// Beijing time with the offset.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<ComplaintView> for Complaint {
    fn from(v: ComplaintView) -> Self {
        let r = v.row;
        Self {
            id: r.id,
            project_id: r.project_id,
            project_name: v.project_name,
            company_id: r.company_id,
            company_name: v.company_name,
            rubric_id: r.rubric_id,
            rubric_version: r.rubric_version,
            channel: CodeLabel::of(&r.channel, &v.channel_title),
            category: CodeLabel::of(&r.category, &v.category_title),
            reference: r.reference,
            received_on: r.received_on.to_string(),
            limit_days: v.limit_days,
            due_on: r.due_on.to_string(),
            summary: r.summary,
            resolved_on: r.resolved_on.map(|d| d.to_string()),
            outcome: r.outcome.map(|o| CodeLabel::of(o.code(), o.label())),
            resolution: r.resolution,
            handling: CodeLabel::of(v.handling.code(), v.handling.label()),
            withdrawn_on: r.withdrawn_on.map(|d| d.to_string()),
            withdrawn_reason: r.withdrawn_reason,
            version: r.version,
            created_at: shown_at(&r.created_at),
            updated_at: shown_at(&r.updated_at),
        }
    }
}

fn outcome(choice: Choice<Outcome>) -> Result<Outcome, ApiError> {
    Outcome::parse("outcome", &choice.code()).map_err(|e| ApiError::invalid(vec![e]))
}

fn date(field: &str, d: Option<DateText>) -> Result<Option<jiff::civil::Date>, ApiError> {
    d.map(|d| fields::date(field, &d.0))
        .transpose()
        .map_err(|e| ApiError::invalid(vec![e]))
}

type One = ApiResult<Json<Complaint>>;

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ComplaintsApi {
    /// 登记信访投诉 (enter a complaint about a project; the bureau).
    #[oai(path = "/complaints", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteComplaints>,
        body: JsonBody<NewComplaint>,
    ) -> One {
        let b = body.0;
        let resolution = match b.resolution {
            Some(r) => Some(ResolutionInput {
                resolved_on: r.resolved_on.0,
                outcome: outcome(r.outcome)?,
                note: r.note.0,
            }),
            None => None,
        };
        let input = ComplaintInput {
            project_id: b.project_id.0,
            channel: b.channel.0,
            category: b.category.0,
            reference: b.reference.0,
            received_on: b.received_on.0,
            summary: b.summary.map(|s| s.0),
            resolution,
        };
        Ok(Json(
            write::create(&self.state, &caller.who, &input)
                .await?
                .into(),
        ))
    }

    /// 信访投诉列表 (complaints the caller may read, newest first, by the filters given).
    #[oai(path = "/complaints", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadComplaints>,
        /// Only this project.
        #[oai(validator(max_length = 64))]
        project_id: Query<Option<String>>,
        /// Only this company (a company token always reads its own).
        #[oai(validator(max_length = 64))]
        company_id: Query<Option<String>>,
        /// Received on or after `YYYY-MM-DD`.
        from: Query<Option<DateText>>,
        /// Received on or before `YYYY-MM-DD`.
        to: Query<Option<DateText>>,
    ) -> ApiResult<Json<Vec<Complaint>>> {
        let filter = Filter {
            project_id: project_id.0,
            company_id: company_id.0,
            from: date("from", from.0)?,
            to: date("to", to.0)?,
            town_id: None,
        };
        let all = service::list(&self.state, &caller.who, filter).await?;
        Ok(Json(all.into_iter().map(Complaint::from).collect()))
    }

    /// 信访投诉 (one complaint).
    #[oai(path = "/complaints/:id", method = "get")]
    async fn get(&self, caller: Allowed<can::ReadComplaints>, id: Path<String>) -> One {
        Ok(Json(
            service::get(&self.state, &caller.who, &id.0).await?.into(),
        ))
    }

    /// 办结 (resolve a complaint once: the day, 属实 or 不属实, and how it was handled).
    #[oai(path = "/complaints/:id/resolution", method = "post")]
    async fn resolve(
        &self,
        caller: Allowed<can::WriteComplaints>,
        id: Path<String>,
        body: JsonBody<ResolveComplaint>,
    ) -> One {
        let b = body.0;
        let input = ResolutionInput {
            resolved_on: b.resolved_on.0,
            outcome: outcome(b.outcome)?,
            note: b.note.0,
        };
        let v = write::resolve(&self.state, &caller.who, &id.0, b.version, &input).await?;
        Ok(Json(v.into()))
    }

    /// 撤销 (withdraw a complaint entered in error: it stays, with the day and why).
    #[oai(path = "/complaints/:id/withdrawal", method = "post")]
    async fn withdraw(
        &self,
        caller: Allowed<can::WriteComplaints>,
        id: Path<String>,
        body: JsonBody<WithdrawComplaint>,
    ) -> One {
        let b = body.0;
        let on = b.on.map(|d| d.0);
        let v = write::withdraw(
            &self.state,
            &caller.who,
            &id.0,
            b.version,
            on.as_deref(),
            &b.reason.0,
        )
        .await?;
        Ok(Json(v.into()))
    }
}
