//! One row of the complaints sheet as a complaint row ready to store, or the problems naming
//! its cells: the project's ledger code, the day (not after today), the rules in force that
//! day, the resolution's three cells together, then every rule a typed-in complaint meets
//! ([`drafted`]), and the company serving the project that day.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::domain::FieldError;
use crate::domain::credit::complaint::Outcome;
use crate::domain::ledger::fields;
use crate::service::AppState;
use crate::service::ServiceError;
use crate::service::credit::complaints::rules_on;
use crate::service::credit::complaints::write::{ComplaintInput, ResolutionInput, drafted};
use crate::sheet::RawRow;
use crate::sheet::complaint::{
    CATEGORY, CHANNEL, NOTE, OUTCOME, PROJECT, RECEIVED_ON, REFERENCE, RESOLVED_ON, SUMMARY,
};
use crate::sheet::paper::PaperSheet;
use crate::store::credit::complaints::ComplaintRow;

/// What the rows are checked against: ledger codes to project ids, and who served each
/// project on each day seen (read once per day).
pub struct Lookups {
    pub projects: HashMap<String, String>,
    pub serving: HashMap<Date, HashMap<String, String>>,
    pub today: Date,
}

impl Lookups {
    /// The company serving `project` on `day`.
    async fn serving(
        &mut self,
        state: &AppState,
        project: &str,
        day: Date,
    ) -> Result<Option<String>, ServiceError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.serving.entry(day) {
            let served = crate::store::credit::served_on(&state.db.pool, day, None).await?;
            slot.insert(
                served
                    .into_iter()
                    .map(|s| (s.project_id, s.company_id))
                    .collect(),
            );
        }
        Ok(self.serving.get(&day).and_then(|m| m.get(project)).cloned())
    }
}

/// Row `row` as a complaint row (company set, stamps empty), or its field errors.
pub async fn row_of(
    state: &AppState,
    sheet: &PaperSheet,
    row: &RawRow,
    look: &mut Lookups,
) -> Result<Result<ComplaintRow, Vec<FieldError>>, ServiceError> {
    let get = |key| sheet.get(row, key).to_owned();
    let mut errors = Vec::new();
    let code = get(PROJECT);
    let project = look.projects.get(&code).cloned();
    if project.is_none() {
        let message = if code.is_empty() {
            "项目编号为必填项 (required)".to_owned()
        } else {
            format!("台账中没有项目编号为“{code}”的项目 (no such project)")
        };
        errors.push(FieldError::new(PROJECT, message));
    }
    let day = received(&get(RECEIVED_ON), look.today)
        .map_err(|e| errors.push(e))
        .ok();
    let resolution = resolution(sheet, row).map_err(|e| errors.extend(e)).ok();
    let (Some(project), Some(day), Some(resolution)) = (project, day, resolution) else {
        // The rubric's codes cannot be checked without the day; the rest of the row can, so
        // the official sees every problem of the row at once.
        errors.extend(rubric_free(&get(REFERENCE), &get(SUMMARY)));
        return Ok(Err(errors));
    };
    let (rubric, rules) = match rules_on(state, day, RECEIVED_ON) {
        Ok(found) => found,
        Err(ServiceError::Invalid(e)) => return Ok(Err(e)),
        Err(e) => return Err(e),
    };
    let input = ComplaintInput {
        project_id: project.clone(),
        channel: get(CHANNEL),
        category: get(CATEGORY),
        reference: get(REFERENCE),
        received_on: day.to_string(),
        summary: Some(get(SUMMARY)),
        resolution,
    };
    let mut drafted = match drafted(&input, &rubric, &rules, day, look.today) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    match look.serving(state, &project, day).await? {
        Some(company) => drafted.company_id = company,
        None => {
            return Ok(Err(vec![FieldError::new(
                RECEIVED_ON,
                format!(
                    "项目在 {day} 没有物业服务企业（台账中无覆盖该日的服务期）(no company served the project that day)"
                ),
            )]));
        }
    }
    Ok(Ok(drafted))
}

/// The rules of the number and the summary, which need no rubric.
fn rubric_free(reference: &str, summary: &str) -> Vec<FieldError> {
    let reference = crate::domain::text::required(
        REFERENCE,
        reference,
        super::super::write::MAX_REFERENCE,
        crate::domain::text::Lines::Single,
    )
    .err();
    let summary = super::super::write::summary(Some(summary)).err();
    reference.into_iter().chain(summary).collect()
}

fn received(text: &str, today: Date) -> Result<Date, FieldError> {
    if text.is_empty() {
        return Err(FieldError::new(RECEIVED_ON, "受理日期为必填项 (required)"));
    }
    let day = fields::date(RECEIVED_ON, text)?;
    if day > today {
        return Err(FieldError::new(
            RECEIVED_ON,
            format!("受理日期 {day} 晚于今天，不能预先录入 (date in the future)"),
        ));
    }
    Ok(day)
}

/// The resolution's three cells: all empty (open) or all filled.
fn resolution(
    sheet: &PaperSheet,
    row: &RawRow,
) -> Result<Option<ResolutionInput>, Vec<FieldError>> {
    let cells = [RESOLVED_ON, OUTCOME, NOTE].map(|k| (k, sheet.get(row, k)));
    if cells.iter().all(|(_, v)| v.is_empty()) {
        return Ok(None);
    }
    let missing: Vec<FieldError> = cells
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(k, _)| {
            FieldError::new(
                *k,
                "已办结的须同时填写办结日期、核实结果和办理情况 (all three or none)",
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let outcome = Outcome::parse(OUTCOME, cells[1].1).map_err(|e| vec![e])?;
    Ok(Some(ResolutionInput {
        resolved_on: cells[0].1.to_owned(),
        outcome,
        note: cells[2].1.to_owned(),
    }))
}
