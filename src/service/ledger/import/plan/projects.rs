//! Projects, matched by code: each in a town of the ledger, in a community (created when
//! new), served by a company the ledger or the file knows.

use std::collections::HashMap;

use super::super::parse::ProjectLine;
use super::{Loaded, Plan, update};
use crate::domain::ledger::period::PeriodPlan;
use crate::domain::ledger::{RegionLevel, ServicePeriod};
use crate::service::ledger::{new_id, projects};
use crate::store::ledger::projects::ProjectRow;
use crate::store::ledger::regions::RegionRow;
use crate::store::ledger::service_periods::ServicePeriodRow;

/// What planning the projects looks up, and the communities it has created so far.
pub(super) struct ProjectContext<'a> {
    towns: HashMap<&'a str, &'a RegionRow>,
    /// The towns' names, for the message naming an unknown one.
    town_names: String,
    /// Community ids by (town id, name), the ledger's and those planned.
    communities: HashMap<(String, String), String>,
    /// Companies by credit code, as (id, name).
    companies: HashMap<String, (String, String)>,
    pub(super) company_names: HashMap<&'a str, &'a str>,
    projects: HashMap<&'a str, &'a ProjectRow>,
    /// Stored service periods by project id.
    pub(super) periods: HashMap<&'a str, Vec<&'a ServicePeriodRow>>,
    pub(super) at: &'a str,
}

/// Problems of one row: (field, message).
pub(super) type RowErrors = Vec<(&'static str, String)>;

impl<'a> ProjectContext<'a> {
    pub(super) fn new(
        loaded: &'a Loaded,
        companies: HashMap<String, (String, String)>,
        at: &'a str,
    ) -> Self {
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

    /// Plans one project row and its service period; nothing is planned for a row with a
    /// problem.
    pub(super) fn add(&mut self, line: &ProjectLine, plan: &mut Plan) -> Result<(), RowErrors> {
        let town = self.town(&line.town)?;
        let company = self.company(line)?;
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
            Some(old) => update(&mut plan.projects, old, new.clone(), self.at),
            None => plan.projects.new.push(new.clone()),
        }
        if let (Some((company_id, period)), Some(pp)) = (company, period_plan) {
            self.apply_period(&new.id, &company_id, period, pp, plan);
        }
        Ok(())
    }

    /// The town or park the row names; it must be in the ledger.
    fn town(&self, name: &str) -> Result<&'a RegionRow, RowErrors> {
        self.towns.get(name).copied().ok_or_else(|| {
            let known = if self.town_names.is_empty() {
                "（无）"
            } else {
                &self.town_names
            };
            vec![(
                "town",
                format!("台账中没有镇（园区）“{name}”，现有：{known} (unknown town or park)"),
            )]
        })
    }

    /// The serving company's id and the period, when the row names one; the company must be
    /// in the ledger or in this file.
    fn company(&self, line: &ProjectLine) -> Result<Option<(String, ServicePeriod)>, RowErrors> {
        let Some(s) = &line.service else {
            return Ok(None);
        };
        match self.companies.get(s.credit_code.as_str()) {
            Some((id, _)) => Ok(Some((id.clone(), s.period))),
            None => Err(vec![(
                "company_credit_code",
                format!(
                    "企业 {} 不在台账中，也不在本文件的“物业企业”表中 (unknown company)",
                    s.credit_code
                ),
            )]),
        }
    }

    /// The id of community `name` in `town`, planned as a new region the first time.
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
}
