//! Supervision items (督查督办) and the findings they produce for unit scores.
//!
//! Rules from the campaign plan, 附件3 二(二)1: "承办单位需在规定时限内办结，并在办结后1个工作日内
//! 反馈；无明确时限要求的，原则上1周内办结，最长不超过1个月". So an item assigned with a stated
//! deadline (规定时限) keeps it however far away it is; an item without one is due 1 week after
//! assignment, and the bureau may extend that default (with a reason) to at most 1 month after
//! assignment. The report back is due 1 working day after finishing. 二(三): items not finished
//! or not reported on time lead to 通报 (public criticism), 约谈 (summons) or 问责 and count in
//! the annual target assessment.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::FieldError;
use super::calendar::{UnknownYear, WorkCalendar};

/// One supervision item as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SupervisionItem {
    /// Day the office assigned it.
    pub assigned_on: Date,
    /// Due day: the stated deadline, or the default of [`due_date`] as possibly extended by
    /// [`extended_deadline`].
    pub deadline: Date,
    /// Whether the office stated the deadline when assigning the item (规定时限). Only an item
    /// without one has the 1-month ceiling, and only its deadline may be extended.
    pub deadline_stated: bool,
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

/// An item's deadline as decided when it is assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The due day.
    pub due: Date,
    /// True when the office stated it; false for the 1-week default.
    pub stated: bool,
}

/// The due day of an item assigned on `assigned_on`: the stated deadline as given (only one
/// before assignment is refused), or 1 week after assignment when none is stated.
pub fn due_date(assigned_on: Date, stated: Option<Date>) -> Result<Deadline, FieldError> {
    match stated {
        None => Ok(Deadline {
            due: assigned_on.saturating_add(7.days()),
            stated: false,
        }),
        Some(deadline) if deadline < assigned_on => Err(FieldError::new(
            "deadline",
            "办结时限不能早于交办日期 (deadline before assignment)",
        )),
        Some(deadline) => Ok(Deadline {
            due: deadline,
            stated: true,
        }),
    }
}

/// The latest an item without a stated deadline may be extended to: 1 month after assignment
/// (the same day next month, or that month's last day when it has no such day).
pub fn latest_extension(assigned_on: Date) -> Date {
    assigned_on.saturating_add(1.month())
}

/// The new deadline when the bureau extends `item`'s deadline to `to`. Refused (naming
/// `deadline`) for a stated deadline, which is kept as the office set it; for a day not after
/// the current deadline; and past 1 month after assignment.
pub fn extended_deadline(item: &SupervisionItem, to: Date) -> Result<Date, FieldError> {
    let latest = latest_extension(item.assigned_on);
    if item.deadline_stated {
        Err(FieldError::new(
            "deadline",
            format!(
                "该事项交办时已明确办结时限 {}，须在规定时限内办结，不能延期 (a stated deadline cannot be extended)",
                item.deadline
            ),
        ))
    } else if to <= item.deadline {
        Err(FieldError::new(
            "deadline",
            format!(
                "延期后的办结时限须晚于当前时限 {} (must be after the current deadline)",
                item.deadline
            ),
        ))
    } else if to > latest {
        Err(FieldError::new(
            "deadline",
            format!(
                "无明确时限的督办事项最长不超过 1 个月，即不晚于 {latest} (at most 1 month after assignment)"
            ),
        ))
    } else {
        Ok(to)
    }
}

/// Most times one item may have been sent back (退回重办): far beyond any real case, small
/// enough that no sum of them can overflow.
pub const MAX_SENT_BACK: u32 = 99;

/// What the bureau records as an item progresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Day the unit finished it.
    pub completed_on: Option<Date>,
    /// Day the unit reported back.
    pub feedback_on: Option<Date>,
    /// Times sent back.
    pub sent_back: u32,
}

/// Checks recorded progress on an item assigned on `assigned`: finished no earlier than
/// assigned, reported no earlier than finished (and only once finished), sends-back bounded,
/// and every date one the working-day calendar can judge (feedback is due in working days).
pub fn check_progress(
    assigned: Date,
    p: &Progress,
    calendar: &WorkCalendar,
) -> Result<(), FieldError> {
    if p.sent_back > MAX_SENT_BACK {
        return Err(FieldError::new(
            "sent_back",
            format!("退回次数应在 0 至 {MAX_SENT_BACK} 之间 (times sent back, 0..{MAX_SENT_BACK})"),
        ));
    }
    for (field, day) in [
        ("completed_on", p.completed_on),
        ("feedback_on", p.feedback_on),
    ] {
        if let Some(e) = day.and_then(|d| calendar.check(d).err()) {
            return Err(FieldError::new(field, e.to_string()));
        }
    }
    if p.completed_on.is_some_and(|d| d < assigned) {
        return Err(FieldError::new(
            "completed_on",
            "办结日期不能早于交办日期 (before assignment)",
        ));
    }
    let feedback_ok = match (p.completed_on, p.feedback_on) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(done), Some(fed)) => fed >= done,
    };
    if !feedback_ok {
        return Err(FieldError::new(
            "feedback_on",
            "反馈日期须在办结日期之后 (feedback after completion)",
        ));
    }
    Ok(())
}

/// Counts of what went wrong across a unit's supervision items, as of a day. These are the
/// finding names a rubric's supervision `deduction` item prices.
///
/// Not finishing an item on time, and the 约谈 or 通报批评 it led to (附件3 二(三)), are one
/// failure at rising severity: each item counts once, at its most severe — criticism, else
/// summons, else overdue — so one failure is never charged twice. Late feedback and a
/// send-back are failures of their own (二(二)1, 二(二)3) and count besides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SupervisionFindings {
    /// Items finished after their deadline, or still open after it (逾期), that led to no
    /// summons or criticism.
    pub overdue: u32,
    /// Items reported back more than 1 working day after finishing, or not at all (反馈超时).
    pub late_feedback: u32,
    /// Times items were sent back (退回).
    pub sent_back: u32,
    /// Items that led to a public criticism (通报批评).
    pub public_criticism: u32,
    /// Items that led to a summons (约谈) but no criticism.
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
) -> Result<SupervisionFindings, UnknownYear> {
    let mut f = SupervisionFindings::default();
    for item in items {
        let overdue = match item.completed_on {
            Some(done) => done > item.deadline,
            None => as_of > item.deadline,
        };
        let (criticism, summons) = (
            item.public_criticism,
            item.summons && !item.public_criticism,
        );
        let only_overdue = overdue && !item.public_criticism && !item.summons;
        f.overdue = f.overdue.saturating_add(u32::from(only_overdue));
        f.public_criticism = f.public_criticism.saturating_add(u32::from(criticism));
        f.summons = f.summons.saturating_add(u32::from(summons));
        if let Some(done) = item.completed_on {
            let due = calendar.add_working_days(done, 1)?;
            let late = match item.feedback_on {
                Some(fed) => fed > due,
                None => as_of > due,
            };
            f.late_feedback = f.late_feedback.saturating_add(u32::from(late));
        }
        f.sent_back = f.sent_back.saturating_add(item.sent_back);
    }
    Ok(f)
}

#[cfg(test)]
mod tests;
