//! Second pass, against what the database holds: resolve towns, communities and companies by
//! name or code, decide per record whether it is new, changed or unchanged, plan each
//! project's service history, and place handover inspections on their projects by code and
//! date. Pure apart from the rows handed in.

use std::collections::HashMap;

use super::parse::{HandoverLine, Parsed, ProjectLine, problem};
use crate::domain::ledger::period::{self, Existing, PeriodPlan};
use crate::domain::ledger::{RegionLevel, ServicePeriod};
use crate::service::ledger::{companies, handover, new_id, projects};
use crate::sheet::{CellProblem, Kind, RawBook, RawRow, RawSheet};
use crate::store::ledger::companies::CompanyRow;
use crate::store::ledger::handover::HandoverRow;
use crate::store::ledger::projects::ProjectRow;
use crate::store::ledger::regions::RegionRow;
use crate::store::ledger::service_periods::ServicePeriodRow;
use jiff::civil::Date;

/// The ledger as it stands, read inside the import's transaction.
#[derive(Debug, Default)]
pub struct Loaded {
    pub regions: Vec<RegionRow>,
    pub companies: Vec<CompanyRow>,
    pub projects: Vec<ProjectRow>,
    pub service_periods: Vec<ServicePeriodRow>,
    pub handovers: Vec<HandoverRow>,
}

/// New rows, and `(before, after)` pairs of changed rows, of one table.
#[derive(Debug)]
pub struct Changes<R> {
    pub new: Vec<R>,
    pub changed: Vec<(R, R)>,
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
    pub communities: Vec<RegionRow>,
    pub companies: Changes<CompanyRow>,
    pub projects: Changes<ProjectRow>,
    pub service_periods: Changes<ServicePeriodRow>,
    pub handovers: Changes<HandoverRow>,
}

fn bump<R: Clone>(before: &R, after: R, set: impl FnOnce(&mut R)) -> (R, R) {
    let mut after = after;
    set(&mut after);
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
    // Companies by credit code: the ledger's, then this file's.
    let mut by_code: HashMap<String, (String, String)> = loaded
        .companies
        .iter()
        .map(|c| (c.credit_code.clone(), (c.id.clone(), c.name.clone())))
        .collect();
    let existing: HashMap<&str, &CompanyRow> = loaded
        .companies
        .iter()
        .map(|c| (c.credit_code.as_str(), c))
        .collect();
    for line in company_lines {
        let code = line.data.credit_code.to_string();
        match existing.get(code.as_str()) {
            Some(old) => {
                let new = companies::row_of(&line.data, old);
                if &&new == old {
                    plan.companies.unchanged += 1;
                } else {
                    plan.companies.changed.push(bump(*old, new, |r| {
                        r.version += 1;
                        r.updated_at = at.into();
                    }));
                }
            }
            None => {
                let row = CompanyRow {
                    id: new_id(),
                    created_at: at.into(),
                    updated_at: at.into(),
                    ..companies::row_of(&line.data, &companies::fresh(at))
                };
                by_code.insert(code, (row.id.clone(), row.name.clone()));
                plan.companies.new.push(row);
            }
        }
    }
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
        for (line, field, message) in plan_handovers(handover_lines, loaded, at, &mut plan) {
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

/// Plans the inspections: each names its project by code (the ledger's or this file's) and is
/// matched to a stored one by project and date. Returns the rows that could not be placed.
fn plan_handovers(
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
            Some(old) => {
                let new = handover::row_of(&line.data, old);
                if &&new == old {
                    plan.handovers.unchanged += 1;
                } else {
                    plan.handovers.changed.push(bump(*old, new, |r| {
                        r.version += 1;
                        r.updated_at = at.into();
                    }));
                }
            }
            None => plan.handovers.new.push(handover::row_of(
                &line.data,
                &handover::fresh(project_id, at),
            )),
        }
    }
    problems
}

struct ProjectContext<'a> {
    towns: HashMap<&'a str, &'a RegionRow>,
    town_names: String,
    communities: HashMap<(String, String), String>,
    companies: HashMap<String, (String, String)>,
    company_names: HashMap<&'a str, &'a str>,
    projects: HashMap<&'a str, &'a ProjectRow>,
    periods: HashMap<&'a str, Vec<&'a ServicePeriodRow>>,
    at: &'a str,
}

