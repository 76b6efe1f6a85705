//! Complaints and petitions (信访投诉) about a project, and the daily-evaluation component
//! (日常考评) they make by the composite rubric's `[daily]` section.
//!
//! Whether a complaint was resolved within its channel's limit is computed from its dates,
//! never typed: the deadline is the receipt day plus the channel's `limit_days`, and on any
//! day a complaint is open (within the limit), resolved in time, resolved late, or overdue
//! (open past the deadline). Everything is as of a day: a resolution or withdrawal dated after
//! it does not count yet, so the same records and day always give the same value.

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::domain::labelled::labelled_enum;
use crate::domain::rubric::daily::DailyRules;

#[cfg(test)]
mod tests;

labelled_enum!(
    /// What handling found (办理结果).
    Outcome, "投诉核实结果" {
        /// 属实: the complaint was founded.
        Upheld = ("upheld", "属实"),
        /// 不属实: it was not.
        NotUpheld = ("not-upheld", "不属实"),
    }
);

labelled_enum!(
    /// Where a complaint stands on a day.
    Handling, "办理状态" {
        /// 办理中: not resolved, within the limit.
        Open = ("open", "办理中"),
        /// 按时办结: resolved by the deadline.
        InTime = ("in-time", "按时办结"),
        /// 超时办结: resolved after the deadline.
        Late = ("late", "超时办结"),
        /// 超期未办结: not resolved and past the deadline.
        Overdue = ("overdue", "超期未办结"),
    }
);

/// The dates and outcome of one complaint, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFacts {
    /// 受理日期.
    pub received_on: Date,
    /// The last day to resolve it in time.
    pub due_on: Date,
    /// 办结日期, when resolved.
    pub resolved_on: Option<Date>,
    /// Found upheld or not (set with the resolution).
    pub outcome: Option<Outcome>,
    /// The first day it no longer counts, when withdrawn (entered in error).
    pub withdrawn_on: Option<Date>,
}

/// The deadline of a complaint received on `received_on` with `limit_days`.
pub fn due_on(received_on: Date, limit_days: u32) -> Date {
    received_on.saturating_add(i64::from(limit_days).days())
}

impl ComplaintFacts {
    /// Where it stands at the end of `day`.
    pub fn handling_on(&self, day: Date) -> Handling {
        match self.resolved_on.filter(|r| *r <= day) {
            Some(r) if r <= self.due_on => Handling::InTime,
            Some(_) => Handling::Late,
            None if day > self.due_on => Handling::Overdue,
            None => Handling::Open,
        }
    }

    /// Found upheld by the end of `day`.
    pub fn upheld_on(&self, day: Date) -> bool {
        self.resolved_on.is_some_and(|r| r <= day) && self.outcome == Some(Outcome::Upheld)
    }

    /// Counts on `day`: received by then, not withdrawn by then.
    pub fn counts_on(&self, day: Date) -> bool {
        self.received_on <= day && self.withdrawn_on.is_none_or(|w| w > day)
    }
}

/// A complaint that took points, for the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deduction {
    /// The complaint's work-order or document number.
    pub reference: String,
    /// Upheld by the day.
    pub upheld: bool,
    /// Not resolved within the limit by the day.
    pub late: bool,
    /// Points taken.
    pub points: Decimal,
}

/// The daily-evaluation component of one project under one company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyValue {
    /// base − deductions, never below 0.
    pub value: Decimal,
    /// Complaints received in the window.
    pub received: usize,
    /// The complaints that took points.
    pub deductions: Vec<Deduction>,
}

/// The first day of the window ending on `day`: complaints received from it count.
pub fn window_start(rules: &DailyRules, day: Date) -> Date {
    day.saturating_sub(i64::from(rules.window_months).months())
        .saturating_add(1.day())
}

/// The component from `complaints` (reference, facts) of one project under one company, as of
/// `day`; the caller passes those received in the window.
pub fn daily_value(
    rules: &DailyRules,
    complaints: &[(String, ComplaintFacts)],
    day: Date,
) -> DailyValue {
    let start = window_start(rules, day);
    let mut received = 0;
    let mut deductions = Vec::new();
    for (reference, c) in complaints {
        if !c.counts_on(day) || c.received_on < start {
            continue;
        }
        received += 1;
        let upheld = c.upheld_on(day);
        let late = matches!(c.handling_on(day), Handling::Late | Handling::Overdue);
        let mut points = Decimal::ZERO;
        if upheld {
            points += rules.upheld_points;
        }
        if late {
            points += rules.late_points;
        }
        if !points.is_zero() {
            deductions.push(Deduction {
                reference: reference.clone(),
                upheld,
                late,
                points,
            });
        }
    }
    let taken: Decimal = deductions.iter().map(|d| d.points).sum();
    DailyValue {
        value: (rules.base - taken).max(Decimal::ZERO),
        received,
        deductions,
    }
}

impl DailyValue {
    /// The arithmetic in words, naming every complaint that took points, e.g.
    /// `信访投诉 3 件：100 − 2（工单 A1 属实）− 4（工单 B2 属实、超期）= 94`.
    pub fn explain(&self, base: Decimal) -> String {
        let mut line = format!("信访投诉 {} 件：{}", self.received, base.normalize());
        for d in &self.deductions {
            let mut why = Vec::new();
            if d.upheld {
                why.push("属实");
            }
            if d.late {
                why.push("未按时办结");
            }
            line.push_str(&format!(
                " − {}（{} {}）",
                d.points.normalize(),
                d.reference,
                why.join("、")
            ));
        }
        format!("{line} = {}", self.value.normalize())
    }
}
