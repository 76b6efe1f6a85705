//! `/api/v1/periods/{period}/units/{unit}/reviews|report|reports|appeals` and
//! `/api/v1/appeals/{id}/decision`: re-checks, team reports and appeals. Who may do what is
//! decided by the service's standing rule (own unit / assigned reviewer / bureau).

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;
use serde_json::Value;

use super::Tag;
use super::auth::{Allowed, can};
use super::body::{JsonBody, parse};
use super::error::{ApiError, ApiResult};
use super::typed::Choice;
use super::typed::{Raw, ReasonText, Typed, typed};
use crate::domain::number;
use crate::service::AppState;
use crate::service::assessment::{appeals, reports, reviews};

/// Re-check and appeal endpoints.
pub struct ReviewsApi {
    pub state: AppState,
}

/// A reviewer's entry for one item.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// The method's input, as for self-assessment.
    pub input: Raw<crate::domain::rubric::ItemInput>,
    /// insufficient_evidence(证据不足) / mismatch(与实际不符) / beyond_standard(超出标准) / late / other.
    #[oai(skip_serializing_if_is_none)]
    pub reason_code: Option<Choice<crate::domain::review::ReasonCode>>,
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(
        max_length = 2000,
        pattern = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub comment: Option<String>,
    /// The version of the caller's own review of this item as last read (0 before their first
    /// review of it), as `GET …/reviews` shows it in the item's `version`. Each reviewer's
    /// entry is versioned on its own: another reviewer saving the same item is no conflict;
    /// a stale version of your own entry is 409.
    pub version: i64,
}

/// A team's report.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    pub body: ReasonText<20000>,
    /// Structured findings (array or object).
    #[oai(skip_serializing_if_is_none)]
    pub findings: Option<Value>,
    /// The report's version last read (0 for a new report).
    pub version: i64,
}

/// An appeal.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AppealBody {
    pub item_code: String,
    pub reason: ReasonText<5000>,
}

/// A decision on an appeal (or, by the bureau before 定稿, a correction of one).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// true: upheld (the item changes to `score` or `input`); false: rejected (neither given).
    pub upheld: bool,
    /// The item's new score when upheld: within the item's range and, for a points item, on
    /// its step.
    #[oai(
        skip_serializing_if_is_none,
        validator(pattern = "^(1000(\\.0{1,4})?|[0-9]{1,3}(\\.[0-9]{1,4})?)$")
    )]
    pub score: Option<String>,
    /// Instead of `score`: the item's new input in its method's form, e.g. `{"veto": false}`
    /// or `{"done": "2023-06-28"}`.
    #[oai(skip_serializing_if_is_none)]
    pub input: Option<Raw<crate::domain::rubric::ItemInput>>,
    pub reason: ReasonText<5000>,
    /// The appeal's version last read.
    pub version: i64,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Assessments")]
impl ReviewsApi {
    /// 复核情况 (each item's self score, reviews with their own `version`, combined final score
    /// and flags; for a reviewer, the item's `version` is their own review's, 0 before their first).
    #[oai(path = "/periods/:period_id/units/:unit_id/reviews", method = "get")]
    async fn reviews(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<reviews::ItemReviewView>>>> {
        let who = &caller.who;
        typed(reviews::items(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 复核评分 (record the caller's review of one item; a difference above tolerance needs a
    /// reason; `version` is the caller's own review's version, 409 when stale).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/reviews/:item_code",
        method = "put"
    )]
    async fn review(
        &self,
        caller: Allowed<can::Review>,
        period_id: Path<String>,
        unit_id: Path<String>,
        item_code: Path<String>,
        body: JsonBody<ReviewBody>,
    ) -> ApiResult<Json<Typed<reviews::ItemReviewView>>> {
        let who = &caller.who;
        let b = body.0;
        let field = format!("items.{}.input", item_code.0);
        number::check_item_input(&field, &b.input.value).map_err(|e| ApiError::invalid(vec![e]))?;
        let entry = reviews::ReviewEntry {
            input: parse(&field, b.input.value)?,
            reason_code: b.reason_code.map(Choice::code),
            comment: b.comment,
            version: b.version,
        };
        typed(
            reviews::record(
                &self.state,
                who,
                &period_id.0,
                &unit_id.0,
                &item_code.0,
                &entry,
            )
            .await?,
        )
    }

    /// 复核报告 (write the caller's team's written report on the unit).
    #[oai(path = "/periods/:period_id/units/:unit_id/report", method = "put")]
    async fn report(
        &self,
        caller: Allowed<can::Review>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<ReportBody>,
    ) -> ApiResult<Json<Typed<reports::ReportView>>> {
        let who = &caller.who;
        let b = body.0;
        let entry = reports::ReportEntry {
            body: b.body.0,
            findings: b.findings.unwrap_or(Value::Null),
            version: b.version,
        };
        typed(reports::write_report(&self.state, who, &period_id.0, &unit_id.0, &entry).await?)
    }

    /// 复核报告列表 (the teams' reports on a unit).
    #[oai(path = "/periods/:period_id/units/:unit_id/reports", method = "get")]
    async fn reports(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<reports::ReportView>>>> {
        let who = &caller.who;
        typed(reports::reports(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 提出申诉 (appeal one item's score during the public notice).
    #[oai(path = "/periods/:period_id/units/:unit_id/appeals", method = "post")]
    async fn appeal(
        &self,
        caller: Allowed<can::Appeal>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<AppealBody>,
    ) -> ApiResult<Json<Typed<appeals::AppealView>>> {
        let who = &caller.who;
        typed(
            appeals::lodge(
                &self.state,
                who,
                &period_id.0,
                &unit_id.0,
                &body.0.item_code,
                &body.0.reason.0,
            )
            .await?,
        )
    }

    /// 申诉列表 (a unit's appeals and their decisions).
    #[oai(path = "/periods/:period_id/units/:unit_id/appeals", method = "get")]
    async fn appeals(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<appeals::AppealView>>>> {
        let who = &caller.who;
        typed(appeals::list(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 裁决申诉 (uphold with a new score or input, or reject with a reason; the bureau may
    /// correct a decision with a reason until the period is final).
    #[oai(path = "/appeals/:id/decision", method = "post")]
    async fn decide(
        &self,
        caller: Allowed<can::DecideAppeal>,
        id: Path<String>,
        body: JsonBody<DecisionBody>,
    ) -> ApiResult<Json<Typed<appeals::AppealView>>> {
        let who = &caller.who;
        let b = body.0;
        let decision = appeals::Decision {
            upheld: b.upheld,
            score: b
                .score
                .map(|s| number::decimal("score", &s, number::POINTS))
                .transpose()
                .map_err(|e| ApiError::invalid(vec![e]))?,
            input: b
                .input
                .map(|i| {
                    number::check_item_input("input", &i.value)
                        .map_err(|e| ApiError::invalid(vec![e]))?;
                    parse("input", i.value)
                })
                .transpose()?,
            reason: b.reason.0,
            version: b.version,
        };
        typed(appeals::decide(&self.state, who, &id.0, &decision).await?)
    }
}
