//! A worksheet as read, before any layout is applied: its header row and the data rows below,
//! as text. The ledger's sheets and the paper-survey sheet are both built from one.

use super::{FileError, MAX_CELL_CHARS, MAX_ROWS, RawRow};
use crate::sheet::column_letters;

/// One worksheet (or a CSV file) as read.
#[derive(Debug, Clone)]
pub struct Table {
    /// Name as in the file (for CSV: the name its reader gives it).
    pub name: String,
    /// Header texts as written.
    pub headers: Vec<String>,
    /// Row number of the header.
    pub header_row: u32,
    /// 0-based column of the first header cell.
    pub first_col: u32,
    /// Data rows, blank ones dropped.
    pub rows: Vec<RawRow>,
}

impl Table {
    /// The table with fully blank rows dropped and the row and cell limits checked.
    pub(crate) fn checked(mut self) -> Result<Table, FileError> {
        self.rows
            .retain(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        if self.rows.len() > MAX_ROWS {
            return Err(FileError::TooManyRows(self.name));
        }
        // Excel's own limit per cell; longer text could not be written back in the annotated copy.
        if let Some(cell) = self.too_long_cell() {
            return Err(FileError::CellTooLong {
                sheet: self.name,
                cell,
            });
        }
        Ok(self)
    }

    /// The reference (`G5`) of the `i`-th header's cell on row `number`.
    pub fn cell_ref(&self, i: usize, number: u32) -> String {
        format!("{}{number}", column_letters(self.first_col + i as u32))
    }

    /// The reference (`B2`) of the first cell holding more than Excel allows.
    fn too_long_cell(&self) -> Option<String> {
        self.rows.iter().find_map(|row| {
            let col = row
                .cells
                .iter()
                .position(|c| c.chars().count() > MAX_CELL_CHARS)?;
            Some(self.cell_ref(col, row.number))
        })
    }
}
