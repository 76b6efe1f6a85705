//! Which company served a project when (服务期): contract periods that never overlap.
//!
//! Dates are inclusive; an open end (`None`) means "still serving". A project has at most one
//! company at a time, so a new period may not overlap any other period of the same project.

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::FieldError;

/// One contract period of one company on one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ServicePeriod {
    /// First day served.
    pub start: Date,
    /// Last day served; `None` while the contract runs.
    pub end: Option<Date>,
}

impl ServicePeriod {
    /// Builds a period, refusing an end before the start.
    pub fn new(start: Date, end: Option<Date>) -> Result<Self, FieldError> {
        if let Some(end) = end
            && end < start
        {
            return Err(FieldError::new(
                "end_date",
                format!("结束日期 {end} 早于开始日期 {start} (end before start)"),
            ));
        }
        Ok(Self { start, end })
    }

    /// True when both periods share at least one day.
    pub fn overlaps(&self, other: &ServicePeriod) -> bool {
        let ends_before = |a: &ServicePeriod, b: &ServicePeriod| a.end.is_some_and(|e| e < b.start);
        !(ends_before(self, other) || ends_before(other, self))
    }

    /// True when `day` falls inside the period.
    pub fn covers(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }

    /// Text for messages: `2023-01-01 至 今` or `2023-01-01 至 2023-12-31`.
    pub fn describe(&self) -> String {
        match self.end {
            Some(e) => format!("{} 至 {e}", self.start),
            None => format!("{} 至 今", self.start),
        }
    }
}

/// An existing period, with the identity the rule needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing<'a> {
    /// The period's id.
    pub id: &'a str,
    /// Who served (a display name or credit code, for messages).
    pub company: &'a str,
    /// When.
    pub period: ServicePeriod,
}

/// Refuses `new` if it overlaps any of `others` (the project's other periods), naming the first
/// clash.
pub fn check_no_overlap(new: &ServicePeriod, others: &[Existing<'_>]) -> Result<(), FieldError> {
    match others.iter().find(|o| o.period.overlaps(new)) {
        None => Ok(()),
        Some(o) => Err(FieldError::new(
            "start_date",
            format!(
                "服务期 {} 与 {} 已有的服务期 {} 重叠，同一项目同一时间只能由一家企业服务 (overlapping service periods)",
                new.describe(),
                o.company,
                o.period.describe()
            ),
        )),
    }
}

/// What an import should do to bring a project's history in line with a row's current contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodPlan {
    /// The same company already has a period with this start and end.
    Unchanged,
    /// The same company has a period with this start; set its end.
    SetEnd { id: String },
    /// Add the period as new.
    Insert,
    /// Add it after closing the open period `id` the day before it starts (a hand-over).
    CloseAndInsert { id: String, end: Date },
}

/// Plans a row's period against existing ones: `same_company` tells which existing periods are
/// the row's company. A hand-over (a new company starting after an open period began) closes
/// the open period; any other clash is refused.
pub fn plan(
    new: &ServicePeriod,
    existing: &[Existing<'_>],
    same_company: impl Fn(&Existing<'_>) -> bool,
) -> Result<PeriodPlan, FieldError> {
    if let Some(same) = existing
        .iter()
        .find(|e| same_company(e) && e.period.start == new.start)
    {
        if same.period.end == new.end {
            return Ok(PeriodPlan::Unchanged);
        }
        let others: Vec<_> = existing
            .iter()
            .filter(|e| e.id != same.id)
            .cloned()
            .collect();
        check_no_overlap(new, &others)?;
        return Ok(PeriodPlan::SetEnd {
            id: same.id.to_owned(),
        });
    }
    let handover = existing
        .iter()
        .find(|e| !same_company(e) && e.period.end.is_none() && e.period.start < new.start);
    if let Some(open) = handover
        && let Some(end) = new.start.yesterday().ok()
    {
        let closed = Existing {
            period: ServicePeriod {
                start: open.period.start,
                end: Some(end),
            },
            ..open.clone()
        };
        let others: Vec<_> = existing
            .iter()
            .map(|e| {
                if e.id == open.id {
                    closed.clone()
                } else {
                    e.clone()
                }
            })
            .collect();
        check_no_overlap(new, &others)?;
        return Ok(PeriodPlan::CloseAndInsert {
            id: open.id.to_owned(),
            end,
        });
    }
    check_no_overlap(new, existing)?;
    Ok(PeriodPlan::Insert)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(s: Date, e: Option<Date>) -> ServicePeriod {
        ServicePeriod::new(s, e).unwrap()
    }

    #[test]
    fn overlap_is_inclusive_and_open_ends_run_forever() {
        let a = p(date(2020, 1, 1), Some(date(2020, 12, 31)));
        assert!(a.overlaps(&p(date(2020, 12, 31), None)));
        assert!(!a.overlaps(&p(date(2021, 1, 1), None)));
        assert!(p(date(2019, 1, 1), None).overlaps(&p(date(2030, 1, 1), None)));
        assert!(ServicePeriod::new(date(2020, 2, 1), Some(date(2020, 1, 1))).is_err());
        assert!(a.covers(date(2020, 6, 1)) && !a.covers(date(2021, 1, 1)));
    }

    #[test]
    fn overlapping_periods_are_refused_naming_the_other_company() {
        let old = [Existing {
            id: "1",
            company: "甲物业",
            period: p(date(2020, 1, 1), Some(date(2022, 12, 31))),
        }];
        let err = check_no_overlap(&p(date(2022, 6, 1), None), &old).unwrap_err();
        assert!(err.message.contains("甲物业"), "{}", err.message);
        assert!(check_no_overlap(&p(date(2023, 1, 1), None), &old).is_ok());
    }

    #[test]
    fn import_plans() {
        let old = [Existing {
            id: "1",
            company: "A",
            period: p(date(2020, 1, 1), None),
        }];
        let is_a = |e: &Existing<'_>| e.company == "A";
        let is_b = |_: &Existing<'_>| false;
        assert_eq!(
            plan(&p(date(2020, 1, 1), None), &old, is_a),
            Ok(PeriodPlan::Unchanged)
        );
        assert_eq!(
            plan(&p(date(2020, 1, 1), Some(date(2024, 1, 1))), &old, is_a),
            Ok(PeriodPlan::SetEnd { id: "1".into() })
        );
        assert_eq!(
            plan(&p(date(2023, 3, 1), None), &old, is_b),
            Ok(PeriodPlan::CloseAndInsert {
                id: "1".into(),
                end: date(2023, 2, 28)
            })
        );
        assert!(plan(&p(date(2019, 3, 1), None), &old, is_b).is_err());
    }
}
