//! The paper-survey sheet (入户调查): one row per paper questionnaire — its invitation code,
//! survey date, surveyor, one column per question of the round's questionnaire, a comment.
//! The columns come from the questionnaire, so unlike the ledger's they are built at run time;
//! reading, the annotated copy and the problem shape are the ledger's (`sheet::read`,
//! `sheet::write::annotated`, [`CellProblem`]).

mod template;

use std::collections::HashMap;

pub use template::template;

use super::CellProblem;
use super::columns::normalise;
use super::read::{FileError, RawRow, Table};
use crate::domain::rubric::satisfaction::SatisfactionSpec;

/// The worksheet name of the template (a workbook's sheet of this name is read first).
pub const SHEET_NAME: &str = "纸质问卷";
/// The template's explanation sheet, never read as data.
pub const GUIDE_NAME: &str = "填写说明";

/// Column key of the invitation code.
pub const CODE: &str = "code";
/// Column key of the survey date.
pub const DATE: &str = "surveyed_on";
/// Column key of the surveyor.
pub const SURVEYOR: &str = "surveyor";
/// Column key of the comment.
pub const COMMENT: &str = "comment";

/// One column of the paper sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperColumn {
    /// The field it fills: `code`, `surveyed_on`, `surveyor`, `comment`, or `answers.<question>`
    /// (the names a submission's field errors use).
    pub key: String,
    /// The header text.
    pub header: String,
    /// A question's code (its column may be headed by the code alone).
    pub question: Option<String>,
    /// Whether the column must be present.
    pub required: bool,
    /// What to write, shown as a note on the header in the template.
    pub hint: String,
}

/// The columns of a questionnaire's paper sheet, in template order.
pub fn layout(spec: &SatisfactionSpec) -> Vec<PaperColumn> {
    let fixed = |key: &str, header: &str, required: bool, hint: &str| PaperColumn {
        key: key.to_owned(),
        header: header.to_owned(),
        question: None,
        required,
        hint: hint.to_owned(),
    };
    let mut cols = vec![
        fixed(CODE, "邀请码", true, "问卷上印的邀请码，如 K7QM3-XPAZ9"),
        fixed(DATE, "调查日期", true, "入户调查的日期，如 2026-06-16"),
        fixed(SURVEYOR, "调查员", true, "填写问卷的调查员姓名"),
    ];
    let options = option_hint(spec);
    for q in spec.dimensions.iter().flat_map(|d| &d.questions) {
        cols.push(PaperColumn {
            key: format!("answers.{}", q.code),
            header: format!("{} {}", q.code, q.text),
            question: Some(q.code.clone()),
            required: true,
            hint: format!("{options}；未作答留空"),
        });
    }
    cols.push(fixed(COMMENT, "意见建议", false, "选填，最多 500 字"));
    cols
}

/// `1=非常满意 2=满意 …`: the option codes of the scale, in the questionnaire's order.
pub fn option_hint(spec: &SatisfactionSpec) -> String {
    options(spec).join(" ")
}

/// `1=非常满意`, … : each option's code and label.
pub fn options(spec: &SatisfactionSpec) -> Vec<String> {
    spec.scale
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}={}", i + 1, p.label))
        .collect()
}

/// The scale label a cell names: its option code (`2`), the label itself (`满意`), or the
/// dropdown's `2=满意`. `None` when it names none.
pub fn answer_label<'a>(spec: &'a SatisfactionSpec, cell: &str) -> Option<&'a str> {
    let cell = cell.trim();
    let code = cell.split(['=', ' ', '.', '、']).next().unwrap_or(cell);
    if let Ok(n) = code.parse::<usize>() {
        let point = spec.scale.get(n.checked_sub(1)?)?;
        let rest = cell[code.len()..].trim_start_matches(['=', ' ', '.', '、']);
        return (rest.is_empty() || rest == point.label).then_some(point.label.as_str());
    }
    spec.scale
        .iter()
        .find(|p| p.label == cell)
        .map(|p| p.label.as_str())
}

/// A table read as a paper sheet: each column of the layout found among its headers.
#[derive(Debug, Clone)]
pub struct PaperSheet {
    /// The sheet as read.
    pub table: Table,
    /// The layout's columns.
    pub columns: Vec<PaperColumn>,
    /// Index into `table.headers` of each column key.
    pub index: HashMap<String, usize>,
}

impl PaperSheet {
    /// Matches `table`'s headers to `columns`: each column at most once, every required one
    /// present. A question's column may be headed by its code alone (`A1`) or the code and
    /// any text (`A1 服务态度`).
    pub fn new(table: Table, columns: Vec<PaperColumn>) -> Result<Self, FileError> {
        let mut index = HashMap::new();
        for (i, h) in table.headers.iter().enumerate() {
            let Some(col) = columns.iter().find(|c| matches(c, h)) else {
                continue;
            };
            if index.insert(col.key.clone(), i).is_some() {
                return Err(FileError::DuplicateColumn {
                    sheet: table.name,
                    header: h.trim().to_owned(),
                });
            }
        }
        let missing: Vec<&str> = columns
            .iter()
            .filter(|c| c.required && !index.contains_key(&c.key))
            .map(|c| c.header.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(FileError::MissingColumns {
                sheet: table.name,
                columns: missing.join("、"),
            });
        }
        Ok(Self {
            table,
            columns,
            index,
        })
    }

    /// The trimmed text of column `key` in `row` (empty when absent).
    pub fn get<'a>(&self, row: &'a RawRow, key: &str) -> &'a str {
        self.index
            .get(key)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// The problem `message` in column `key` of `row`.
    pub fn problem(&self, row: &RawRow, key: &str, message: impl Into<String>) -> CellProblem {
        let (column, cell) = match self.index.get(key) {
            Some(&i) => (
                self.table.headers[i].trim().to_owned(),
                self.table.cell_ref(i, row.number),
            ),
            None => (key.to_owned(), row.number.to_string()),
        };
        CellProblem {
            sheet: self.table.name.clone(),
            row: row.number,
            column,
            cell,
            value: self.get(row, key).to_owned(),
            message: message.into(),
        }
    }
}

/// Whether header `h` names column `c`.
fn matches(c: &PaperColumn, h: &str) -> bool {
    let h = normalise(h);
    if h == normalise(&c.header) {
        return true;
    }
    let Some(code) = &c.question else {
        return false;
    };
    // `A1…` but not `A10`: the code must end where letters and digits do.
    h.strip_prefix(code.as_str())
        .is_some_and(|rest| !rest.starts_with(|ch: char| ch.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests;
