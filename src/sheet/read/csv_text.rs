//! CSV: decoding (UTF-8 with or without BOM, GB18030/GBK) and reading rows.

use super::{FileError, MAX_COLUMNS, MAX_ROWS, RawBook, RawRow, Table, build_sheet};
use crate::sheet::columns::Kind;

pub(super) fn decode(bytes: &[u8]) -> Result<String, FileError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Encoding); // UTF-16
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(FileError::Encoding)?
            .into_owned(),
    };
    let binary = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if text.chars().take(64 * 1024).any(binary) {
        return Err(FileError::NotSpreadsheet);
    }
    Ok(text)
}

/// The ledger sheet a CSV file holds, its kind judged from its headers.
pub(super) fn read_csv(text: &str) -> Result<RawBook, FileError> {
    let table = read_table(text, "CSV")?;
    let kind = Kind::from_headers(&table.headers)
        .ok_or_else(|| FileError::NoLedgerSheet(format!("CSV 表头 {}", table.headers.join(","))))?;
    let table = Table {
        name: kind.sheet_name().to_owned(),
        ..table
    };
    Ok(RawBook {
        sheets: vec![build_sheet(kind, table)?],
    })
}

/// A CSV file as one table named `name`: its first non-blank line the header.
pub(crate) fn read_table(text: &str, name: &str) -> Result<Table, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| FileError::Corrupt(format!("CSV 第 {} 行：{e}", i + 1)))?;
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        // Trailing empty fields do not count; anything past the last ledger column does.
        while cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        if cells.len() > MAX_COLUMNS as usize {
            let column = crate::sheet::column_letters(MAX_COLUMNS);
            return Err(FileError::TooWide {
                sheet: "CSV".into(),
                column,
            });
        }
        if i > MAX_ROWS + 1_000 {
            return Err(FileError::TooManyRows("CSV".into()));
        }
        let number = i as u32 + 1;
        if header.is_none() {
            if cells.iter().any(|c| !c.trim().is_empty()) {
                header = Some((number, cells));
            }
            continue;
        }
        rows.push(RawRow { number, cells });
    }
    let Some((header_row, headers)) = header else {
        return Err(FileError::NoRows);
    };
    Table {
        name: name.to_owned(),
        headers,
        header_row,
        first_col: 0,
        rows,
    }
    .checked()
}
