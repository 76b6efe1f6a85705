//! Each visit of a file through the same checks as an evaluation typed in (the rubric in force
//! on the visit day, the company serving the project that day, `check_inspectors`,
//! `check_sheets`, a complete score), then, in the import's transaction, stored as accepted —
//! or left as it is when the same sheets are already there, or refused when different ones are.

use std::collections::HashMap;
use std::collections::hash_map::Entry::Vacant;

use jiff::civil::Date;

use super::visits::Visit;
use crate::domain::access::Principal;
use crate::domain::credit::evaluation::{EvaluationStatus, Sheets, check_inspectors, check_sheets};
use crate::domain::rubric::Rubric;
use crate::domain::rubric::model::{Body, Kind};
use crate::service::credit::in_force;
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::sheet::CellProblem;
use crate::sheet::evaluation::{PROJECT, VISIT_ON};
use crate::sheet::paper::PaperSheet;
use crate::store::Tx;
use crate::store::credit::evaluation_imports::visit_tx;
use crate::store::credit::evaluations::EvaluationRow;
use crate::store::credit::served_on;

/// A visit that passed every check.
#[derive(Debug, Clone)]
pub struct Checked {
    pub visit: Visit,
    pub company_id: String,
    pub rubric: std::sync::Arc<Rubric>,
    pub sheets: Sheets,
}

/// Checks `visits`; the problems name the rows and columns they came from.
pub async fn check(
    state: &AppState,
    sheet: &PaperSheet,
    visits: Vec<Visit>,
    accepted_on: Date,
) -> Result<(Vec<Checked>, Vec<CellProblem>), ServiceError> {
    let mut serving: HashMap<Date, HashMap<String, String>> = HashMap::new();
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    for visit in visits {
        if visit.day > accepted_on {
            let day = visit.day;
            problems.push(visit.on_first(sheet, VISIT_ON, format!("检查日期 {day} 晚于本次导入的采纳日期 {accepted_on}：结果不能在检查之前采纳 (visit after the acceptance day)")));
            continue;
        }
        if let Vacant(slot) = serving.entry(visit.day) {
            let served = served_on(&state.db.pool, visit.day, None).await?;
            slot.insert(
                served
                    .into_iter()
                    .map(|s| (s.project_id, s.company_id))
                    .collect(),
            );
        }
        let company = serving[&visit.day].get(&visit.project_id).cloned();
        match one(state, sheet, &visit, company) {
            Ok((company_id, rubric, sheets)) => out.push(Checked {
                visit,
                company_id,
                rubric,
                sheets,
            }),
            Err(p) => problems.extend(p),
        }
    }
    Ok((out, problems))
}

type Passed = (String, std::sync::Arc<Rubric>, Sheets);

/// One visit's checks, as `write::create`, `save_sheets` and `submit` make them.
fn one(
    state: &AppState,
    sheet: &PaperSheet,
    visit: &Visit,
    company: Option<String>,
) -> Result<Passed, Vec<CellProblem>> {
    let day = visit.day;
    let on_date = |m: String| vec![visit.on_first(sheet, VISIT_ON, m)];
    let Some(company_id) = company else {
        return Err(vec![visit.on_first(sheet, PROJECT, format!("项目在 {day} 没有物业服务企业（台账中无覆盖该日的服务期），不能测评 (no company served the project that day)"))]);
    };
    let rubric = in_force(state, Kind::ServiceQuality, day).ok_or_else(|| {
        on_date(format!(
            "没有适用于 {day} 的物业服务质量检查评分标准 (no rubric in force)"
        ))
    })?;
    let Body::Assessment(a) = &rubric.body else {
        return Err(on_date("评分标准类型不符 (not a points rubric)".into()));
    };
    let cells = |errors: Vec<crate::domain::FieldError>| -> Vec<CellProblem> {
        errors.iter().map(|e| visit.problem(sheet, e)).collect()
    };
    let inspectors = check_inspectors(&visit.sheets.inspectors, a.evaluation.inspectors);
    let checked = check_sheets(a, &visit.sheets);
    let sheets = match (inspectors, checked) {
        (Ok(inspectors), Ok(c)) => Sheets { inspectors, ..c },
        (i, c) => {
            return Err(cells(
                i.err().into_iter().chain(c.err()).flatten().collect(),
            ));
        }
    };
    // Stored as accepted: the sheets must score, as `submit` demands.
    crate::domain::credit::evaluation::score(&rubric, &visit.project_id, &sheets).map_err(cells)?;
    Ok((company_id, rubric, sheets))
}

