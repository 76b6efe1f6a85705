//! `/api/v1/periods/{period}/results…`, `/api/v1/periods/{period}/awards`,
//! `/api/v1/periods/{period}/snapshots…` and the public `/api/v1/public/results/{period}`:
//! a period's results and rankings, a unit's explained result, the award lists, published
//! snapshots and their public notice (公示).

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{DateText, ReasonText, Typed, typed};
use crate::service::AppState;
use crate::service::credit::rating;
use crate::service::results::{self, notice, snapshots};

/// Results endpoints.
pub struct ResultsApi {
    pub state: AppState,
}

/// Publishing a period's results.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewSnapshot {
    /// 再次发布的原因 (required once a snapshot exists; shown with the new snapshot).
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<ReasonText<1000>>,
    /// 公示开始日期 `YYYY-MM-DD` (Beijing; default today, never before it).
    #[oai(skip_serializing_if_is_none)]
    pub notice_from: Option<DateText>,
    /// 公示工作日数 (1–30; default the rubric's `notice_days`, else the period's).
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(minimum(value = "1"), maximum(value = "30")))]
    pub notice_days: Option<u32>,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Results")]
impl ResultsApi {
    /// 考核结果与排名 (every unit's total, grade and rank across the period, the companies'
    /// credit at the period's end and the award lists, computed now; with the hash a snapshot
    /// of them would carry).
    #[oai(path = "/periods/:period_id/results", method = "get")]
    async fn results(
        &self,
        _caller: Allowed<can::ReadResults>,
        period_id: Path<String>,
    ) -> ApiResult<Json<Typed<snapshots::CurrentResults>>> {
        typed(snapshots::current(&self.state, &period_id.0).await?)
    }

    /// 单位考核结果说明 (a unit's result explained step by step, from each item's input to
    /// its rank; units read their own from the notice on).
    #[oai(path = "/periods/:period_id/results/units/:unit_id", method = "get")]
    async fn explain(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<results::UnitExplanation>>> {
        typed(results::explain_unit(&self.state, &caller.who, &period_id.0, &unit_id.0).await?)
    }

    /// 评优评先 (units eligible for 优秀 and those not, the red and black lists of companies,
    /// projects recommended or not for renewal — each with the rule that decided it).
    #[oai(path = "/periods/:period_id/awards", method = "get")]
    async fn awards(
        &self,
        caller: Allowed<can::ReadResults>,
        period_id: Path<String>,
    ) -> ApiResult<Json<Typed<results::Awards>>> {
        typed(results::awards(&self.state, &caller.who, &period_id.0).await?)
    }

    /// 发布考核结果 (publish the results as the period's next immutable snapshot and open its
    /// public notice; unchanged results are not published twice, a changed one needs a reason).
    #[oai(path = "/periods/:period_id/snapshots", method = "post")]
    async fn publish(
        &self,
        caller: Allowed<can::PublishResults>,
        period_id: Path<String>,
        body: JsonBody<NewSnapshot>,
    ) -> ApiResult<Json<Typed<snapshots::SnapshotView>>> {
        let b = body.0;
        let notice_from = match b.notice_from.as_ref() {
            Some(d) => {
                Some(rating::day(&self.state, Some(&d.0)).map_err(|e| rename(e, "notice_from"))?)
            }
            None => None,
        };
        let input = snapshots::NewSnapshot {
            reason: b.reason.map(|r| r.0),
            notice_from,
            notice_days: b.notice_days,
        };
        typed(snapshots::publish(&self.state, &caller.who, &period_id.0, input).await?)
    }

    /// 成果快照列表 (the period's published snapshots, oldest first, without their content).
    #[oai(path = "/periods/:period_id/snapshots", method = "get")]
    async fn list(
        &self,
        _caller: Allowed<can::ReadResults>,
        period_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<snapshots::SnapshotView>>>> {
        typed(snapshots::list(&self.state, &period_id.0).await?)
    }

    /// 成果快照 (one published snapshot with its content, hashes, reason and differences).
    #[oai(path = "/periods/:period_id/snapshots/:number", method = "get")]
    async fn get(
        &self,
        _caller: Allowed<can::ReadResults>,
        period_id: Path<String>,
        #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))] number: Path<i64>,
    ) -> ApiResult<Json<Typed<snapshots::SnapshotView>>> {
        typed(snapshots::get(&self.state, &period_id.0, number.0).await?)
    }

    /// 考核结果公示 (unit, total, grade and rank of the latest snapshot whose notice has begun;
    /// no token needed, during the notice and after it).
    #[oai(path = "/public/results/:period_id", method = "get")]
    async fn public(&self, period_id: Path<String>) -> ApiResult<Json<Typed<notice::NoticeView>>> {
        typed(notice::public_notice(&self.state, &period_id.0).await?)
    }
}

/// `rating::day` names its field `as_of`; here the field is another.
fn rename(e: crate::service::ServiceError, field: &str) -> crate::service::ServiceError {
    match e {
        crate::service::ServiceError::Invalid(errors) => crate::service::ServiceError::Invalid(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = field.to_owned();
                    f
                })
                .collect(),
        ),
        other => other,
    }
}
