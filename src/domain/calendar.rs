//! Working days (工作日) in China: Monday–Friday, minus public holidays, plus the weekend days
//! worked in exchange (调休上班). Every "within N working days" rule goes through here.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

/// Public holidays and make-up working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    rest: BTreeSet<Date>,
    work: BTreeSet<Date>,
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

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: Date) -> bool {
        if self.work.contains(&day) {
            return true;
        }
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        !weekend && !self.rest.contains(&day)
    }

    /// The day `n` working days after `from`.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.saturating_add(1.day());
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
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
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_days(date(2023, 3, 3), 1), date(2023, 3, 6));
    }

    #[test]
    fn spring_festival_and_its_make_up_saturday() {
        // Finished Friday 2023-01-20: 1/21–1/27 are the holiday, Saturday 1/28 is worked.
        assert_eq!(
            shipped().add_working_days(date(2023, 1, 20), 1),
            date(2023, 1, 28)
        );
    }

    #[test]
    fn national_day_notice_of_three_working_days() {
        // From Thursday 2023-09-28: 9/29–10/6 off; 10/7 (Sat) and 10/8 (Sun) worked; then 10/9.
        assert_eq!(
            shipped().add_working_days(date(2023, 9, 28), 3),
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
