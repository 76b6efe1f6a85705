//! `/api/v1/periods`: assessment periods — opening, amending, moving through the phases,
//! extending one unit's deadline. Review teams ([`teams`]) and supervision items
//! ([`supervision`]) have their own files. Writes are the bureau's.

mod roles;
pub mod supervision;
pub mod teams;

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::DeadlineText;
use crate::api::typed::ReasonText;
use crate::api::typed::{Choice, Typed, typed};
use crate::service::AppState;
use crate::service::assessment::periods;

/// Period endpoints.
pub struct PeriodsApi {
    pub state: AppState,
}

/// Opening a period.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreatePeriod {
    /// e.g. "2023 年度目标考核".
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    /// A points rubric, e.g. `unit-assessment-2023`.
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Beijing time: `2023-06-30` (end of that day) or `2023-06-30T18:00`.
    pub self_deadline: DeadlineText,
    pub review_deadline: DeadlineText,
    /// Units taking part.
    #[oai(validator(min_items = 1))]
    pub unit_ids: Vec<String>,
    /// Unit id → the plan role (a rubric `[[role]]` name, e.g. `县住建局`) it is bound to, or
    /// null for none. Units not listed are bound to the role of their exact ledger name.
    #[oai(skip_serializing_if_is_none)]
    #[serde(default, deserialize_with = "roles::present")]
    pub roles: Option<roles::RoleMap>,
    /// Optional rules to enable (item codes such as `7.2`, or `inflation`); the plan does not
    /// contain them, so they are off unless listed.
    #[serde(default)]
    #[oai(default)]
    pub options: Vec<String>,
    /// Working days of public notice (1–30, default 3).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "1"), maximum(value = "30")))]
    pub notice_days: Option<u32>,
}

/// Correcting a period before 定稿 (absent fields stay as they are).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AmendPeriod {
    /// Beijing time: `2023-06-30` (end of that day) or `2023-06-30T18:00`.
    #[oai(skip_serializing_if_is_none)]
    pub self_deadline: Option<DeadlineText>,
    #[oai(skip_serializing_if_is_none)]
    pub review_deadline: Option<DeadlineText>,
    /// Working days of public notice (1–30); during the notice its end moves with it.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "1"), maximum(value = "30")))]
    pub notice_days: Option<u32>,
    /// Unit id → plan role (or null for none), for the units listed.
    #[oai(skip_serializing_if_is_none)]
    #[serde(default, deserialize_with = "roles::present")]
    pub roles: Option<roles::RoleMap>,
    /// The complete list of enabled optional rules.
    #[oai(skip_serializing_if_is_none)]
    pub options: Option<Vec<String>>,
    /// Why the period is amended (kept in the audit trail).
    pub reason: ReasonText<500>,
    /// The period's version last read.
    pub version: i64,
}

/// Moving a period to its next phase.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ChangePhase {
    /// self_assessment / review / appeal / final.
    pub to: Choice<crate::domain::period::Phase>,
    /// The period's version last read.
    pub version: i64,
    /// Working days of public notice when entering `appeal` (default: the period's, 3 unless
    /// amended).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "1"), maximum(value = "30")))]
    pub notice_days: Option<u32>,
}

/// Extending one unit's self-assessment deadline.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub self_deadline: DeadlineText,
    pub reason: ReasonText<500>,
}

/// The reply to an extension.
#[derive(Debug, Object)]
pub struct Extended {
    /// Always true: the unit's deadline now is the one asked for.
    pub extended: bool,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Periods")]
impl PeriodsApi {
    /// 创建考核周期 (open a period in the draft phase, bound to a rubric version).
    #[oai(path = "/periods", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::ManagePeriods>,
        body: JsonBody<CreatePeriod>,
    ) -> ApiResult<Json<Typed<periods::PeriodView>>> {
        let who = &caller.who;
        let b = body.0;
        let input = periods::NewPeriod {
            name: b.name,
            rubric_id: b.rubric_id,
            rubric_version: b.rubric_version,
            self_deadline: b.self_deadline.0,
            review_deadline: b.review_deadline.0,
            unit_ids: b.unit_ids,
            roles: b.roles.unwrap_or_default().0,
            options: b.options,
            notice_days: b.notice_days,
        };
        typed(periods::create(&self.state, who, &input).await?)
    }

    /// 修改考核周期 (amend deadlines, notice length, plan roles or optional rules before 定稿,
    /// with a reason; audited).
    #[oai(path = "/periods/:period_id", method = "patch")]
    async fn amend(
        &self,
        caller: Allowed<can::ManagePeriods>,
        period_id: Path<String>,
        body: JsonBody<AmendPeriod>,
    ) -> ApiResult<Json<Typed<periods::PeriodView>>> {
        let who = &caller.who;
        let b = body.0;
        let input = periods::Amendment {
            self_deadline: b.self_deadline.map(|d| d.0),
            review_deadline: b.review_deadline.map(|d| d.0),
            notice_days: b.notice_days,
            roles: b.roles.map(|r| r.0),
            options: b.options,
            reason: b.reason.0,
            version: b.version,
        };
        typed(periods::amend(&self.state, who, &period_id.0, &input).await?)
    }

    /// 考核周期列表 (list periods).
    #[oai(path = "/periods", method = "get")]
    async fn list(
        &self,
        _caller: Allowed<can::ReadAssessments>,
    ) -> ApiResult<Json<Typed<Vec<periods::PeriodView>>>> {
        typed(periods::list(&self.state).await?)
    }

    /// 考核周期详情 (one period).
    #[oai(path = "/periods/:period_id", method = "get")]
    async fn get(
        &self,
        _caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
    ) -> ApiResult<Json<Typed<periods::PeriodView>>> {
        typed(periods::get(&self.state, &period_id.0).await?)
    }

    /// 推进阶段 (move the period one phase forward: open/close self-assessment, review, notice).
    #[oai(path = "/periods/:period_id/phase", method = "post")]
    async fn phase(
        &self,
        caller: Allowed<can::ManagePeriods>,
        period_id: Path<String>,
        body: JsonBody<ChangePhase>,
    ) -> ApiResult<Json<Typed<periods::PeriodView>>> {
        let who = &caller.who;
        let b = body.0;
        let view = periods::advance(
            &self.state,
            who,
            &period_id.0,
            &b.to.code(),
            b.version,
            b.notice_days,
        )
        .await?;
        typed(view)
    }

    /// 单位延期 (extend one unit's self-assessment deadline, with a reason).
    #[oai(path = "/periods/:period_id/units/:unit_id/extension", method = "post")]
    async fn extend(
        &self,
        caller: Allowed<can::ManagePeriods>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<Extension>,
    ) -> ApiResult<Json<Extended>> {
        let who = &caller.who;
        periods::extend(
            &self.state,
            who,
            &period_id.0,
            &unit_id.0,
            &body.0.self_deadline.0,
            &body.0.reason.0,
        )
        .await?;
        Ok(Json(Extended { extended: true }))
    }
}
