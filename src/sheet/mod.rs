//! Spreadsheets in and out: reading `.xlsx` (calamine) and `.csv` into plain text cells, the
//! ledger's column layout shared by import and template, the paper-survey sheet whose columns
//! come from a questionnaire (`paper`), the templates, and the annotated copy that marks every
//! problem in a workbook, and the on-site evaluation results sheet (`evaluation`). Pure: bytes
//! in, bytes out.

pub mod columns;
pub mod complaint;
pub mod conduct;
pub mod evaluation;
pub mod paper;
pub mod read;
pub mod write;

use serde::Serialize;

pub use columns::{Column, Kind};
pub use read::{FileError, RawBook, RawRow, RawSheet};

/// One problem in one cell of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    /// Worksheet name (for CSV: the kind of sheet it was read as).
    pub sheet: String,
    /// Row number as the spreadsheet shows it (1-based; the header is row 1 unless blank rows
    /// precede it).
    pub row: u32,
    /// Column header, e.g. `户数`.
    pub column: String,
    /// Cell reference, e.g. `G5`.
    pub cell: String,
    /// The value as read.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

/// `problems` in sheet order (`sheet_pos` of a sheet's name), then row, then column.
pub fn sort_problems(
    mut problems: Vec<CellProblem>,
    sheet_pos: impl Fn(&str) -> usize,
) -> Vec<CellProblem> {
    let col_pos = |cell: &str| {
        let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
        (letters.len(), letters)
    };
    problems.sort_by(|a, b| {
        (sheet_pos(&a.sheet), a.row, col_pos(&a.cell)).cmp(&(
            sheet_pos(&b.sheet),
            b.row,
            col_pos(&b.cell),
        ))
    });
    problems
}

/// Column letters for a 0-based index: 0 → `A`, 26 → `AA`.
pub fn column_letters(index: u32) -> String {
    // rust_xlsxwriter's own conversion; columns past Excel's 16,384 never reach here.
    rust_xlsxwriter::utility::column_number_to_name(u16::try_from(index).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::column_letters(0), "A");
        assert_eq!(super::column_letters(25), "Z");
        assert_eq!(super::column_letters(26), "AA");
        assert_eq!(super::column_letters(701), "ZZ");
        assert_eq!(super::column_letters(702), "AAA");
    }
}
