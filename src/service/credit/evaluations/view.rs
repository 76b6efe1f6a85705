//! An evaluation as the service shows it: names instead of ids, each finding with its titles
//! and whether it still counts, the objection window, and the score (or what a draft lacks).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{rubric_of, score_of};
use crate::domain::FieldError;
use crate::domain::assessment::items;
use crate::domain::credit::evaluation::{Finding, ObjectionStatus, VisitScore};
use crate::domain::rubric::model::{Body, Method};
use crate::service::{AppState, ServiceError};
use crate::store::credit::evaluations::{self as store, EvaluationRow, ObjectionRow};

/// An evaluation with what it adds up to.
#[derive(Debug, Clone)]
pub struct EvaluationView {
    pub row: EvaluationRow,
    pub project_name: String,
    pub company_name: String,
    /// Each finding, in sheet order, with its titles and objection.
    pub findings: Vec<FindingState>,
    /// The last day the company may object (accepted evaluations under a rubric with a window).
    pub objection_until: Option<Date>,
    /// The visit's score without the upheld findings, when the sheets are complete.
    pub score: Option<VisitScore>,
    /// What the sheets still lack before they can be scored (a draft's to-do list).
    pub missing: Vec<FieldError>,
}

/// A finding with its titles and its objection, if any.
#[derive(Debug, Clone)]
pub struct FindingState {
    /// Place in the evaluation's findings (what an objection names).
    pub index: usize,
    pub finding: Finding,
    pub item_title: String,
    pub finding_title: String,
    /// Points per occurrence.
    pub points: rust_decimal::Decimal,
    /// False when an objection to it was upheld.
    pub counts: bool,
    pub objection: Option<ObjectionRow>,
}

/// The view of `row`.
pub(super) async fn view(
    state: &AppState,
    row: EvaluationRow,
) -> Result<EvaluationView, ServiceError> {
    let pool = &state.db.pool;
    let objections = store::objections(pool, &row.id).await?;
    let names = crate::store::names::projects(pool, &[&row.project_id]).await?;
    let companies = crate::store::names::companies(pool, &[&row.company_id]).await?;
    let (score, missing) = match score_of(state, &row, &objections)? {
        Ok(s) => (Some(s), Vec::new()),
        Err(e) => (None, e),
    };
    let rubric = rubric_of(state, &row)?;
    let days = match &rubric.body {
        Body::Assessment(a) => a.evaluation.objection_days,
        _ => 0,
    };
    let objection_until = super::objection_opens(&row)
        .filter(|_| days > 0)
        .and_then(|d| d.checked_add(i64::from(days).days()).ok());
    let findings = findings(&rubric.body, &row, objections);
    Ok(EvaluationView {
        project_name: names.get(&row.project_id).cloned().unwrap_or_default(),
        company_name: companies.get(&row.company_id).cloned().unwrap_or_default(),
        findings,
        objection_until,
        score,
        missing,
        row,
    })
}

fn findings(
    body: &Body,
    row: &EvaluationRow,
    mut objections: Vec<ObjectionRow>,
) -> Vec<FindingState> {
    let all = match body {
        Body::Assessment(a) => items(a),
        _ => Vec::new(),
    };
    row.sheets
        .findings
        .iter()
        .enumerate()
        .map(|(index, f)| {
            let item = all.iter().find(|i| i.code == f.item);
            let kind = item.and_then(|i| match &i.method {
                Method::Deduction { findings } => findings.iter().find(|k| k.code == f.finding),
                _ => None,
            });
            let at = objections
                .iter()
                .position(|o| usize::try_from(o.finding).is_ok_and(|n| n == index));
            let objection = at.map(|p| objections.swap_remove(p));
            FindingState {
                index,
                item_title: item.map_or_else(|| f.item.clone(), |i| i.title.clone()),
                finding_title: kind.map_or_else(|| f.finding.clone(), |k| k.title.clone()),
                points: kind.map(|k| k.points).unwrap_or_default(),
                counts: objection
                    .as_ref()
                    .is_none_or(|o| o.status != ObjectionStatus::Upheld),
                objection,
                finding: f.clone(),
            }
        })
        .collect()
}
