//! Reading an uploaded file into text cells. The format is judged by content, not by name:
//! a ZIP container is read as `.xlsx`; anything else that is text is read as CSV (UTF-8 with
//! or without BOM, or GB18030/GBK as Excel on Chinese Windows saves it).

mod csv_text;
mod error;
mod sheet;
mod table;
mod xlsx;

pub use error::FileError;
pub use sheet::{RawBook, RawRow, RawSheet};
pub use table::Table;
pub use xlsx::MAX_UNPACKED;

use sheet::build_sheet;

/// Most data rows accepted in one sheet.
pub const MAX_ROWS: usize = 200_000;

/// Longest text of one cell (Excel's limit).
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Last column a ledger sheet may use (the templates use about 20).
pub(crate) const MAX_COLUMNS: u32 = 64;

/// What a file's first bytes say it is.
enum Format {
    Xlsx,
    Csv,
}

/// The format of `bytes`, or why it cannot be read at all.
fn format_of(bytes: &[u8]) -> Result<Format, FileError> {
    if bytes.is_empty() {
        Err(FileError::EmptyFile)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Ok(Format::Xlsx)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(FileError::LegacyXls)
    } else {
        Ok(Format::Csv)
    }
}

/// Reads `bytes` as the ledger's sheets, from xlsx or CSV.
pub fn read(bytes: &[u8]) -> Result<RawBook, FileError> {
    let book = match format_of(bytes)? {
        Format::Xlsx => xlsx::read_xlsx(bytes)?,
        Format::Csv => csv_text::read_csv(&csv_text::decode(bytes)?)?,
    };
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(FileError::NoRows);
    }
    Ok(book)
}

#[cfg(test)]
mod tests;

/// Reads `bytes` as one table: from a workbook, the sheet named `name` (after normalising
/// blanks), or else its first non-empty sheet other than `skip`; a CSV file is the table.
pub fn read_table(bytes: &[u8], name: &str, skip: &str) -> Result<Table, FileError> {
    use crate::sheet::columns::normalise;
    let table = match format_of(bytes)? {
        Format::Xlsx => {
            let (mut tables, names) =
                xlsx::read_tables(bytes, |n| normalise(n) != normalise(skip))?;
            let named = tables
                .iter()
                .position(|t| normalise(&t.name) == normalise(name));
            match named {
                Some(i) => tables.swap_remove(i),
                None if !tables.is_empty() => tables.swap_remove(0),
                None => return Err(FileError::NoSheet(name.to_owned(), names.join("、"))),
            }
        }
        Format::Csv => csv_text::read_table(&csv_text::decode(bytes)?, name)?,
    };
    if table.rows.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(table)
}
