//! Supervision items (督查督办) and the findings they produce for unit scores.
//!
//! Rules from the campaign plan, 附件3 二(二)1: an item is finished within its time limit and
//! reported within 1 working day after finishing; without a time limit it is due in 1 week,
//! and never more than 1 month. 二(三): items not finished or not reported on time lead to
//! 通报 (public criticism), 约谈 (summons) or 问责 and count in the annual target assessment.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::FieldError;
use super::calendar::WorkCalendar;

/// One supervision item as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionItem {
    /// Day the office assigned it.
    pub assigned_on: Date,
    /// Due day (already defaulted by [`due_date`]).
    pub deadline: Date,
    /// Day the unit finished it, if it has.
    pub completed_on: Option<Date>,
    /// Day the unit reported back, if it has.
    pub feedback_on: Option<Date>,
    /// Times it was sent back as unsatisfactory (退回).
    pub sent_back: u32,
    /// Whether the unit was publicly criticised for it (通报批评).
    pub public_criticism: bool,
    /// Whether the unit's leaders were summoned for it (约谈).
    pub summons: bool,
}

/// The due day: the given deadline, or 1 week after assignment when none is given. A deadline
/// before assignment or more than 1 month after it is refused.
pub fn due_date(assigned_on: Date, deadline: Option<Date>) -> Result<Date, FieldError> {
    let Some(deadline) = deadline else {
        return Ok(assigned_on.saturating_add(7.days()));
    };
    let latest = assigned_on.saturating_add(1.month());
    if deadline < assigned_on {
        Err(FieldError::new(
            "deadline",
            "办结时限不能早于交办日期 (deadline before assignment)",
        ))
    } else if deadline > latest {
        Err(FieldError::new(
            "deadline",
            format!(
                "办结时限最长不超过 1 个月，即不晚于 {latest} (at most 1 month after assignment)"
            ),
        ))
    } else {
        Ok(deadline)
    }
}

/// Counts of what went wrong across a unit's supervision items, as of a day. These are the
/// finding names a rubric's supervision `deduction` item prices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionFindings {
    /// Items finished after their deadline, or still open after it (逾期).
    pub overdue: u32,
    /// Items reported back more than 1 working day after finishing, or not at all (反馈超时).
    pub late_feedback: u32,
    /// Times items were sent back (退回).
    pub sent_back: u32,
    /// Public criticisms (通报批评); any one removes award eligibility for the year.
    pub public_criticism: u32,
    /// Summons (约谈).
    pub summons: u32,
}

impl SupervisionFindings {
    /// The findings as `(finding code, occurrences)` pairs, named as in the shipped
    /// unit-assessment rubric's supervision item (5.1).
    pub fn as_pairs(&self) -> [(&'static str, u32); 5] {
        [
            ("overdue", self.overdue),
            ("late-reply", self.late_feedback),
            ("sent-back", self.sent_back),
            ("criticism", self.public_criticism),
            ("summons", self.summons),
        ]
    }
}

/// Tallies findings over `items` as of `as_of` (open items only count once they are overdue).
pub fn findings(
    items: &[SupervisionItem],
    as_of: Date,
    calendar: &WorkCalendar,
) -> SupervisionFindings {
    let mut f = SupervisionFindings::default();
    for item in items {
        let overdue = match item.completed_on {
            Some(done) => done > item.deadline,
            None => as_of > item.deadline,
        };
        f.overdue += u32::from(overdue);
        if let Some(done) = item.completed_on {
            let due = calendar.add_working_days(done, 1);
            let late = match item.feedback_on {
                Some(fed) => fed > due,
                None => as_of > due,
            };
            f.late_feedback += u32::from(late);
        }
        f.sent_back += item.sent_back;
        f.public_criticism += u32::from(item.public_criticism);
        f.summons += u32::from(item.summons);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn item(deadline: Date) -> SupervisionItem {
        SupervisionItem {
            assigned_on: date(2023, 3, 1),
            deadline,
            completed_on: None,
            feedback_on: None,
            sent_back: 0,
            public_criticism: false,
            summons: false,
        }
    }

    #[test]
    fn deadline_defaults_to_a_week_and_is_capped_at_a_month() {
        let a = date(2023, 1, 31);
        assert_eq!(due_date(a, None).unwrap(), date(2023, 2, 7));
        assert_eq!(
            due_date(a, Some(date(2023, 2, 28))).unwrap(),
            date(2023, 2, 28)
        );
        assert!(due_date(a, Some(date(2023, 3, 1))).is_err());
        assert!(due_date(a, Some(date(2023, 1, 30))).is_err());
    }

    #[test]
    fn feedback_is_due_the_next_working_day() {
        let calendar = WorkCalendar::default();
        // Friday 2023-03-03 → Monday 2023-03-06.
        assert_eq!(
            calendar.add_working_days(date(2023, 3, 3), 1),
            date(2023, 3, 6)
        );
        let text = include_str!("../../calendars/cn-workdays.toml");
        let official = WorkCalendar::parse(text).unwrap();
        // Finished Friday 2023-01-20, reported Saturday 1/28 (a make-up working day): on time.
        let mut item = item(date(2023, 1, 31));
        item.assigned_on = date(2023, 1, 16);
        item.completed_on = Some(date(2023, 1, 20));
        item.feedback_on = Some(date(2023, 1, 28));
        assert_eq!(
            findings(std::slice::from_ref(&item), date(2023, 2, 10), &official).late_feedback,
            0
        );
        item.feedback_on = Some(date(2023, 1, 30));
        assert_eq!(
            findings(std::slice::from_ref(&item), date(2023, 2, 10), &official).late_feedback,
            1
        );
    }

    #[test]
    fn findings_count_overdue_late_feedback_and_sanctions() {
        let mut done_late = item(date(2023, 3, 8));
        done_late.completed_on = Some(date(2023, 3, 10)); // Friday, after the deadline
        done_late.feedback_on = Some(date(2023, 3, 13)); // Monday: on time
        let mut late_report = item(date(2023, 3, 8));
        late_report.completed_on = Some(date(2023, 3, 7));
        late_report.feedback_on = Some(date(2023, 3, 9)); // due 03-08
        late_report.sent_back = 2;
        let mut open = item(date(2023, 3, 8));
        open.public_criticism = true;
        open.summons = true;
        let items = [done_late, late_report, open];
        let before = findings(&items, date(2023, 3, 8), &WorkCalendar::default());
        assert_eq!(
            before.overdue, 1,
            "the open item is not overdue yet on its deadline"
        );
        let f = findings(&items, date(2023, 3, 20), &WorkCalendar::default());
        assert_eq!(
            f,
            SupervisionFindings {
                overdue: 2,
                late_feedback: 1,
                sent_back: 2,
                public_criticism: 1,
                summons: 1
            }
        );
    }
}
