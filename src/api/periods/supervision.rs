//! `/api/v1/…/supervision-items`: 督查督办 items of a unit — recording, progress, extension.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::{ApiError, ApiResult};
use crate::api::typed::DateText;
use crate::api::typed::ReasonText;
use crate::api::typed::{Typed, typed};
use crate::service::AppState;
use crate::service::assessment::supervision;

/// Supervision item endpoints.
pub struct SupervisionApi {
    pub state: AppState,
}

/// A new supervision item.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewSupervision {
    #[oai(validator(
        min_length = 1,
        max_length = 500,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub title: String,
    /// `YYYY-MM-DD`.
    pub assigned_on: DateText,
    /// `YYYY-MM-DD`: the deadline the office stated (规定时限), kept however far away. Absent:
    /// 1 week after assignment, which may be extended to at most 1 month after it.
    #[oai(skip_serializing_if_is_none)]
    pub deadline: Option<DateText>,
}

/// Extending the default deadline of a supervision item assigned without one.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SupervisionExtension {
    /// `YYYY-MM-DD`: after the current deadline, at most 1 month after assignment.
    pub deadline: DateText,
    /// Why the bureau extends it.
    pub reason: ReasonText<500>,
    /// The item's version last read.
    pub version: i64,
}

/// Progress on a supervision item.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SupervisionProgress {
    /// `YYYY-MM-DD` the unit finished it.
    #[oai(skip_serializing_if_is_none)]
    pub completed_on: Option<DateText>,
    /// `YYYY-MM-DD` the unit reported back.
    #[oai(skip_serializing_if_is_none)]
    pub feedback_on: Option<DateText>,
    /// Times sent back (退回), 0–99.
    #[serde(default)]
    #[oai(default, validator(maximum(value = "99")))]
    pub sent_back: u32,
    /// 通报批评.
    #[serde(default)]
    #[oai(default)]
    pub public_criticism: bool,
    /// 约谈.
    #[serde(default)]
    #[oai(default)]
    pub summons: bool,
    /// The item's version last read.
    pub version: i64,
}

fn date(field: &str, text: Option<&str>) -> ApiResult<Option<jiff::civil::Date>> {
    text.map(|t| {
        t.parse().map_err(|_| {
            ApiError::invalid(vec![crate::domain::FieldError::new(
                field,
                format!("{t:?} 不是有效日期，应为 2023-03-01 (invalid date)"),
            )])
        })
    })
    .transpose()
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Periods")]
impl SupervisionApi {
    /// 登记督办事项 (record a supervision item for a unit; a stated deadline is kept, none
    /// stated: 1 week).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/supervision-items",
        method = "post"
    )]
    async fn create_supervision(
        &self,
        caller: Allowed<can::ManagePeriods>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<NewSupervision>,
    ) -> ApiResult<Json<Typed<supervision::ItemView>>> {
        let who = &caller.who;
        let b = body.0;
        let new = supervision::NewItem {
            title: b.title,
            assigned_on: date("assigned_on", Some(&b.assigned_on.0))?.unwrap_or_default(),
            deadline: date("deadline", b.deadline.as_ref().map(|d| d.0.as_str()))?,
        };
        typed(supervision::create(&self.state, who, &period_id.0, &unit_id.0, &new).await?)
    }

    /// 督办事项列表 (a unit's supervision items).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/supervision-items",
        method = "get"
    )]
    async fn supervision_items(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<supervision::ItemView>>>> {
        let who = &caller.who;
        typed(supervision::list(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 更新督办进展 (record completion, feedback, send-backs, 通报/约谈 on an item).
    #[oai(path = "/supervision-items/:id", method = "put")]
    async fn update_supervision(
        &self,
        caller: Allowed<can::ManagePeriods>,
        id: Path<String>,
        body: JsonBody<SupervisionProgress>,
    ) -> ApiResult<Json<Typed<supervision::ItemView>>> {
        let who = &caller.who;
        let b = body.0;
        let progress = supervision::Progress {
            completed_on: date(
                "completed_on",
                b.completed_on.as_ref().map(|d| d.0.as_str()),
            )?,
            feedback_on: date("feedback_on", b.feedback_on.as_ref().map(|d| d.0.as_str()))?,
            sent_back: b.sent_back,
            public_criticism: b.public_criticism,
            summons: b.summons,
            version: b.version,
        };
        typed(supervision::update(&self.state, who, &id.0, &progress).await?)
    }

    /// 延长督办时限 (extend the 1-week default deadline of an item assigned without one, with a
    /// reason, to at most 1 month after assignment; a stated deadline is never extended).
    #[oai(path = "/supervision-items/:id/extension", method = "post")]
    async fn extend_supervision(
        &self,
        caller: Allowed<can::ManagePeriods>,
        id: Path<String>,
        body: JsonBody<SupervisionExtension>,
    ) -> ApiResult<Json<Typed<supervision::ItemView>>> {
        let who = &caller.who;
        let b = body.0;
        let ext = supervision::Extension {
            deadline: date("deadline", Some(&b.deadline.0))?.unwrap_or_default(),
            reason: b.reason.0,
            version: b.version,
        };
        typed(supervision::extend(&self.state, who, &id.0, &ext).await?)
    }
}
