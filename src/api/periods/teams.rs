//! `/api/v1/review-teams`, assignments, declared conflicts and a team's reviewer reliability.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::ReasonText;
use crate::api::typed::{Typed, typed};
use crate::service::AppState;
use crate::service::assessment::{results, teams};

/// Review team endpoints.
pub struct TeamsApi {
    pub state: AppState,
}

/// A new review team.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
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
    pub reason: ReasonText<500>,
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

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Periods")]
impl TeamsApi {
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
        teams::declare_conflict(&self.state, who, &b.reviewer_id, &b.unit_id, &b.reason.0).await?;
        Ok(Json(Declared { declared: true }))
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
