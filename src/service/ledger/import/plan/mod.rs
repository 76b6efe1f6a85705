//! Second pass, against what the database holds: resolve towns, communities and companies by
//! name or code, decide per record whether it is new, changed or unchanged, plan each
//! project's service history, and place handover inspections on their projects by code and
//! date. Pure apart from the rows handed in.
//!
//! Companies come first (`companies`) so projects can name a company the same file adds;
//! projects next (`projects`, with their service periods in `periods`) so inspections can
//! name a project the same file adds (`handovers`).

mod companies;
mod handovers;
mod periods;
mod projects;

use super::parse::{Parsed, problem};
use crate::sheet::{CellProblem, Kind, RawBook, RawRow, RawSheet};
use crate::store::ledger::companies::CompanyRow;
use crate::store::ledger::handover::HandoverRow;
use crate::store::ledger::projects::ProjectRow;
use crate::store::ledger::regions::RegionRow;
use crate::store::ledger::service_periods::ServicePeriodRow;
use projects::ProjectContext;

/// The ledger as it stands, read inside the import's transaction.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every region (towns and parks are matched by name, communities by town and name).
    pub regions: Vec<RegionRow>,
    /// Every company (matched by credit code).
    pub companies: Vec<CompanyRow>,
    /// Every project (matched by code).
    pub projects: Vec<ProjectRow>,
    /// Every service period (a project's history is planned against them).
    pub service_periods: Vec<ServicePeriodRow>,
    /// Every handover inspection (matched by project and date).
    pub handovers: Vec<HandoverRow>,
}

/// New rows, and `(before, after)` pairs of changed rows, of one table.
#[derive(Debug)]
pub struct Changes<R> {
    /// Rows to insert.
    pub new: Vec<R>,
    /// Rows to update: as stored, and as they will be.
    pub changed: Vec<(R, R)>,
    /// Rows the file repeats exactly.
    pub unchanged: usize,
}

impl<R> Default for Changes<R> {
    fn default() -> Self {
        Self {
            new: Vec::new(),
            changed: Vec::new(),
            unchanged: 0,
        }
    }
}

/// Everything an import will write.
#[derive(Debug, Default)]
pub struct Plan {
    /// Communities named by projects and not yet in the ledger.
    pub communities: Vec<RegionRow>,
    /// Companies by credit code.
    pub companies: Changes<CompanyRow>,
    /// Projects by code.
    pub projects: Changes<ProjectRow>,
    /// Service periods of the projects in the file.
    pub service_periods: Changes<ServicePeriodRow>,
    /// Handover inspections by project and date.
    pub handovers: Changes<HandoverRow>,
}

/// A stored row with a version and an update time, both moved by every update.
trait Stamped {
    /// One version more, updated at `at`.
    fn stamp(&mut self, at: &str);
}

macro_rules! stamped {
    ($($row:ty),+) => {$(
        impl Stamped for $row {
            fn stamp(&mut self, at: &str) {
                self.version += 1;
                self.updated_at = at.into();
            }
        }
    )+};
}

stamped!(CompanyRow, ProjectRow, ServicePeriodRow, HandoverRow);

/// Counts `new` as unchanged when it equals the stored `old`; otherwise records the update,
/// `new` stamped at `at`.
fn update<R: Stamped + Clone + PartialEq>(changes: &mut Changes<R>, old: &R, new: R, at: &str) {
    if &new == old {
        changes.unchanged += 1;
    } else {
        changes.changed.push(bump(old, new, at));
    }
}

/// `(before, after)` of an update: `after` stamped at `at`.
fn bump<R: Stamped + Clone>(before: &R, after: R, at: &str) -> (R, R) {
    let mut after = after;
    after.stamp(at);
    (before.clone(), after)
}

/// Plans the import, or returns every problem found.
pub fn plan(
    book: &RawBook,
    parsed: Parsed,
    loaded: &Loaded,
    at: &str,
) -> Result<Plan, Vec<CellProblem>> {
    let Parsed {
        companies: company_lines,
        projects: project_lines,
        handovers: handover_lines,
        mut problems,
    } = parsed;
    let mut plan = Plan::default();
    let by_code = companies::plan_companies(company_lines, loaded, at, &mut plan);
    if let Some(sheet) = book.sheet(Kind::Projects) {
        let mut ctx = ProjectContext::new(loaded, by_code, at);
        for line in project_lines {
            if let (Err(errors), Some(row)) =
                (ctx.add(&line, &mut plan), sheet_row(sheet, line.row))
            {
                problems.extend(errors.into_iter().map(|(f, m)| problem(sheet, row, f, m)));
            }
        }
    }
    if let Some(sheet) = book.sheet(Kind::Handovers) {
        let unplaced = handovers::plan_handovers(handover_lines, loaded, at, &mut plan);
        for (line, field, message) in unplaced {
            if let Some(row) = sheet_row(sheet, line) {
                problems.push(problem(sheet, row, field, message));
            }
        }
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// The row numbered `number` of `sheet`.
fn sheet_row(sheet: &RawSheet, number: u32) -> Option<&RawRow> {
    sheet
        .rows
        .binary_search_by_key(&number, |r| r.number)
        .ok()
        .map(|i| &sheet.rows[i])
}
