//! `/api/v1/rubrics`: the loaded rubrics, each as a full tree, and a dry-run calculator.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::Tag;
use super::auth::{Allowed, can};
use super::body::JsonBody;
use super::error::{ApiError, ApiResult};
use super::typed::{Raw, Typed, typed};
use crate::domain::rubric::Rubric;
use crate::service::{AppState, rubrics};

/// Rubric endpoints.
pub struct RubricsApi {
    pub state: AppState,
}

/// A rubric's identity.
#[derive(Debug, Object)]
pub struct RubricSummary {
    /// Stable id, e.g. `unit-assessment-2023`.
    pub id: String,
    /// Integer version.
    pub version: u32,
    /// unit-assessment / service-quality / satisfaction / credit / composite.
    pub kind: String,
    /// Chinese title.
    pub title: String,
    /// SHA-256 of the file; every score records it.
    pub hash: String,
    /// First day it applies.
    pub effective_from: String,
    /// Last day it applies.
    pub effective_to: String,
}

impl From<&Rubric> for RubricSummary {
    fn from(r: &Rubric) -> Self {
        let h = r.header();
        Self {
            id: h.id.clone(),
            version: h.version,
            kind: h.kind.as_str().into(),
            title: h.title.clone(),
            hash: h.content_hash.clone(),
            effective_from: h.effective_from.to_string(),
            effective_to: h.effective_to.to_string(),
        }
    }
}

impl RubricsApi {
    fn find(&self, id: &str, version: u32) -> ApiResult<std::sync::Arc<Rubric>> {
        self.state.rubrics.get(id, version).ok_or_else(|| {
            ApiError::new(
                poem::http::StatusCode::NOT_FOUND,
                format!("考核标准 {id} 第 {version} 版不存在 (no such rubric version)"),
            )
        })
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Rubrics")]
impl RubricsApi {
    /// 考核标准列表 (list loaded rubrics): id, version, kind, title, hash.
    #[oai(path = "/rubrics", method = "get")]
    async fn list(
        &self,
        _caller: Allowed<can::ReadRubrics>,
    ) -> ApiResult<Json<Vec<RubricSummary>>> {
        Ok(Json(
            self.state
                .rubrics
                .all()
                .map(|r| RubricSummary::from(r.as_ref()))
                .collect(),
        ))
    }

    /// 考核标准全文 (one rubric as a full tree of categories and items).
    #[oai(path = "/rubrics/:id/:version", method = "get")]
    async fn get(
        &self,
        _caller: Allowed<can::ReadRubrics>,
        id: Path<String>,
        version: Path<u32>,
    ) -> ApiResult<Json<Typed<Rubric>>> {
        let rubric = self.find(&id.0, version.0)?;
        typed(rubric.as_ref().clone())
    }

    /// 试算 (dry run): score posted inputs against a rubric and return the result with its full
    /// trace; nothing is stored. Inputs by kind — unit-assessment/service-quality: one subject
    /// `{subject, unit_type?, items: {code: {points|findings|measured|done|not_done|index|awards|veto|score|not_applicable}}, adjustments?}`
    /// or several `{subjects: [...]}` (each result, plus the ranking and the top-grade quota as
    /// they would apply to that set); satisfaction: `{responses, households?}`; credit: credit
    /// inputs; composite: `{values}`.
    #[oai(path = "/rubrics/:id/:version/dry-run", method = "post")]
    async fn dry_run(
        &self,
        _caller: Allowed<can::ReadRubrics>,
        id: Path<String>,
        version: Path<u32>,
        body: JsonBody<Raw<rubrics::DryRunInput>>,
    ) -> ApiResult<Json<Typed<rubrics::DryRunOutput>>> {
        let rubric = self.find(&id.0, version.0)?;
        typed(rubrics::dry_run(&rubric, body.0.value)?)
    }
}
