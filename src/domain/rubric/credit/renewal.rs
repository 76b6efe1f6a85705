//! A renewal recommendation per project (续签建议): the plan makes the third-party evaluation
//! the basis of contract renewal (方案 三(二)1), so a project's recommendation is its company's
//! grade's `renewal` (`[[credit.use]]`) made stricter by the project's own quality grade where
//! `[[credit.project_renewal]]` names one. "Stricter" is the order in which the use rows list
//! their renewal texts (best grade first), so no ranking of texts is invented here.

use serde::{Deserialize, Serialize};

use super::CreditSpec;

/// A project quality grade that sets a renewal stance of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QualityRenewal {
    /// The composite rubric's quality grade, e.g. 不合格.
    pub quality_grade: String,
    /// One of the `[[credit.use]]` rows' renewal texts.
    pub renewal: String,
}

/// One project's recommendation with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRenewal {
    /// The recommendation (the stricter of the two stances).
    pub recommendation: String,
    /// How it was reached, in Chinese.
    pub reason: String,
}

/// Position of `renewal` in the use rows' order (later is stricter); unknown texts last.
fn strictness(spec: &CreditSpec, renewal: &str) -> usize {
    spec.uses
        .iter()
        .position(|u| u.renewal == renewal)
        .unwrap_or(usize::MAX)
}

/// The recommendation for a project of a company graded `grade` whose own quality grade is
/// `quality_grade` (`None`: not rated); `None` when the grade has no use row.
pub fn project_renewal(
    spec: &CreditSpec,
    grade: &str,
    quality_grade: Option<&str>,
) -> Option<ProjectRenewal> {
    let by_grade = &spec.uses.iter().find(|u| u.grade == grade)?.renewal;
    let company = format!("企业信用等级 {grade}：{by_grade}");
    let Some(quality) = quality_grade else {
        return Some(ProjectRenewal {
            recommendation: by_grade.clone(),
            reason: format!("{company}；项目当日无质量评价，按企业等级"),
        });
    };
    let by_quality = spec
        .project_renewal
        .iter()
        .find(|r| r.quality_grade == quality)
        .map(|r| &r.renewal);
    let Some(by_quality) = by_quality else {
        return Some(ProjectRenewal {
            recommendation: by_grade.clone(),
            reason: format!("{company}；项目质量 {quality}，按企业等级"),
        });
    };
    let stricter = if strictness(spec, by_quality) > strictness(spec, by_grade) {
        by_quality
    } else {
        by_grade
    };
    Some(ProjectRenewal {
        recommendation: stricter.clone(),
        reason: format!("{company}；项目质量 {quality}：{by_quality}；取较严者 {stricter}"),
    })
}
