//! On-site evaluations (第三方现场测评): an inspector opens one for a project's visit, fills the
//! sheets while it is a draft ([`write`]), submits it; the bureau accepts it or returns it with
//! a reason. An accepted evaluation counts; the company may object to a finding within the
//! rubric's window and the bureau decides ([`objections`]). The score is computed on every read
//! from the sheets, the rubric version and the upheld objections ([`view`]); a rating reads the
//! score kept since acceptance ([`kept`]).
//!
//! Who sees what: the bureau, review teams and inspectors read every evaluation; a company
//! reads the accepted evaluations of its own projects, a unit those of the projects in its
//! area; anything else answers 404, as if it did not exist. An inspector writes only the
//! evaluations its token opened (the bureau any).

use std::sync::Arc;

use crate::domain::access::{Principal, Role};
use crate::domain::credit::evaluation::{EvaluationStatus, ObjectionStatus, Sheets, VisitScore};
use crate::domain::rubric::Rubric;
use crate::service::ledger::visibility_of;
use crate::service::{AppState, ServiceError};
use crate::store::credit::evaluations::{self as store, EvaluationRow, ObjectionRow};

pub mod import;
pub mod kept;
pub mod objections;
pub mod photos;
mod view;
pub mod write;

pub use view::{EvaluationView, FindingState};

/// The rubric an evaluation was opened under (kept with it: a later version never re-scores it).
fn rubric_of(state: &AppState, row: &EvaluationRow) -> Result<Arc<Rubric>, ServiceError> {
    u32::try_from(row.rubric_version)
        .ok()
        .and_then(|v| state.rubrics.get(&row.rubric_id, v))
        .ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!(
                "evaluation {} names rubric {} v{} which is not loaded",
                row.id,
                row.rubric_id,
                row.rubric_version
            ))
        })
}

/// The day the company's objection window opens: the acceptance day, or — when the acceptance
/// was dated back (results delivered late, an import with `accepted_on`) — the day it was
/// entered, so a company is never out of time before it could see the result. An accepted
/// evaluation is never updated again, so its last update is its acceptance.
pub(crate) fn objection_opens(row: &EvaluationRow) -> Option<jiff::civil::Date> {
    let accepted = row.accepted_on?;
    let entered = crate::store::parse_ts(&row.updated_at)
        .ok()
        .map(|at| at.to_zoned(crate::domain::period::beijing()).date());
    Some(entered.map_or(accepted, |e| e.max(accepted)))
}

/// 404 unless `who` may read `row`.
async fn readable(
    state: &AppState,
    who: &Principal,
    row: &EvaluationRow,
) -> Result<(), ServiceError> {
    let gone = || ServiceError::NotFound(format!("现场测评 {}", row.id));
    let accepted = row.status == EvaluationStatus::Accepted;
    match who.role {
        Role::Admin | Role::Reviewer | Role::Inspector => Ok(()),
        Role::Company if accepted && who.company_id.as_deref() == Some(&row.company_id) => Ok(()),
        Role::Unit if accepted => {
            let vis = visibility_of(&state.db, who).await?;
            crate::store::ledger::projects::find(&state.db.pool, &row.project_id, &vis)
                .await?
                .map(|_| ())
                .ok_or_else(gone)
        }
        _ => Err(gone()),
    }
}

/// 403 unless `who` may write `row`: the bureau, or the inspector token that opened it.
fn writable(who: &Principal, row: &EvaluationRow) -> Result<(), ServiceError> {
    if who.role == Role::Admin || row.created_by.as_deref() == Some(who.token_id.as_str()) {
        Ok(())
    } else {
        Err(ServiceError::Refused(format!(
            "该现场测评由“{}”录入，只有录入的检查机构或住建局可以修改 (not your evaluation)",
            row.organisation
        )))
    }
}

/// The findings that count: all but those whose objection was upheld.
fn counting(sheets: &Sheets, objections: &[ObjectionRow]) -> Sheets {
    let upheld: std::collections::BTreeSet<i64> = objections
        .iter()
        .filter(|o| o.status == ObjectionStatus::Upheld)
        .map(|o| o.finding)
        .collect();
    Sheets {
        findings: sheets
            .findings
            .iter()
            .enumerate()
            .filter(|(i, _)| !i64::try_from(*i).is_ok_and(|i| upheld.contains(&i)))
            .map(|(_, f)| f.clone())
            .collect(),
        ..sheets.clone()
    }
}

/// The visit's score with the upheld objections left out; `Err` lists what the sheets still
/// lack (a draft may be incomplete).
pub fn score_of(
    state: &AppState,
    row: &EvaluationRow,
    objections: &[ObjectionRow],
) -> Result<Result<VisitScore, Vec<crate::domain::FieldError>>, ServiceError> {
    let rubric = rubric_of(state, row)?;
    let sheets = counting(&row.sheets, objections);
    let scored = crate::domain::credit::evaluation::score(&rubric, &row.project_id, &sheets);
    Ok(scored.map(|mut s| {
        note_upheld(&mut s, &row.sheets, objections);
        s
    }))
}

/// Says in each sheet's item trace which findings no longer count and why, so the trace alone
/// explains a deduction that disappeared.
fn note_upheld(score: &mut VisitScore, sheets: &Sheets, objections: &[ObjectionRow]) {
    for o in objections
        .iter()
        .filter(|o| o.status == ObjectionStatus::Upheld)
    {
        let Some(f) = usize::try_from(o.finding)
            .ok()
            .and_then(|i| sheets.findings.get(i))
        else {
            continue;
        };
        let sheet = usize::try_from(f.sheet).unwrap_or(0).checked_sub(1);
        let item = sheet
            .and_then(|i| score.sheets.get_mut(i))
            .and_then(|s| s.items.iter_mut().find(|t| t.code == f.item));
        if let Some(t) = item {
            t.explanation.push_str(&format!(
                "；问题 {} ×{} 经异议于 {} 认定成立，不再扣分（{}）(objection upheld)",
                f.finding,
                f.count,
                o.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                o.decision_reason.as_deref().unwrap_or_default()
            ));
        }
    }
}

/// One evaluation as `who` may see it.
#[tracing::instrument(skip(state, who))]
pub async fn get(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<EvaluationView, ServiceError> {
    view::view(state, get_row(state, who, id).await?).await
}

/// Evaluation `id` as stored, or 404 when `who` may not read it.
async fn get_row(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<EvaluationRow, ServiceError> {
    let row = store::find(&state.db.pool, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("现场测评 {id}")))?;
    readable(state, who, &row).await?;
    Ok(row)
}

/// Evaluations of a project or a company that `who` may see, newest visit first.
#[tracing::instrument(skip(state, who))]
pub async fn list(
    state: &AppState,
    who: &Principal,
    project_id: Option<&str>,
    company_id: Option<&str>,
) -> Result<Vec<EvaluationView>, ServiceError> {
    let own_company = match who.role {
        Role::Company => who.company_id.as_deref(),
        _ => None,
    };
    let only_accepted = matches!(who.role, Role::Company | Role::Unit);
    let filter = store::Filter {
        project_id,
        company_id: own_company.or(company_id),
        statuses: if only_accepted {
            &[EvaluationStatus::Accepted]
        } else {
            &[]
        },
        visited_by: None,
    };
    let mut out = Vec::new();
    for row in store::list(&state.db.pool, &filter).await? {
        if readable(state, who, &row).await.is_ok() {
            out.push(view::view(state, row).await?);
        }
    }
    Ok(out)
}
