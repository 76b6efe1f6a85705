//! Assessment periods (考核周期): phases, their order, and deadlines in Beijing time.
//!
//! A period moves forward one phase at a time: 草稿 → 自评 → 复核 → 申诉（公示）→ 定稿. Deadlines
//! are instants; people give and read them in Asia/Shanghai time, and a date without a time
//! means the end of that day there.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::FieldError;
use super::labelled::labelled_enum;

/// The time zone every deadline is stated in.
pub fn beijing() -> TimeZone {
    TimeZone::get("Asia/Shanghai").unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(8)))
}

labelled_enum!(
    /// A period's phase.
    Phase, "阶段" {
        /// Being set up; nothing can be entered.
        Draft = ("draft", "草稿"),
        /// Units fill and submit self-assessments (自评).
        SelfAssessment = ("self_assessment", "自评"),
        /// Review teams re-check (复查复核).
        Review = ("review", "复核"),
        /// Results are on public notice; units may appeal (公示/申诉).
        Appeal = ("appeal", "申诉公示"),
        /// Closed; results are final (定稿).
        Final = ("final", "定稿"),
    }
);

impl Phase {
    /// The phase after this one.
    pub fn next(self) -> Option<Phase> {
        let i = Self::ALL.iter().position(|p| *p == self)?;
        Self::ALL.get(i + 1).copied()
    }
}

/// Checks a phase change: only one step forward.
pub fn check_transition(from: Phase, to: Phase) -> Result<(), String> {
    if from.next() == Some(to) {
        Ok(())
    } else {
        Err(format!(
            "考核周期只能从{}进入{}，不能进入{} (phases move one step forward)",
            from.label(),
            from.next().map_or("（无）", Phase::label),
            to.label()
        ))
    }
}

/// Reads a deadline given in Beijing time: `YYYY-MM-DD` (end of that day) or
/// `YYYY-MM-DDTHH:MM[:SS]`; an RFC 3339 instant with an offset is taken as is.
pub fn parse_deadline(field: &str, text: &str) -> Result<Timestamp, FieldError> {
    parse_instant(field, text, jiff::civil::time(23, 59, 59, 0), "截止时间")
}

/// Reads a start given in Beijing time: `YYYY-MM-DD` (the start of that day) or
/// `YYYY-MM-DDTHH:MM[:SS]`; an RFC 3339 instant with an offset is taken as is.
pub fn parse_start(field: &str, text: &str) -> Result<Timestamp, FieldError> {
    parse_instant(field, text, jiff::civil::time(0, 0, 0, 0), "开始时间")
}

/// An instant in Beijing time; a bare date means `at` on that day.
fn parse_instant(
    field: &str,
    text: &str,
    at: jiff::civil::Time,
    what: &str,
) -> Result<Timestamp, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            format!(
                "{text:?} 不是有效的{what}，应为 2023-06-30 或 2023-06-30T18:00（北京时间）(invalid date or time)"
            ),
        )
    };
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    let local = match text.parse::<Date>() {
        Ok(d) if text.len() == 10 => d.to_datetime(at),
        _ => text.parse::<DateTime>().map_err(|_| bad())?,
    };
    local
        .to_zoned(beijing())
        .map(|z| z.timestamp())
        .map_err(|_| bad())
}

/// Formats an instant in Beijing time for messages, e.g. `2023-06-30 23:59（北京时间）`.
pub fn show(ts: Timestamp) -> String {
    format!(
        "{}（北京时间）",
        ts.to_zoned(beijing()).strftime("%Y-%m-%d %H:%M")
    )
}

/// The end of the public-notice window: `working_days` working days after `from` (Beijing
/// dates), at the end of that day.
pub fn notice_end(
    from: Timestamp,
    working_days: u32,
    calendar: &super::calendar::WorkCalendar,
) -> Result<Timestamp, super::calendar::UnknownYear> {
    let day = from.to_zoned(beijing()).date();
    let end = calendar.add_working_days(day, working_days)?;
    Ok(end
        .to_datetime(jiff::civil::time(23, 59, 59, 0))
        .to_zoned(beijing())
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| {
            let hours = i64::from(working_days + 2) * 24;
            from.saturating_add(hours.hours()).unwrap_or(from)
        }))
}

/// Formats an instant as RFC 3339 in Beijing time with its offset, e.g.
/// `2023-06-30T23:59:59+08:00` — how deadlines are entered and shown.
pub fn beijing_rfc3339(ts: Timestamp) -> String {
    ts.to_zoned(beijing())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Default public notice, in working days (安徽巢湖经济开发区 2021 年度住宅物业服务考核结果公示:
/// 3-day notice; see rubrics/SOURCES.md).
pub const DEFAULT_NOTICE_DAYS: u32 = 3;

/// Shortest and longest public notice, in working days.
pub const NOTICE_DAYS: std::ops::RangeInclusive<u32> = 1..=30;

/// Checks a notice length (working days).
pub fn check_notice_days(days: u32) -> Result<(), FieldError> {
    if NOTICE_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(FieldError::new(
            "notice_days",
            "公示期应为 1 至 30 个工作日 (1 to 30 working days)",
        ))
    }
}

/// Checks the review deadline falls after the self-assessment deadline.
pub fn check_deadlines(
    self_deadline: Timestamp,
    review_deadline: Timestamp,
) -> Result<(), FieldError> {
    if review_deadline > self_deadline {
        Ok(())
    } else {
        Err(FieldError::new(
            "review_deadline",
            "复核截止时间必须晚于自评截止时间 (review after self-assessment)",
        ))
    }
}

/// What still stands between a period on notice and 定稿.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinalBlockers {
    /// The notice window's end, when it has not passed yet.
    pub notice_open_until: Option<Timestamp>,
    /// Undecided appeals, as `unit name 评分项 code`.
    pub open_appeals: Vec<String>,
    /// Items still waiting for a further reviewer, as `unit name 评分项 code`.
    pub awaiting_review: Vec<String>,
}

impl FinalBlockers {
    /// `Ok` when no item waits for a further reviewer, so the notice may open; else a message
    /// naming them.
    pub fn check_notice(&self) -> Result<(), String> {
        if self.awaiting_review.is_empty() {
            return Ok(());
        }
        Err(format!(
            "不能进入公示：尚有待第三人复核的评分项：{} (a disputed item needs a further reviewer first)",
            self.awaiting_review.join("、")
        ))
    }

    /// `Ok` when nothing blocks 定稿, else one message naming every blocker.
    pub fn check(&self) -> Result<(), String> {
        let mut parts = Vec::new();
        if let Some(end) = self.notice_open_until {
            parts.push(format!("公示期至 {} 才结束", show(end)));
        }
        if !self.open_appeals.is_empty() {
            parts.push(format!(
                "尚有未裁决的申诉：{}",
                self.open_appeals.join("、")
            ));
        }
        if !self.awaiting_review.is_empty() {
            parts.push(format!(
                "尚有待第三人复核的评分项：{}",
                self.awaiting_review.join("、")
            ));
        }
        if parts.is_empty() {
            return Ok(());
        }
        Err(format!(
            "不能定稿：{} (cannot finalise: notice open, appeals pending or third reviews pending)",
            parts.join("；")
        ))
    }
}

/// Refusal to accept an entry because its window has closed.
pub fn closed_message(what: &str, deadline: Timestamp) -> String {
    format!(
        "{what}已于 {} 截止，如需修改请联系考核办退回补正 (deadline passed)",
        show(deadline)
    )
}

#[cfg(test)]
mod tests;
