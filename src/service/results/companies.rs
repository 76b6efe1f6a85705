//! Companies in a period's results: their credit as of the period's end (rated by
//! [`crate::service::credit::rating`], never re-scored here), the red and black lists by
//! [`crate::service::credit::lists::list_of`], and each served project's renewal advice.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::RubricRef;
use crate::domain::rubric::Kind;
use crate::domain::rubric::credit::CreditSpec;
use crate::service::credit::lists::{List, entry, list_of};
use crate::service::credit::rating::{RatingView, rate};
use crate::service::{AppState, ServiceError};

/// A company's credit as of the period's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CompanyCredit {
    /// The company's id.
    pub company_id: String,
    /// Its name.
    pub company_name: String,
    /// False when nothing was rated that day (未评级).
    pub rated: bool,
    /// AAA … C, or 未评级.
    pub grade: String,
    /// The credit score, when rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Decimal>,
}

/// A company on the red or black list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditListEntry {
    /// The company's id.
    pub company_id: String,
    /// Its name.
    pub company_name: String,
    /// Its grade.
    pub grade: String,
    /// Its score, when rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Decimal>,
    /// The rule that put it on the list.
    pub rule: String,
    /// The records that count, by title, document number and date (or the score).
    pub reasons: Vec<String>,
}

/// A served project's renewal advice (续签建议).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenewalEntry {
    /// The project's id.
    pub project_id: String,
    /// Its name.
    pub project_name: String,
    /// The company serving it at the period's end.
    pub company_id: String,
    /// The company's name.
    pub company_name: String,
    /// False only for the credit rubric's strictest stance (the last `[[credit.use]]` row,
    /// e.g. 不得续签).
    pub recommended: bool,
    /// The stance, e.g. 优先续签.
    pub recommendation: String,
    /// How it was reached: the company's grade, the project's quality, the stricter one.
    pub rule: String,
}

/// The companies' ratings as of a day, with the credit rubric in force then.
pub(super) struct Credit {
    pub rubric: Option<RubricRef>,
    pub spec: Option<CreditSpec>,
    pub ratings: Vec<RatingView>,
}

/// Rates every company as of `day`; no credit rubric in force that day means no company is
/// part of the results (the unit results stand on their own).
pub(super) async fn credit(
    state: &AppState,
    day: jiff::civil::Date,
) -> Result<Credit, ServiceError> {
    let Some(rubric) = crate::service::credit::in_force(state, Kind::Credit, day) else {
        return Ok(Credit {
            rubric: None,
            spec: None,
            ratings: Vec::new(),
        });
    };
    let spec = crate::service::credit::rubric_on(state, day, "period_end")?.1;
    Ok(Credit {
        rubric: Some(RubricRef {
            used_for: "credit".into(),
            id: rubric.id().to_owned(),
            version: rubric.version(),
            content_hash: rubric.content_hash().to_owned(),
        }),
        spec: Some(spec),
        ratings: rate(state, None, day).await?,
    })
}

impl Credit {
    /// Every company's grade and score.
    pub fn companies(&self) -> Vec<CompanyCredit> {
        self.ratings
            .iter()
            .map(|r| CompanyCredit {
                company_id: r.company_id.clone(),
                company_name: r.company_name.clone(),
                rated: r.rated,
                grade: r.grade.clone(),
                score: r.score,
            })
            .collect()
    }

    /// The red and black lists, each entry naming its rule.
    pub fn lists(&self) -> (Vec<CreditListEntry>, Vec<CreditListEntry>) {
        let Some(spec) = &self.spec else {
            return (Vec::new(), Vec::new());
        };
        let (mut red, mut black) = (Vec::new(), Vec::new());
        for r in &self.ratings {
            let (list, rule) = match list_of(r, &spec.red_list) {
                Some(List::Red) => (
                    &mut red,
                    format!(
                        "守信红名单：信用等级 {} 属红名单等级（{}），且无列入黑名单的事项",
                        r.grade,
                        spec.red_list.join("、")
                    ),
                ),
                Some(List::Black) => (
                    &mut black,
                    format!(
                        "失信黑名单：有列入黑名单的事项，直接评为 {}",
                        spec.blacklist_grade
                    ),
                ),
                None => continue,
            };
            let e = entry(r);
            list.push(CreditListEntry {
                company_id: e.company_id,
                company_name: e.company_name,
                grade: e.grade,
                score: e.score,
                rule,
                reasons: e.reasons,
            });
        }
        (red, black)
    }

    /// Each served project's renewal advice, by company then project.
    pub fn renewals(&self) -> Vec<RenewalEntry> {
        let strictest = self
            .spec
            .as_ref()
            .and_then(|s| s.uses.last())
            .map(|u| u.renewal.as_str());
        let mut out = Vec::new();
        for r in &self.ratings {
            for p in &r.projects {
                let Some(advice) = &p.renewal else { continue };
                out.push(RenewalEntry {
                    project_id: p.project_id.clone(),
                    project_name: p.project_name.clone(),
                    company_id: r.company_id.clone(),
                    company_name: r.company_name.clone(),
                    recommended: Some(advice.recommendation.as_str()) != strictest,
                    recommendation: advice.recommendation.clone(),
                    rule: advice.reason.clone(),
                });
            }
        }
        out
    }
}
