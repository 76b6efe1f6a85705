//! The ledger sheets as read: rows of text cells under known headers.

use std::collections::HashMap;

use super::{FileError, Table};
use crate::sheet::columns::{Kind, normalise};

/// One data row: its spreadsheet row number and its cells as text, in header order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Row number as the spreadsheet shows it (1-based).
    pub number: u32,
    /// Cell texts, in header order.
    pub cells: Vec<String>,
}

/// One ledger sheet as read: a [`Table`] whose headers are matched to a kind's columns.
#[derive(Debug, Clone)]
pub struct RawSheet {
    /// Which ledger sheet it is.
    pub kind: Kind,
    /// Index into `headers` of each known column key.
    pub index: HashMap<&'static str, usize>,
    /// The sheet as read (rows with text in at least one known column).
    pub table: Table,
}

/// A ledger sheet reads as its table: `sheet.rows`, `sheet.name`, … .
impl std::ops::Deref for RawSheet {
    type Target = Table;
    fn deref(&self) -> &Table {
        &self.table
    }
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
            Some(&i) => (self.headers[i].trim().to_owned(), self.cell_ref(i, number)),
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

/// A sheet of `kind` from a table: headers matched to the kind's columns (each at most once,
/// every required one present), and rows without text in any known column dropped.
pub(crate) fn build_sheet(kind: Kind, table: Table) -> Result<RawSheet, FileError> {
    let index = match column_index(kind, &table.headers) {
        Ok(index) => index,
        Err(header) => {
            return Err(FileError::DuplicateColumn {
                sheet: table.name,
                header,
            });
        }
    };
    let missing = missing_columns(kind, &index);
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            sheet: table.name,
            columns: missing.join("、"),
        });
    }
    let mut table = table;
    table.rows = non_blank(table.rows, &index);
    Ok(RawSheet { kind, index, table })
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
