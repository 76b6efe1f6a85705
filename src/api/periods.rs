//! `/api/v1/periods` and friends: assessment periods, review teams and assignments, declared
//! conflicts, supervision items, reviewer reliability. Writes are the bureau's.

use std::collections::BTreeMap;

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::Tag;
use super::auth::{Allowed, can};
use super::body::JsonBody;
use super::error::{ApiError, ApiResult};
use super::typed::Choice;
use super::typed::{Typed, typed};
use crate::service::AppState;
use crate::service::assessment::{periods, results, supervision, teams};

/// Period, team and supervision endpoints.
pub struct PeriodsApi {
    pub state: AppState,
}

/// Opening a period.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreatePeriod {
    /// e.g. "2023 年度目标考核".
    pub name: String,
    /// A points rubric, e.g. `unit-assessment-2023`.
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Beijing time: `2023-06-30` (end of that day) or `2023-06-30T18:00`.
    pub self_deadline: String,
    pub review_deadline: String,
    /// Units taking part.
    pub unit_ids: Vec<String>,
    /// Unit id → the plan role (a rubric `[[role]]` name, e.g. `县住建局`) it is bound to, or
    /// null for none. Units not listed are bound to the role of their exact ledger name.
    #[oai(skip_serializing_if_is_none)]
    pub roles: Option<BTreeMap<String, Option<String>>>,
    /// Optional rules to enable (item codes such as `7.2`, or `inflation`); the plan does not
    /// contain them, so they are off unless listed.
    #[serde(default)]
    #[oai(default)]
    pub options: Vec<String>,
    /// Working days of public notice (1–30, default 3).
    #[oai(skip_serializing_if_is_none)]
    pub notice_days: Option<u32>,
}

/// Correcting a period before 定稿 (absent fields stay as they are).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AmendPeriod {
    /// Beijing time: `2023-06-30` (end of that day) or `2023-06-30T18:00`.
    #[oai(skip_serializing_if_is_none)]
    pub self_deadline: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub review_deadline: Option<String>,
    /// Working days of public notice (1–30); during the notice its end moves with it.
    #[oai(skip_serializing_if_is_none)]
    pub notice_days: Option<u32>,
    /// Unit id → plan role (or null for none), for the units listed.
    #[oai(skip_serializing_if_is_none)]
    pub roles: Option<BTreeMap<String, Option<String>>>,
    /// The complete list of enabled optional rules.
    #[oai(skip_serializing_if_is_none)]
    pub options: Option<Vec<String>>,
    /// Why the period is amended (kept in the audit trail).
    pub reason: String,
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
    pub notice_days: Option<u32>,
}

/// Extending one unit's self-assessment deadline.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub self_deadline: String,
    pub reason: String,
}

/// A new review team.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    pub name: String,
}

/// Assigning a team to a unit.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub team_id: String,
    pub unit_id: String,
}

/// A declared conflict of interest.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The reviewer's token id.
    pub reviewer_id: String,
    pub unit_id: String,
    pub reason: String,
}

/// A new supervision item.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewSupervision {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub assigned_on: String,
    /// `YYYY-MM-DD`: the deadline the office stated (规定时限), kept however far away. Absent:
    /// 1 week after assignment, which may be extended to at most 1 month after it.
    #[oai(skip_serializing_if_is_none)]
    pub deadline: Option<String>,
}

/// Extending the default deadline of a supervision item assigned without one.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SupervisionExtension {
    /// `YYYY-MM-DD`: after the current deadline, at most 1 month after assignment.
    pub deadline: String,
    /// Why the bureau extends it.
    pub reason: String,
    /// The item's version last read.
    pub version: i64,
}

/// Progress on a supervision item.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SupervisionProgress {
    /// `YYYY-MM-DD` the unit finished it.
    #[oai(skip_serializing_if_is_none)]
    pub completed_on: Option<String>,
    /// `YYYY-MM-DD` the unit reported back.
    #[oai(skip_serializing_if_is_none)]
    pub feedback_on: Option<String>,
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

