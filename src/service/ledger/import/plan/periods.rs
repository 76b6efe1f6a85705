//! A project's service history: the file's period against the stored ones (unchanged, its
//! end set, a new one, or the current one closed and a new one opened).

use std::collections::HashMap;

use jiff::civil::Date;

use super::projects::{ProjectContext, RowErrors};
use super::{Plan, Stamped};
use crate::domain::ledger::ServicePeriod;
use crate::domain::ledger::period::{self, Existing, PeriodPlan};
use crate::service::ledger::new_id;
use crate::store::ledger::service_periods::ServicePeriodRow;

impl ProjectContext<'_> {
    /// What the period `new` of `company_id` does to the stored project's history.
    pub(super) fn plan_period(
        &self,
        project_id: &str,
        company_id: &str,
        new: &ServicePeriod,
    ) -> Result<PeriodPlan, RowErrors> {
        let rows = self.stored_periods(project_id);
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

    /// Adds the rows `pp` calls for to the plan.
    pub(super) fn apply_period(
        &self,
        project_id: &str,
        company_id: &str,
        period: ServicePeriod,
        pp: PeriodPlan,
        plan: &mut Plan,
    ) {
        let insert = |plan: &mut Plan| {
            plan.service_periods.new.push(ServicePeriodRow {
                id: new_id(),
                project_id: project_id.into(),
                company_id: company_id.into(),
                start_date: period.start,
                end_date: period.end,
                version: 1,
                created_at: self.at.into(),
                updated_at: self.at.into(),
            });
        };
        match pp {
            PeriodPlan::Unchanged => plan.service_periods.unchanged += 1,
            PeriodPlan::SetEnd { id } => self.set_end(plan, project_id, &id, period.end),
            PeriodPlan::Insert => insert(plan),
            PeriodPlan::CloseAndInsert { id, end } => {
                self.set_end(plan, project_id, &id, Some(end));
                insert(plan);
            }
        }
    }

    /// Plans the stored period `id` of the project to end on `end`.
    fn set_end(&self, plan: &mut Plan, project_id: &str, id: &str, end: Option<Date>) {
        if let Some(old) = self.stored_periods(project_id).iter().find(|r| r.id == id) {
            let mut after = (*old).clone();
            after.end_date = end;
            after.stamp(self.at);
            plan.service_periods.changed.push(((*old).clone(), after));
        }
    }

    /// The project's stored service periods.
    fn stored_periods(&self, project_id: &str) -> &[&ServicePeriodRow] {
        self.periods
            .get(project_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
