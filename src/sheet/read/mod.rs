//! Reading an uploaded file into text cells. The format is judged by content, not by name:
//! a ZIP container is read as `.xlsx`; anything else that is text is read as CSV (UTF-8 with
//! or without BOM, or GB18030/GBK as Excel on Chinese Windows saves it).

mod csv_text;
mod error;
mod sheet;
mod xlsx;

pub use error::FileError;
pub use sheet::{RawBook, RawRow, RawSheet};
pub use xlsx::MAX_UNPACKED;

use sheet::build_sheet;

/// Most data rows accepted in one sheet.
pub const MAX_ROWS: usize = 200_000;

/// Longest text of one cell (Excel's limit).
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Last column a ledger sheet may use (the templates use about 20).
pub(crate) const MAX_COLUMNS: u32 = 64;

/// Reads `bytes` as xlsx or CSV.
pub fn read(bytes: &[u8]) -> Result<RawBook, FileError> {
    if bytes.is_empty() {
        return Err(FileError::EmptyFile);
    }
    let book = if bytes.starts_with(b"PK\x03\x04") {
        xlsx::read_xlsx(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyXls);
    } else {
        csv_text::read_csv(&csv_text::decode(bytes)?)?
    };
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(FileError::NoRows);
    }
    Ok(book)
}

#[cfg(test)]
mod tests;
