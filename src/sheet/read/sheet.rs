//! The ledger sheets as read: rows of text cells under known headers.

use std::collections::HashMap;

use super::{FileError, MAX_CELL_CHARS, MAX_ROWS};
use crate::sheet::column_letters;
use crate::sheet::columns::{Kind, normalise};

/// One data row: its spreadsheet row number and its cells as text, in header order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Row number as the spreadsheet shows it (1-based).
    pub number: u32,
    /// Cell texts, in header order.
    pub cells: Vec<String>,
}

/// One ledger sheet as read.
#[derive(Debug, Clone)]
pub struct RawSheet {
    /// Which ledger sheet it is.
    pub kind: Kind,
    /// Name as in the file (for CSV: the kind's sheet name).
    pub name: String,
    /// Header texts as written.
    pub headers: Vec<String>,
    /// Row number of the header.
    pub header_row: u32,
    /// 0-based column of the first header cell.
    pub first_col: u32,
    /// Index into `headers` of each known column key.
    pub index: HashMap<&'static str, usize>,
    /// Data rows with text in at least one known column.
    pub rows: Vec<RawRow>,
}

impl RawSheet {
    /// The trimmed text of column `key` in `row` (empty when absent).
    pub fn get<'a>(&self, row: &'a RawRow, key: &str) -> &'a str {
        self.index
            .get(key)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// `Some(text)` when column `key` is non-blank in `row`.
    pub fn opt<'a>(&self, row: &'a RawRow, key: &str) -> Option<&'a str> {
        Some(self.get(row, key)).filter(|s| !s.is_empty())
    }

    /// Header text and cell reference (`G5`) of column `key` on row `number`.
    pub fn locate(&self, number: u32, key: &str) -> (String, String) {
        let header = self
            .kind
            .columns()
            .iter()
            .find(|c| c.key == key)
            .map_or(key, |c| c.header);
        match self.index.get(key) {
            Some(&i) => (
                self.headers[i].trim().to_owned(),
                format!("{}{number}", column_letters(self.first_col + i as u32)),
            ),
            None => (header.to_owned(), format!("{number}")),
        }
    }
}

/// The ledger sheets found in a file.
#[derive(Debug, Clone)]
pub struct RawBook {
    /// The ledger sheets found (at most one of each kind).
    pub sheets: Vec<RawSheet>,
}

impl RawBook {
    /// The sheet of `kind`, if the file has one.
    pub fn sheet(&self, kind: Kind) -> Option<&RawSheet> {
        self.sheets.iter().find(|s| s.kind == kind)
    }
}

/// A sheet of `kind` from what a reader found: headers matched to the kind's columns (each at
/// most once, every required one present), blank rows dropped, and the row and cell limits
/// checked.
pub(crate) fn build_sheet(
    kind: Kind,
    name: String,
    headers: Vec<String>,
    header_row: u32,
    first_col: u32,
    rows: Vec<RawRow>,
) -> Result<RawSheet, FileError> {
    let index = match column_index(kind, &headers) {
        Ok(index) => index,
        Err(header) => {
            return Err(FileError::DuplicateColumn {
                sheet: name,
                header,
            });
        }
    };
    let missing = missing_columns(kind, &index);
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            sheet: name,
            columns: missing.join("、"),
        });
    }
    let rows = non_blank(rows, &index);
    if rows.len() > MAX_ROWS {
        return Err(FileError::TooManyRows(name));
    }
    // Excel's own limit per cell; longer text could not be written back in the annotated copy.
    if let Some(cell) = too_long_cell(&rows, first_col) {
        return Err(FileError::CellTooLong { sheet: name, cell });
    }
    Ok(RawSheet {
        kind,
        name,
        headers,
        header_row,
        first_col,
        index,
        rows,
    })
}

/// The position of each known column among `headers`; a column given twice is refused with
/// its header as written.
fn column_index(kind: Kind, headers: &[String]) -> Result<HashMap<&'static str, usize>, String> {
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let Some(col) = kind
            .columns()
            .iter()
            .find(|c| normalise(c.header) == normalise(h))
        else {
            continue;
        };
        if index.insert(col.key, i).is_some() {
            return Err(h.trim().to_owned());
        }
    }
    Ok(index)
}

/// Headers of the required columns `index` lacks.
fn missing_columns(kind: Kind, index: &HashMap<&'static str, usize>) -> Vec<&'static str> {
    kind.columns()
        .iter()
        .filter(|c| c.required && !index.contains_key(c.key))
        .map(|c| c.header)
        .collect()
}

/// The rows with text in at least one known column.
fn non_blank(rows: Vec<RawRow>, index: &HashMap<&'static str, usize>) -> Vec<RawRow> {
    rows.into_iter()
        .filter(|r| {
            index
                .values()
                .any(|&i| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
        .collect()
}

/// The reference (`B2`) of the first cell holding more than Excel allows.
fn too_long_cell(rows: &[RawRow], first_col: u32) -> Option<String> {
    rows.iter().find_map(|row| {
        let col = row
            .cells
            .iter()
            .position(|c| c.chars().count() > MAX_CELL_CHARS)?;
        Some(format!(
            "{}{}",
            column_letters(first_col + col as u32),
            row.number
        ))
    })
}
