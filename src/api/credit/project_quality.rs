//! `/api/v1/projects/:id/quality`: one project's service quality as of a day (项目服务质量综合
//! 评价) with its trace, per company whose service was measured, and the renewal
//! recommendation for the company serving that day.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::rating::RenewalAdvice;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::typed::DateText;
use crate::service::AppState;
use crate::service::credit::project_quality::{self, MeasuredQuality, ProjectQualityView};
use crate::service::credit::rating;

/// Project quality endpoint.
pub struct ProjectQualityApi {
    pub state: AppState,
}

/// One component as combined.
#[derive(Debug, Object)]
pub struct QualityComponent {
    /// The composite rubric's component code (`inspection`, `satisfaction`, `daily`).
    pub code: String,
    /// Its title, e.g. 第三方现场检查.
    pub title: String,
    /// The rubric's weight (after re-normalisation when a component is missing).
    pub weight: String,
    /// 0–100.
    pub value: String,
    /// Where the value comes from (the visit, the survey round, the complaints counted).
    pub source: String,
}

/// The quality measured under one company's service.
#[derive(Debug, Object)]
pub struct CompanyQuality {
    pub company_id: String,
    pub company_name: String,
    /// Serves the project on the day.
    pub serving: bool,
    /// 0–100 at the composite rubric's places.
    pub total: String,
    /// 优秀 / 良好 / 合格 / 不合格 by the composite rubric's bands.
    #[oai(skip_serializing_if_is_none)]
    pub grade: Option<String>,
    /// The arithmetic in one line.
    pub line: String,
    pub components: Vec<QualityComponent>,
    /// Titles of the components the project lacks (their weight was shared out).
    pub missing: Vec<String>,
    /// 续签建议, for the company serving on the day while it is rated.
    #[oai(skip_serializing_if_is_none)]
    pub renewal: Option<RenewalAdvice>,
}

/// A project's service quality as of a day.
#[derive(Debug, Object)]
#[oai(rename = "ProjectQualityAsOf")]
pub struct ProjectQuality {
    pub project_id: String,
    pub project_name: String,
    pub as_of: String,
    /// The company serving the project on the day, if any.
    #[oai(skip_serializing_if_is_none)]
    pub serving_company_id: Option<String>,
    /// False when nothing measured the project by the day (no accepted evaluation, no
    /// satisfaction index).
    pub rated: bool,
    /// One per company whose service was measured, the serving one first.
    pub results: Vec<CompanyQuality>,
}

fn company(m: MeasuredQuality) -> CompanyQuality {
    let r = m.result;
    CompanyQuality {
        company_id: m.company_id,
        company_name: m.company_name,
        serving: m.serving,
        total: r.total.to_string(),
        grade: r.grade,
        line: r.line,
        components: r
            .lines
            .into_iter()
            .map(|l| QualityComponent {
                code: l.code,
                title: l.title,
                weight: l.weight.to_string(),
                value: l.value.to_string(),
                source: l.source,
            })
            .collect(),
        missing: r.missing,
        renewal: m.renewal.map(|r| RenewalAdvice {
            recommendation: r.recommendation,
            reason: r.reason,
        }),
    }
}

impl From<ProjectQualityView> for ProjectQuality {
    fn from(v: ProjectQualityView) -> Self {
        Self {
            project_id: v.project_id,
            project_name: v.project_name,
            as_of: v.as_of.to_string(),
            serving_company_id: v.serving_company_id,
            rated: !v.results.is_empty(),
            results: v.results.into_iter().map(company).collect(),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ProjectQualityApi {
    /// 项目服务质量综合评价 (a project's quality as of a date with its trace and renewal
    /// recommendation; a unit reads its area's projects, a company its own measurements).
    #[oai(path = "/projects/:id/quality", method = "get")]
    async fn of_project(
        &self,
        caller: Allowed<can::ReadProjectQuality>,
        id: Path<String>,
        /// `YYYY-MM-DD`; today (Beijing) when absent.
        as_of: Query<Option<DateText>>,
    ) -> ApiResult<Json<ProjectQuality>> {
        let day = rating::day(&self.state, as_of.0.as_ref().map(|d| d.0.as_str()))?;
        let v = project_quality::of_project(&self.state, &caller.who, &id.0, day).await?;
        Ok(Json(v.into()))
    }
}