/// What storing the visits did.
#[derive(Debug, Default)]
pub struct Stored {
    /// Every visit's evaluation id, in file order.
    pub ids: Vec<String>,
    pub created: usize,
    /// Drafts or submitted evaluations with the same sheets, accepted by the import.
    pub accepted: usize,
    pub unchanged: usize,
    pub problems: Vec<CellProblem>,
}

/// Refused when the project already has different sheets for the day.
pub const DIFFERENT: &str =
    "该项目该日已有不同的测评，请先退回或核对 (a different evaluation of this visit exists)";

/// Stores each checked visit as accepted by `who` in `tx`, leaving identical ones as they are.
pub async fn store(
    tx: &mut Tx,
    state: &AppState,
    who: &Principal,
    sheet: &PaperSheet,
    visits: &[Checked],
    accepted_on: Date,
) -> Result<Stored, ServiceError> {
    let mut out = Stored::default();
    let actor = Actor::from(who);
    for c in visits {
        match visit_tx(tx, &c.visit.project_id, c.visit.day).await? {
            Some(earlier) if earlier.sheets == c.sheets => {
                if earlier.status == EvaluationStatus::Accepted {
                    out.unchanged += 1;
                } else {
                    accept(tx, state, &actor, &earlier, accepted_on).await?;
                    out.accepted += 1;
                }
                out.ids.push(earlier.id);
            }
            Some(_) => {
                let p = c.visit.on_first(sheet, VISIT_ON, DIFFERENT.into());
                out.problems.push(p);
            }
            None => {
                let row = accepted(state, who, c, accepted_on);
                writer(&state.db, &actor)
                    .create(tx, &row, ServiceError::from)
                    .await?;
                let (id, version) = (&row.rubric_id, row.rubric_version);
                crate::store::rubrics::mark_scored(tx, id, version, &row.created_at).await?;
                crate::service::credit::evaluations::kept::keep(tx, state, &row).await?;
                out.created += 1;
                out.ids.push(row.id);
            }
        }
    }
    Ok(out)
}

/// Accepts a draft or submitted evaluation whose sheets the delivered file confirms: the
/// firm's results are final, as for a created one (accepted on `on`).
async fn accept(
    tx: &mut Tx,
    state: &AppState,
    actor: &Actor,
    earlier: &EvaluationRow,
    on: Date,
) -> Result<(), ServiceError> {
    let at = state.db.clock.stamp();
    let after = EvaluationRow {
        status: EvaluationStatus::Accepted,
        submitted_at: earlier.submitted_at.clone().or(Some(at)),
        accepted_on: Some(on),
        returned_reason: None,
        ..earlier.clone()
    };
    let after = writer(&state.db, actor)
        .update(
            tx,
            earlier.clone(),
            after,
            earlier.version,
            ServiceError::from,
        )
        .await?;
    crate::service::credit::evaluations::kept::keep(tx, state, &after).await
}

/// The evaluation of a checked visit, accepted by `who` on `on` (it counts, and the objection
/// window runs, from that day).
fn accepted(state: &AppState, who: &Principal, c: &Checked, on: Date) -> EvaluationRow {
    let at = state.db.clock.stamp();
    EvaluationRow {
        id: new_id(),
        project_id: c.visit.project_id.clone(),
        company_id: c.company_id.clone(),
        visit_on: c.visit.day,
        rubric_id: c.rubric.header.id.clone(),
        rubric_version: i64::from(c.rubric.header.version),
        organisation: who.name.clone(),
        created_by: who.has_token().then(|| who.token_id.clone()),
        sheets: c.sheets.clone(),
        status: EvaluationStatus::Accepted,
        submitted_at: Some(at.clone()),
        accepted_on: Some(on),
        returned_reason: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    }
}
