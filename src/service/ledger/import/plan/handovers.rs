//! Handover inspections, placed on their projects by code and matched by project and date.

use std::collections::HashMap;

use jiff::civil::Date;

use super::super::parse::HandoverLine;
use super::{Loaded, Plan, update};
use crate::service::ledger::handover;
use crate::store::ledger::handover::HandoverRow;

/// Plans the inspections: each names its project by code (the ledger's or this file's) and is
/// matched to a stored one by project and date. Returns the rows that could not be placed.
pub(super) fn plan_handovers(
    lines: Vec<HandoverLine>,
    loaded: &Loaded,
    at: &str,
    plan: &mut Plan,
) -> Vec<(u32, &'static str, String)> {
    let project_ids: HashMap<String, String> = loaded
        .projects
        .iter()
        .chain(&plan.projects.new)
        .map(|p| (p.code.clone(), p.id.clone()))
        .collect();
    let existing: HashMap<(&str, Date), &HandoverRow> = loaded
        .handovers
        .iter()
        .map(|h| ((h.project_id.as_str(), h.inspected_on), h))
        .collect();
    let mut problems = Vec::new();
    for line in lines {
        let Some(project_id) = project_ids.get(&line.project_code) else {
            problems.push((
                line.row,
                "project_code",
                format!(
                    "项目 {} 不在台账中，也不在本文件的“物业项目”表中 (unknown project)",
                    line.project_code
                ),
            ));
            continue;
        };
        match existing.get(&(project_id.as_str(), line.data.inspected_on)) {
            Some(old) => update(
                &mut plan.handovers,
                old,
                handover::row_of(&line.data, old),
                at,
            ),
            None => plan.handovers.new.push(handover::row_of(
                &line.data,
                &handover::fresh(project_id, at),
            )),
        }
    }
    problems
}