type RowErrors = Vec<(&'static str, String)>;

impl<'a> ProjectContext<'a> {
    fn new(loaded: &'a Loaded, companies: HashMap<String, (String, String)>, at: &'a str) -> Self {
        let towns: HashMap<&str, &RegionRow> = loaded
            .regions
            .iter()
            .filter(|r| r.level.is_town_level())
            .map(|r| (r.name.as_str(), r))
            .collect();
        let mut names: Vec<&str> = towns.keys().copied().collect();
        names.sort_unstable();
        let mut periods: HashMap<&str, Vec<&ServicePeriodRow>> = HashMap::new();
        for s in &loaded.service_periods {
            periods.entry(s.project_id.as_str()).or_default().push(s);
        }
        Self {
            towns,
            town_names: names.join("、"),
            communities: loaded
                .regions
                .iter()
                .filter(|r| r.level == RegionLevel::Community)
                .filter_map(|r| Some(((r.parent_id.clone()?, r.name.clone()), r.id.clone())))
                .collect(),
            companies,
            company_names: loaded
                .companies
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_str()))
                .collect(),
            projects: loaded
                .projects
                .iter()
                .map(|p| (p.code.as_str(), p))
                .collect(),
            periods,
            at,
        }
    }

    fn add(&mut self, line: &ProjectLine, plan: &mut Plan) -> Result<(), RowErrors> {
        let Some(town) = self.towns.get(line.town.as_str()).copied() else {
            return Err(vec![(
                "town",
                format!(
                    "台账中没有镇（园区）“{}”，现有：{} (unknown town or park)",
                    line.town,
                    if self.town_names.is_empty() {
                        "（无）"
                    } else {
                        &self.town_names
                    }
                ),
            )]);
        };
        let company = match &line.service {
            None => None,
            Some(s) => match self.companies.get(s.credit_code.as_str()) {
                Some((id, _)) => Some((id.clone(), s.period)),
                None => {
                    return Err(vec![(
                        "company_credit_code",
                        format!(
                            "企业 {} 不在台账中，也不在本文件的“物业企业”表中 (unknown company)",
                            s.credit_code
                        ),
                    )]);
                }
            },
        };
        let old = self.projects.get(line.data.code.as_str()).copied();
        let period_plan = match (&company, old) {
            (Some((company_id, period)), Some(old)) => {
                Some(self.plan_period(&old.id, company_id, period)?)
            }
            (Some(_), None) => Some(PeriodPlan::Insert),
            (None, _) => None,
        };
        let community = self.community(town, &line.community, plan);
        let base = old.cloned().unwrap_or_else(|| ProjectRow {
            id: new_id(),
            created_at: self.at.into(),
            updated_at: self.at.into(),
            ..projects::fresh(self.at)
        });
        let new = projects::row_of(&line.data, &town.id, &community, &base);
        match old {
            Some(old) if old == &new => plan.projects.unchanged += 1,
            Some(old) => plan.projects.changed.push(bump(old, new.clone(), |r| {
                r.version += 1;
                r.updated_at = self.at.into();
            })),
            None => plan.projects.new.push(new.clone()),
        }
        if let (Some((company_id, period)), Some(pp)) = (company, period_plan) {
            self.apply_period(&new.id, &company_id, period, pp, plan);
        }
        Ok(())
    }

    fn community(&mut self, town: &RegionRow, name: &str, plan: &mut Plan) -> String {
        let key = (town.id.clone(), name.to_owned());
        if let Some(id) = self.communities.get(&key) {
            return id.clone();
        }
        let row = RegionRow {
            id: new_id(),
            name: name.into(),
            level: RegionLevel::Community,
            parent_id: Some(town.id.clone()),
            version: 1,
            created_at: self.at.into(),
            updated_at: self.at.into(),
        };
        self.communities.insert(key, row.id.clone());
        let id = row.id.clone();
        plan.communities.push(row);
        id
    }

    fn plan_period(
        &self,
        project_id: &str,
        company_id: &str,
        new: &ServicePeriod,
    ) -> Result<PeriodPlan, RowErrors> {
        let rows = self
            .periods
            .get(project_id)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let existing: Vec<Existing> = rows
            .iter()
            .map(|r| Existing {
                id: &r.id,
                company: self
                    .company_names
                    .get(r.company_id.as_str())
                    .copied()
                    .unwrap_or(&r.company_id),
                period: ServicePeriod {
                    start: r.start_date,
                    end: r.end_date,
                },
            })
            .collect();
        let company_of: HashMap<&str, &str> = rows
            .iter()
            .map(|r| (r.id.as_str(), r.company_id.as_str()))
            .collect();
        period::plan(new, &existing, |e| {
            company_of.get(e.id) == Some(&company_id)
        })
        .map_err(|e| vec![("service_start", e.message)])
    }

    fn apply_period(
        &self,
        project_id: &str,
        company_id: &str,
        period: ServicePeriod,
        pp: PeriodPlan,
        plan: &mut Plan,
    ) {
        let find = |id: &str| {
            self.periods
                .get(project_id)
                .and_then(|v| v.iter().find(|r| r.id == id))
                .copied()
        };
        let at = self.at;
        let set_end = |plan: &mut Plan, id: &str, end: Option<Date>| {
            if let Some(old) = find(id) {
                plan.service_periods
                    .changed
                    .push(bump(old, old.clone(), |r| {
                        r.end_date = end;
                        r.version += 1;
                        r.updated_at = at.into();
                    }));
            }
        };
        let insert = |plan: &mut Plan| {
            plan.service_periods.new.push(ServicePeriodRow {
                id: new_id(),
                project_id: project_id.into(),
                company_id: company_id.into(),
                start_date: period.start,
                end_date: period.end,
                version: 1,
                created_at: at.into(),
                updated_at: at.into(),
            });
        };
        match pp {
            PeriodPlan::Unchanged => plan.service_periods.unchanged += 1,
            PeriodPlan::SetEnd { id } => set_end(plan, &id, period.end),
            PeriodPlan::Insert => insert(plan),
            PeriodPlan::CloseAndInsert { id, end } => {
                set_end(plan, &id, Some(end));
                insert(plan);
            }
        }
    }
}