/// The reply to an extension.
#[derive(Debug, Object)]
pub struct Extended {
    /// Always true: the unit's deadline now is the one asked for.
    pub extended: bool,
}

/// The reply to an assignment.
#[derive(Debug, Object)]
pub struct Assigned {
    /// Always true: the team re-checks the unit in the period.
    pub assigned: bool,
}

/// The reply to a declared conflict.
#[derive(Debug, Object)]
pub struct Declared {
    /// Always true: the reviewer is kept off the unit.
    pub declared: bool,
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
            self_deadline: b.self_deadline,
            review_deadline: b.review_deadline,
            unit_ids: b.unit_ids,
            roles: b.roles.unwrap_or_default(),
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
            self_deadline: b.self_deadline,
            review_deadline: b.review_deadline,
            notice_days: b.notice_days,
            roles: b.roles,
            options: b.options,
            reason: b.reason,
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
            &body.0.self_deadline,
            &body.0.reason,
        )
        .await?;
        Ok(Json(Extended { extended: true }))
    }

    /// 创建考核组 (create a review team).
    #[oai(path = "/review-teams", method = "post")]
    async fn create_team(
        &self,
        caller: Allowed<can::ManagePeriods>,
        body: JsonBody<CreateTeam>,
    ) -> ApiResult<Json<Typed<teams::TeamView>>> {
        let who = &caller.who;
        typed(teams::create(&self.state, who, &body.0.name).await?)
    }

    /// 考核组列表 (list review teams).
    #[oai(path = "/review-teams", method = "get")]
    async fn teams(
        &self,
        _caller: Allowed<can::ReadAssessments>,
    ) -> ApiResult<Json<Typed<Vec<teams::TeamView>>>> {
        typed(teams::list(&self.state).await?)
    }

    /// 指派考核组 (assign a team to re-check a unit in a period).
    #[oai(path = "/periods/:period_id/assignments", method = "post")]
    async fn assign(
        &self,
        caller: Allowed<can::ManagePeriods>,
        period_id: Path<String>,
        body: JsonBody<Assignment>,
    ) -> ApiResult<Json<Assigned>> {
        let who = &caller.who;
        teams::assign(
            &self.state,
            who,
            &period_id.0,
            &body.0.team_id,
            &body.0.unit_id,
        )
        .await?;
        Ok(Json(Assigned { assigned: true }))
    }

    /// 申报利益冲突 (declare that a reviewer must not re-check a unit).
    #[oai(path = "/reviewer-conflicts", method = "post")]
    async fn conflict(
        &self,
        caller: Allowed<can::DeclareConflict>,
        body: JsonBody<Conflict>,
    ) -> ApiResult<Json<Declared>> {
        let who = &caller.who;
        let b = body.0;
        teams::declare_conflict(&self.state, who, &b.reviewer_id, &b.unit_id, &b.reason).await?;
        Ok(Json(Declared { declared: true }))
    }

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
            assigned_on: date("assigned_on", Some(&b.assigned_on))?.unwrap_or_default(),
            deadline: date("deadline", b.deadline.as_deref())?,
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
            completed_on: date("completed_on", b.completed_on.as_deref())?,
            feedback_on: date("feedback_on", b.feedback_on.as_deref())?,
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
            deadline: date("deadline", Some(&b.deadline))?.unwrap_or_default(),
            reason: b.reason,
            version: b.version,
        };
        typed(supervision::extend(&self.state, who, &id.0, &ext).await?)
    }

    /// 复核可靠性 (a team's reviewer leniency, ICC(A,1) and ICC(C,1) with Koo & Li bands, and
    /// Krippendorff's α in a period).
    #[oai(path = "/periods/:period_id/reliability/:team_id", method = "get")]
    async fn reliability(
        &self,
        _caller: Allowed<can::ReadReliability>,
        period_id: Path<String>,
        team_id: Path<String>,
    ) -> ApiResult<Json<Typed<results::TeamReliability>>> {
        typed(results::reliability(&self.state, &period_id.0, &team_id.0).await?)
    }
}
