//! Working days (工作日) in China: Monday–Friday, minus public holidays, plus the weekend days
//! worked in exchange (调休上班). Every "within N working days" rule goes through here.
//!
//! A calendar read from a file knows only the years the file lists: a date in any other year is
//! refused with [`UnknownYear`], which says which file to extend, rather than silently treated
//! as a plain Monday–Friday week (which would mark a reply on an official make-up Saturday late).

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

/// Public holidays and make-up working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    rest: BTreeSet<Date>,
    work: BTreeSet<Date>,
    /// First and last year the file lists (`None`: [`WorkCalendar::plain`], every year).
    years: Option<(i16, i16)>,
}

/// A date in a year the calendar does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "工作日历只包含 {first}—{last} 年的法定节假日与调休安排，{day} 不在其中：请按国务院办公厅当年的节假日安排通知补充 calendars/cn-workdays.toml（配置项 calendar）(the working-day calendar does not cover {day})"
)]
pub struct UnknownYear {
    /// The date asked about.
    pub day: Date,
    /// First year known.
    pub first: i16,
    /// Last year known.
    pub last: i16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    year: Vec<Year>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Year {
    year: i16,
    #[serde(default)]
    rest: Vec<Date>,
    #[serde(default)]
    work: Vec<Date>,
}

impl WorkCalendar {
    /// Reads a calendar file (see `calendars/cn-workdays.toml`). A date outside its year, or a
    /// day listed both as rest and as work, is an error.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut cal = Self::default();
        let first = file.year.iter().map(|y| y.year).min();
        let last = file.year.iter().map(|y| y.year).max();
        let (Some(first), Some(last)) = (first, last) else {
            return Err("the calendar lists no [[year]]".into());
        };
        let listed: BTreeSet<i16> = file.year.iter().map(|y| y.year).collect();
        if let Some(gap) = (first..=last).find(|y| !listed.contains(y)) {
            return Err(format!("year {gap} is missing between {first} and {last}"));
        }
        cal.years = Some((first, last));
        for y in file.year {
            for d in y.rest.iter().chain(&y.work) {
                if d.year() != y.year {
                    return Err(format!("{d} is listed under year {}", y.year));
                }
            }
            cal.rest.extend(y.rest);
            cal.work.extend(y.work);
        }
        if let Some(both) = cal.rest.intersection(&cal.work).next() {
            return Err(format!(
                "{both} is listed both as a rest day and as a working day"
            ));
        }
        Ok(cal)
    }

    /// Monday–Friday in every year, with no holidays: for examples and tests of rules that do
    /// not depend on the official schedule.
    pub fn plain() -> Self {
        Self::default()
    }

    /// The years the calendar knows, first and last (`None`: every year).
    pub fn years(&self) -> Option<(i16, i16)> {
        self.years
    }

    /// Refuses a date in a year the calendar does not know.
    pub fn check(&self, day: Date) -> Result<(), UnknownYear> {
        match self.years {
            Some((first, last)) if !(first..=last).contains(&day.year()) => {
                Err(UnknownYear { day, first, last })
            }
            _ => Ok(()),
        }
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: Date) -> Result<bool, UnknownYear> {
        self.check(day)?;
        if self.work.contains(&day) {
            return Ok(true);
        }
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        Ok(!weekend && !self.rest.contains(&day))
    }

    /// The day `n` working days after `from`.
    pub fn add_working_days(&self, from: Date, n: u32) -> Result<Date, UnknownYear> {
        self.check(from)?;
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.saturating_add(1.day());
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn shipped() -> WorkCalendar {
        let text = include_str!("../../calendars/cn-workdays.toml");
        WorkCalendar::parse(text).unwrap()
    }

    #[test]
    fn plain_weeks_skip_weekends() {
        let cal = WorkCalendar::plain();
        assert_eq!(
            cal.add_working_days(date(2023, 3, 3), 1).unwrap(),
            date(2023, 3, 6)
        );
    }

    #[test]
    fn a_year_the_file_does_not_list_is_refused_naming_the_file() {
        let cal = shipped();
        let (first, last) = cal.years().unwrap();
        assert_eq!(first, 2023);
        let after = date(last + 1, 1, 4);
        let err = cal.add_working_days(after, 1).unwrap_err();
        assert!(
            err.to_string().contains("calendars/cn-workdays.toml"),
            "{err}"
        );
        // A reply on 2022's official make-up Saturday must not be judged by plain weeks.
        assert!(cal.is_working_day(date(2022, 10, 8)).is_err());
        // The last day of the last known year reaching into the next one is refused too.
        assert!(cal.add_working_days(date(last, 12, 31), 1).is_err());
        let gap = "[[year]]\nyear = 2023\n[[year]]\nyear = 2025\n";
        assert!(WorkCalendar::parse(gap).unwrap_err().contains("2024"));
    }

    #[test]
    fn new_years_day_2026_and_the_spring_festival_make_up_saturday() {
        // 国务院办公厅关于2026年部分节假日安排的通知: 1/1–1/3 off, Sunday 1/4 worked; 2/15–2/23
        // off, Saturdays 2/14 and 2/28 worked.
        let cal = shipped();
        assert_eq!(
            cal.add_working_days(date(2025, 12, 31), 1).unwrap(),
            date(2026, 1, 4)
        );
        assert_eq!(
            cal.add_working_days(date(2026, 2, 13), 1).unwrap(),
            date(2026, 2, 14)
        );
        assert_eq!(
            cal.add_working_days(date(2026, 2, 14), 1).unwrap(),
            date(2026, 2, 24)
        );
    }

    #[test]
    fn spring_festival_and_its_make_up_saturday() {
        // Finished Friday 2023-01-20: 1/21–1/27 are the holiday, Saturday 1/28 is worked.
        assert_eq!(
            shipped().add_working_days(date(2023, 1, 20), 1).unwrap(),
            date(2023, 1, 28)
        );
    }

    #[test]
    fn national_day_notice_of_three_working_days() {
        // From Thursday 2023-09-28: 9/29–10/6 off; 10/7 (Sat) and 10/8 (Sun) worked; then 10/9.
        assert_eq!(
            shipped().add_working_days(date(2023, 9, 28), 3).unwrap(),
            date(2023, 10, 9)
        );
    }

    #[test]
    fn contradictions_are_refused() {
        let both = "[[year]]\nyear = 2023\nrest = [\"2023-01-28\"]\nwork = [\"2023-01-28\"]\n";
        assert!(WorkCalendar::parse(both).unwrap_err().contains("both"));
        let wrong_year = "[[year]]\nyear = 2024\nrest = [\"2023-01-02\"]\n";
        assert!(
            WorkCalendar::parse(wrong_year)
                .unwrap_err()
                .contains("under year 2024")
        );
    }
}
