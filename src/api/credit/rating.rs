//! `/api/v1/companies/:id/credit` and `/api/v1/credit`: credit ratings as of a date, with
//! the trace that names every project and record that moved the score.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::CodeLabel;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::typed::DateText;
use crate::domain::rubric::credit::{CreditUse, RecordLine};
use crate::service::AppState;
use crate::service::credit::rating::{self, RatingView, ServedProject};

/// Credit rating endpoints.
pub struct RatingApi {
    pub state: AppState,
}

/// A project served on the day.
#[derive(Debug, Object)]
pub struct RatedProject {
    pub project_id: String,
    pub project_name: String,
    /// 建筑面积 m² (the weight).
    pub floor_area: String,
    /// Quality score 0–100 when rated (项目服务质量综合评价); absent when the project has neither
    /// an accepted on-site evaluation nor a satisfaction index by the day.
    #[oai(skip_serializing_if_is_none)]
    pub quality: Option<String>,
    /// How the quality was reached: each component with its weight, value and source.
    #[oai(skip_serializing_if_is_none)]
    pub quality_line: Option<String>,
    /// The quality's grade (优秀 ≥ 90, 良好, 合格, 不合格 by `composite.toml`), when rated.
    #[oai(skip_serializing_if_is_none)]
    pub quality_grade: Option<String>,
    /// 续签建议: the company grade's renewal stance (`[[credit.use]]`), made stricter by this
    /// project's quality grade where `[[credit.project_renewal]]` says so; absent while the
    /// company is unrated.
    #[oai(skip_serializing_if_is_none)]
    pub renewal: Option<RenewalAdvice>,
}

/// A renewal recommendation with how it was reached.
#[derive(Debug, Object)]
pub struct RenewalAdvice {
    /// e.g. 优先续签, 整改后续签.
    pub recommendation: String,
    /// e.g. 企业信用等级 AA：优先续签；项目质量 不合格：整改后续签；取较严者 整改后续签.
    pub reason: String,
}

/// A conduct record as the rating counted it (or not).
#[derive(Debug, Object)]
pub struct CountedRecord {
    pub record_id: String,
    /// The kind's code and title.
    pub kind: CodeLabel,
    pub title: String,
    pub recorded_on: String,
    /// 文号.
    #[oai(skip_serializing_if_is_none)]
    pub reference: Option<String>,
    pub valid_until: String,
    /// The first day it no longer counted, when withdrawn or repaired.
    #[oai(skip_serializing_if_is_none)]
    pub ended_on: Option<String>,
    /// Whether it counts on the day.
    pub counts: bool,
    /// Signed points counted on the day (0 when it does not count).
    pub points: String,
    /// A black-list event.
    pub blacklist: bool,
}

/// An alert line reached.
#[derive(Debug, Object)]
pub struct AlertLine {
    /// The line: cumulative bad-conduct points.
    pub points: String,
    /// What it means by the rubric (e.g. 约谈), when it says.
    #[oai(skip_serializing_if_is_none)]
    pub measure: Option<String>,
}

/// What the grade decides (from the rubric's `[[credit.use]]`).
#[derive(Debug, Object)]
pub struct GradeUse {
    pub award_eligible: bool,
    /// Renewal recommendation (续签建议).
    pub renewal: String,
    /// Share of the guided fee ceiling open to negotiation.
    pub fee_share: String,
}

/// One company's credit rating on one day.
#[derive(Debug, Object)]
pub struct CreditRating {
    pub company_id: String,
    pub company_name: String,
    pub as_of: String,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// False when nothing is rated (no project quality, no record counting): grade 未评级.
    pub rated: bool,
    /// AAA … C, or 未评级.
    pub grade: String,
    /// At the rubric's precision; absent when unrated.
    #[oai(skip_serializing_if_is_none)]
    pub score: Option<String>,
    /// Σ quality × floor-area share, or the rubric's base when no project is rated.
    pub quality_part: String,
    pub good_claimed: String,
    pub good_applied: String,
    pub bad_deducted: String,
    /// On the black list (a black-list event counts on the day).
    pub blacklisted: bool,
    /// Alert lines the cumulative deduction reached, each with what it means (警示, 约谈,
    /// 限制承接新项目 by the rubric).
    pub alerts: Vec<AlertLine>,
    #[oai(skip_serializing_if_is_none)]
    pub uses: Option<GradeUse>,
    pub projects: Vec<RatedProject>,
    pub records: Vec<CountedRecord>,
    /// Step by step, in Chinese.
    pub steps: Vec<String>,
}

