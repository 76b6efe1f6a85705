//! One project's service quality as of a day (项目服务质量综合评价), for everyone who may see
//! the project: the bureau, review teams and inspectors every project, a town or park unit the
//! projects of its area, a company the projects it serves or served — and of those only the
//! quality measured under its own service. Each measured company's result comes with its
//! trace; the company serving that day also gets the renewal recommendation (续签建议) its
//! credit rating gives the project.

use jiff::civil::Date;

use super::quality;
use super::rating;
use crate::domain::access::{Principal, Role};
use crate::domain::credit::quality::QualityResult;
use crate::domain::rubric::credit::ProjectRenewal;
use crate::service::ledger::visibility_of;
use crate::service::{AppState, ServiceError};
use crate::store::credit::served_on;

/// A project's quality results as of a day.
#[derive(Debug, Clone)]
pub struct ProjectQualityView {
    pub project_id: String,
    pub project_name: String,
    pub as_of: Date,
    /// The company serving the project on the day, if any.
    pub serving_company_id: Option<String>,
    /// One per company whose service was measured (newest measurement each), serving first.
    pub results: Vec<MeasuredQuality>,
}

/// The quality measured under one company's service.
#[derive(Debug, Clone)]
pub struct MeasuredQuality {
    pub company_id: String,
    pub company_name: String,
    /// Serves the project on the day.
    pub serving: bool,
    pub result: QualityResult,
    /// The renewal recommendation for the serving company (absent for a former one, or while
    /// the company is unrated).
    pub renewal: Option<ProjectRenewal>,
}

/// Project `project_id`'s quality as of `as_of`; 404 for a project `who` may not see.
pub async fn of_project(
    state: &AppState,
    who: &Principal,
    project_id: &str,
    as_of: Date,
) -> Result<ProjectQualityView, ServiceError> {
    let pool = &state.db.pool;
    let vis = visibility_of(&state.db, who).await?;
    let project = crate::store::ledger::projects::find(pool, project_id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    let own = match who.role {
        Role::Company => super::readable(who)?.map(str::to_owned),
        _ => None,
    };
    let serving = served_on(pool, as_of, None)
        .await?
        .into_iter()
        .find(|s| s.project_id == project.id)
        .map(|s| s.company_id);
    let measured: Vec<(String, QualityResult)> = quality::as_of(state, as_of)
        .await?
        .into_iter()
        .filter(|((p, c), _)| p == &project.id && own.as_ref().is_none_or(|o| o == c))
        .map(|((_, c), q)| (c, q))
        .collect();
    let ids: Vec<&str> = measured.iter().map(|(c, _)| c.as_str()).collect();
    let names = crate::store::names::companies(pool, &ids).await?;
    let mut results = Vec::with_capacity(measured.len());
    for (company_id, result) in measured {
        let is_serving = serving.as_deref() == Some(company_id.as_str());
        let renewal = if is_serving {
            renewal_of(state, &company_id, &project.id, as_of).await?
        } else {
            None
        };
        results.push(MeasuredQuality {
            company_name: names.get(&company_id).cloned().unwrap_or_default(),
            company_id,
            serving: is_serving,
            result,
            renewal,
        });
    }
    results.sort_by_key(|m| !m.serving);
    Ok(ProjectQualityView {
        project_id: project.id,
        project_name: project.name,
        as_of,
        serving_company_id: serving,
        results,
    })
}

/// The renewal recommendation the company's rating on `as_of` gives `project_id`.
async fn renewal_of(
    state: &AppState,
    company_id: &str,
    project_id: &str,
    as_of: Date,
) -> Result<Option<ProjectRenewal>, ServiceError> {
    let ratings = match rating::rate(state, Some(company_id), as_of).await {
        // No credit rubric in force that day: no grade, so no recommendation.
        Err(ServiceError::Invalid(_)) => return Ok(None),
        other => other?,
    };
    Ok(ratings
        .into_iter()
        .flat_map(|r| r.projects)
        .find(|p| p.project_id == project_id)
        .and_then(|p| p.renewal))
}
