//! Parsing of single values as officials type them: dates, counts, amounts, yes/no.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::domain::FieldError;
use crate::domain::number::{self, Bounds};

/// Parses `2023-01-05`, `2023/1/5`, `2023.1.5` or `2023年1月5日`.
pub fn date(field: &str, raw: &str) -> Result<Date, FieldError> {
    let text = raw.trim();
    let bad = || {
        FieldError::new(
            field,
            format!("{text:?} 不是有效日期，应为 2023-01-31 这样的格式 (invalid date)"),
        )
    };
    let normalised: String = text
        .trim_end_matches('日')
        .chars()
        .map(|c| {
            if matches!(c, '/' | '.' | '年' | '月') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut parts = normalised.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let num = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(y), Some(m), Some(d)) if (1900..=2200).contains(&y) => {
            Date::new(y, m as i8, d as i8).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// Parses an optional date (blank → `None`).
pub fn optional_date(field: &str, raw: Option<&str>) -> Result<Option<Date>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => date(field, s).map(Some),
    }
}

/// Removes thousands separators only where they are one (`1,234,567`), so `1,2,3` stays an
/// error instead of silently reading as 123.
fn thousands(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_owned());
    }
    let mut groups = text.split(',');
    let head = groups.next()?;
    let ok = (1..=3).contains(&head.len()) && groups.clone().all(|g| g.len() == 3);
    ok.then(|| text.replace(',', ""))
}

/// Parses a whole, non-negative count up to `max` (`12` or `12.0` from a spreadsheet number).
pub fn count(field: &str, raw: &str, max: i64) -> Result<i64, FieldError> {
    let text = raw.trim();
    let value = thousands(text.strip_suffix(".0").unwrap_or(text))
        .and_then(|t| t.parse::<i64>().ok())
        .ok_or(())
        .map_err(|_| {
            FieldError::new(
                field,
                format!("{text:?} 不是整数，应填写不带小数的非负整数 (must be a whole number)"),
            )
        })?;
    if !(0..=max).contains(&value) {
        return Err(FieldError::new(
            field,
            format!("{value} 超出范围，应在 0 到 {max} 之间 (out of range)"),
        ));
    }
    Ok(value)
}

/// Parses an optional count (blank → `None`).
pub fn optional_count(field: &str, raw: Option<&str>, max: i64) -> Result<Option<i64>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => count(field, s, max).map(Some),
    }
}

/// Parses an exact decimal within `bounds` (see [`crate::domain::number`]): thousands
/// separators where they are one (`96,500.5`), never rounded, normalised (no trailing zeros)
/// so equal amounts compare and store equal.
pub fn amount(field: &str, raw: &str, bounds: Bounds) -> Result<Decimal, FieldError> {
    let text = raw.trim();
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let plain = thousands(int)
        .filter(|_| !frac.is_some_and(|f| f.contains(',')))
        .map(|i| frac.map_or(i.clone(), |f| format!("{i}.{f}")))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!("{text:?} 不是数字，千位分隔符位置不对 (must be a number)"),
            )
        })?;
    number::decimal(field, &plain, bounds)
}

/// Parses 是/否 (also yes/no, true/false, 1/0, Y/N).
pub fn yes_no(field: &str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "是" | "有" | "已成立" | "yes" | "y" | "true" | "1" => Ok(true),
        "否" | "无" | "未成立" | "no" | "n" | "false" | "0" => Ok(false),
        other => Err(FieldError::new(
            field,
            format!("{other:?} 应填写“是”或“否” (must be yes or no)"),
        )),
    }
}

/// Renders a date the way it is stored (`YYYY-MM-DD`).
pub fn iso(date: Date) -> String {
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn dates_in_the_usual_chinese_forms() {
        let d = Date::new(2023, 1, 5).unwrap();
        for s in [
            "2023-01-05",
            "2023/1/5",
            "2023.1.5",
            "2023年1月5日",
            " 2023-1-05 ",
        ] {
            assert_eq!(date("d", s).unwrap(), d, "{s}");
        }
        for s in [
            "2023-02-30",
            "05/01/2023",
            "2023-1",
            "abc",
            "20230105",
            "1800-01-01",
        ] {
            assert!(date("d", s).is_err(), "{s}");
        }
    }

    #[test]
    fn counts_are_whole_and_in_range() {
        assert_eq!(count("n", "12", 100).unwrap(), 12);
        assert_eq!(count("n", "12.0", 100).unwrap(), 12);
        assert_eq!(count("n", "1,200", 10_000).unwrap(), 1200);
        assert!(count("n", "12.5", 100).is_err());
        assert!(count("n", "-1", 100).is_err());
        assert!(count("n", "101", 100).is_err());
        assert!(count("n", "1,2,3", 1000).is_err());
        assert_eq!(count("n", "1,234,567", 10_000_000).unwrap(), 1_234_567);
    }

    #[test]
    fn amounts_are_exact_and_normalised() {
        let area = number::FLOOR_AREA;
        assert_eq!(
            amount("a", "12345.670", area).unwrap().to_string(),
            "12345.67"
        );
        assert_eq!(
            amount("a", "96,500.5", area).unwrap().to_string(),
            "96500.5"
        );
        assert_eq!(amount("a", "0.1", area).unwrap() + dec!(0.2), dec!(0.3));
        assert!(amount("a", "1.234", area).is_err());
        assert!(amount("a", "1.000000000000000000000000000001", area).is_err());
        assert!(amount("a", "-3", area).is_err());
        assert!(amount("a", "三千", area).is_err());
        assert!(amount("a", "1,2,3", area).is_err());
        assert_eq!(amount("a", "-0", area).unwrap().to_string(), "0");
    }

    #[test]
    fn yes_no_in_chinese_and_english() {
        assert!(yes_no("y", "是").unwrap());
        assert!(!yes_no("y", " 否").unwrap());
        assert!(yes_no("y", "TRUE").unwrap());
        assert!(yes_no("y", "也许").is_err());
    }
}
