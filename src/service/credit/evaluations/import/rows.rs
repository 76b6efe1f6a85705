//! First pass over an evaluation results sheet, without the database: each row becomes one
//! line of a visit (a finding, a measure, a veto or an exemption on a numbered sheet), or
//! problems naming its cells. What only a row has is checked here: the project's ledger code,
//! the date (not after today), the sheet number, the kind and the numbers; what the rubric
//! says about the line is checked per visit by `check_sheets`.

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::domain::FieldError;
use crate::domain::credit::evaluation::{Exemption, Finding, MAX_NOTE, Measure, Veto};
use crate::domain::ledger::fields;
use crate::domain::text::{self, Lines};
use crate::sheet::evaluation::{
    COUNT, FINDING, INSPECTORS, ITEM, KIND, KINDS, LOCATION, NOTE, PROJECT, SHEET, VALUE, VISIT_ON,
};
use crate::sheet::paper::PaperSheet;
use crate::sheet::{CellProblem, RawRow};

/// What one row says.
#[derive(Debug, Clone)]
pub enum Entry {
    Finding(Finding),
    Measure(Measure),
    Veto(Veto),
    Exemption(Exemption),
}

/// A row read.
#[derive(Debug, Clone)]
pub struct Line {
    /// Index of the row in the sheet's table.
    pub at: usize,
    pub project_id: String,
    pub day: Date,
    /// The names in the 检查人员 cell, split on `、`.
    pub inspectors: Vec<String>,
    pub sheet: u32,
    pub entry: Entry,
}

/// Every row read, and the problems of those that could not be.
#[derive(Debug, Default)]
pub struct Parsed {
    pub lines: Vec<Line>,
    pub problems: Vec<CellProblem>,
    /// The visits (project, day) with a row that could not be read: checking what is left of
    /// them would only report the missing row again, elsewhere.
    pub spoiled: std::collections::HashSet<(String, Date)>,
}

/// Reads every row of `sheet`: `projects` maps ledger codes to project ids.
pub fn parse(sheet: &PaperSheet, projects: &HashMap<String, String>, today: Date) -> Parsed {
    let mut out = Parsed::default();
    for (at, row) in sheet.table.rows.iter().enumerate() {
        let mut errors = Vec::new();
        let line = line(sheet, row, at, projects, today, &mut errors);
        out.problems.extend(
            errors
                .iter()
                .map(|e| sheet.problem(row, &e.field, &e.message)),
        );
        if let (Some(line), true) = (line, errors.is_empty()) {
            out.lines.push(line);
        } else if let (Ok(p), Ok(d)) = (
            project(sheet.get(row, PROJECT), projects),
            day(sheet.get(row, VISIT_ON), today),
        ) {
            out.spoiled.insert((p, d));
        }
    }
    out
}

/// One row as a line; every problem goes to `errors`.
fn line(
    sheet: &PaperSheet,
    row: &RawRow,
    at: usize,
    projects: &HashMap<String, String>,
    today: Date,
    errors: &mut Vec<FieldError>,
) -> Option<Line> {
    let get = |key| sheet.get(row, key);
    let project_id = project(get(PROJECT), projects).map_err(|e| errors.push(e));
    let day = day(get(VISIT_ON), today).map_err(|e| errors.push(e));
    let inspectors = names(get(INSPECTORS)).map_err(|e| errors.push(e));
    let number = number(SHEET, get(SHEET), 1, 9).map_err(|e| errors.push(e));
    let entry = number
        .map(|n| entry(sheet, row, n).map_err(|e| errors.extend(e)))
        .ok()?;
    Some(Line {
        at,
        project_id: project_id.ok()?,
        day: day.ok()?,
        inspectors: inspectors.ok()?,
        sheet: number.ok()?,
        entry: entry.ok()?,
    })
}

fn project(code: &str, projects: &HashMap<String, String>) -> Result<String, FieldError> {
    if code.is_empty() {
        return Err(FieldError::new(PROJECT, "项目编号为必填项 (required)"));
    }
    projects.get(code).cloned().ok_or_else(|| {
        FieldError::new(
            PROJECT,
            format!("台账中没有项目编号为“{code}”的项目 (no such project)"),
        )
    })
}