fn project(p: ServedProject) -> RatedProject {
    RatedProject {
        project_id: p.project_id,
        project_name: p.project_name,
        floor_area: p.floor_area.to_string(),
        quality: p.quality.map(|q| q.to_string()),
        quality_line: p.quality_line,
        quality_grade: p.quality_grade,
        renewal: p.renewal.map(|r| RenewalAdvice {
            recommendation: r.recommendation,
            reason: r.reason,
        }),
    }
}

fn record(id: String, r: RecordLine) -> CountedRecord {
    CountedRecord {
        record_id: id,
        kind: CodeLabel::of(&r.kind.code, &r.title),
        title: r.title,
        recorded_on: r.date.to_string(),
        reference: r.reference,
        valid_until: r.valid_until.to_string(),
        ended_on: r.ended.map(|d| d.to_string()),
        counts: r.in_window,
        points: r.points.to_string(),
        blacklist: r.blacklist,
    }
}

fn grade_use(u: CreditUse) -> GradeUse {
    GradeUse {
        award_eligible: u.award_eligible,
        renewal: u.renewal,
        fee_share: u.fee_share.to_string(),
    }
}

impl From<RatingView> for CreditRating {
    fn from(v: RatingView) -> Self {
        let r = v.result;
        let uses = if v.rated { r.uses.map(grade_use) } else { None };
        Self {
            company_id: v.company_id,
            company_name: v.company_name,
            as_of: v.as_of.to_string(),
            rubric_id: v.rubric_id,
            rubric_version: v.rubric_version,
            rated: v.rated,
            grade: v.grade,
            score: v.score.map(|s| s.to_string()),
            quality_part: r.quality_part.to_string(),
            good_claimed: r.good_claimed.to_string(),
            good_applied: r.good_applied.to_string(),
            bad_deducted: r.bad_deducted.to_string(),
            blacklisted: r.blacklisted,
            alerts: r
                .alerts
                .iter()
                .map(|a| AlertLine {
                    points: a.to_string(),
                    measure: v.alert_measures.get(a).cloned(),
                })
                .collect(),
            uses,
            projects: v.projects.into_iter().map(project).collect(),
            records: v
                .record_ids
                .into_iter()
                .zip(r.records)
                .map(|(id, line)| record(id, line))
                .collect(),
            steps: r.steps,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl RatingApi {
    /// 企业信用评价 (a company's credit rating as of a date, with its trace).
    #[oai(path = "/companies/:id/credit", method = "get")]
    async fn company(
        &self,
        caller: Allowed<can::ReadCredit>,
        id: Path<String>,
        /// `YYYY-MM-DD`; today (Beijing) when absent.
        as_of: Query<Option<DateText>>,
    ) -> ApiResult<Json<CreditRating>> {
        let day = rating::day(&self.state, as_of.0.as_ref().map(|d| d.0.as_str()))?;
        let v = rating::of_company(&self.state, &caller.who, &id.0, day).await?;
        Ok(Json(v.into()))
    }

    /// 全部企业信用评价 (every company's rating as of a date, by name; a company token sees
    /// its own only).
    #[oai(path = "/credit", method = "get")]
    async fn all(
        &self,
        caller: Allowed<can::ReadCredit>,
        /// `YYYY-MM-DD`; today (Beijing) when absent.
        as_of: Query<Option<DateText>>,
    ) -> ApiResult<Json<Vec<CreditRating>>> {
        let day = rating::day(&self.state, as_of.0.as_ref().map(|d| d.0.as_str()))?;
        let all = rating::all(&self.state, &caller.who, day).await?;
        Ok(Json(all.into_iter().map(CreditRating::from).collect()))
    }
}