fn day(text: &str, today: Date) -> Result<Date, FieldError> {
    if text.is_empty() {
        return Err(FieldError::new(VISIT_ON, "检查日期为必填项 (required)"));
    }
    let day = fields::date(VISIT_ON, text)?;
    if day > today {
        return Err(FieldError::new(
            VISIT_ON,
            format!("检查日期 {day} 晚于今天，不能预先录入 (visit in the future)"),
        ));
    }
    Ok(day)
}

/// The names of a 检查人员 cell: `、`, `，` or `,` separate them.
fn names(text: &str) -> Result<Vec<String>, FieldError> {
    let names: Vec<String> = text
        .split(['、', '，', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Err(FieldError::new(INSPECTORS, "检查人员为必填项 (required)"));
    }
    Ok(names)
}

/// A whole number from `min` (the default when blank) up to a limit that catches typing errors.
fn number(key: &str, text: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    if text.is_empty() {
        return Ok(min);
    }
    match text.trim_end_matches(".0").parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            key,
            format!("应为 {min} 至 {max} 的整数 (whole number {min}–{max})"),
        )),
    }
}

/// The line a row's 类型 names, with what that kind needs.
fn entry(sheet: &PaperSheet, row: &RawRow, n: u32) -> Result<Entry, Vec<FieldError>> {
    let get = |key| sheet.get(row, key);
    let item = get(ITEM).to_owned();
    let note = |required: bool| -> Result<Option<String>, FieldError> {
        match (required, get(NOTE)) {
            (true, t) => text::required(NOTE, t, MAX_NOTE, Lines::Multi).map(Some),
            (false, t) => text::optional(NOTE, Some(t), MAX_NOTE, Lines::Multi),
        }
    };
    let one = |e: FieldError| vec![e];
    match get(KIND) {
        "问题" => Ok(Entry::Finding(Finding {
            sheet: n,
            item,
            finding: get(FINDING).to_owned(),
            count: number(
                COUNT,
                get(COUNT),
                1,
                crate::domain::credit::evaluation::MAX_COUNT,
            )
            .map_err(one)?,
            note: note(false).map_err(one)?,
            location: text::optional(LOCATION, Some(get(LOCATION)), MAX_NOTE, Lines::Single)
                .map_err(one)?,
            photos: Vec::new(),
        })),
        "测量值" => Ok(Entry::Measure(Measure {
            sheet: n,
            item,
            value: value(get(VALUE)).map_err(one)?,
            note: note(false).map_err(one)?,
        })),
        "否决" => Ok(Entry::Veto(Veto {
            sheet: n,
            item,
            note: note(true).map_err(one)?.unwrap_or_default(),
        })),
        "不适用" => Ok(Entry::Exemption(Exemption {
            sheet: n,
            item,
            reason: note(true).map_err(one)?.unwrap_or_default(),
        })),
        _ => Err(one(FieldError::new(
            KIND,
            format!("类型应为 {} 之一 (unknown kind)", KINDS.join("、")),
        ))),
    }
}

fn value(text: &str) -> Result<Decimal, FieldError> {
    if text.is_empty() {
        return Err(FieldError::new(
            VALUE,
            "类型为“测量值”时数值为必填项 (required)",
        ));
    }
    // The same rule as a measure typed in (range and places, never rounded).
    crate::domain::number::decimal(VALUE, text, crate::domain::number::MEASURED)
}

#[cfg(test)]
mod tests {
    use super::{names, number};

    #[test]
    fn inspectors_split_on_the_usual_separators() {
        assert_eq!(names("张三、李四").unwrap(), ["张三", "李四"]);
        assert_eq!(names(" 张三，李四 ").unwrap(), ["张三", "李四"]);
        assert_eq!(names("王五").unwrap(), ["王五"]);
        assert_eq!(names("、").unwrap_err().field, "inspectors");
    }

    #[test]
    fn numbers_default_and_keep_to_their_range() {
        assert_eq!(number("sheet", "", 1, 9).unwrap(), 1);
        assert_eq!(number("sheet", "2", 1, 9).unwrap(), 2);
        assert_eq!(
            number("count", "3.0", 1, 999).unwrap(),
            3,
            "Excel's number as text"
        );
        assert!(number("sheet", "0", 1, 9).is_err());
        assert!(number("count", "1.5", 1, 999).is_err());
        assert!(number("count", "1000", 1, 999).is_err());
    }
}
