//! `.xlsx`: the unpacked-size guard, streamed and bounded cells, cell text.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::{FileError, MAX_COLUMNS, MAX_ROWS, RawBook, RawRow, Table, build_sheet};
use crate::sheet::columns::Kind;

/// Largest total unpacked size of an `.xlsx` we open. A 50,000-row ledger unpacks to about
/// 30 MiB; anything past this is refused before decompressing, so a small upload cannot
/// expand into gigabytes in memory.
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// A workbook the libraries cannot read: their reason is logged (it is English and about ZIP
/// internals), the user is told the file is damaged.
fn corrupt_workbook(e: &dyn std::fmt::Display) -> FileError {
    tracing::info!(error = %e, "corrupt workbook");
    FileError::CorruptWorkbook
}

/// Checks the sizes the ZIP directory declares before anything is inflated.
pub(super) fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), FileError> {
    let corrupt = |e: zip::result::ZipError| corrupt_workbook(&e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // Raw access reads the central directory's sizes without inflating anything.
        total = total.saturating_add(archive.by_index_raw(i).map_err(corrupt)?.size());
        if total > limit {
            return Err(FileError::Unpacks);
        }
    }
    Ok(())
}

/// The ledger sheets of a workbook (the first of each kind; other sheets are ignored).
pub(super) fn read_xlsx(bytes: &[u8]) -> Result<RawBook, FileError> {
    let mut kinds = Vec::new();
    let (tables, names) = read_tables(bytes, |name| match Kind::from_sheet_name(name) {
        Some(kind) if !kinds.contains(&kind) => {
            kinds.push(kind);
            true
        }
        _ => false,
    })?;
    let mut sheets = Vec::new();
    for table in tables {
        if let Some(kind) = Kind::from_sheet_name(&table.name) {
            sheets.push(build_sheet(kind, table)?);
        }
    }
    if sheets.is_empty() {
        return Err(FileError::NoLedgerSheet(names.join("、")));
    }
    Ok(RawBook { sheets })
}

/// The non-empty sheets `want` picks by name, each read as a [`Table`] whose header is its
/// first used row; with every sheet name of the workbook.
pub(crate) fn read_tables(
    bytes: &[u8],
    mut want: impl FnMut(&str) -> bool,
) -> Result<(Vec<Table>, Vec<String>), FileError> {
    check_unpacked_size(bytes, MAX_UNPACKED)?;
    let corrupt = |e: calamine::XlsxError| corrupt_workbook(&e);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let names = book.sheet_names();
    let mut tables = Vec::new();
    for name in &names {
        if !want(name) {
            continue;
        }
        let Some(grid) = cells_of(&mut book, name)? else {
            continue; // an empty sheet
        };
        let merged = book.merge_cells_by_sheet_name(name).map_err(corrupt)?;
        tables.push(table_of(name, grid, &merged)?);
    }
    Ok((tables, names))
}

/// A sheet's grid as a table: its first row the header, which must not be merged.
fn table_of(name: &str, grid: Grid, merged: &[calamine::Dimensions]) -> Result<Table, FileError> {
    let (start_row, start_col) = (grid.first_row, grid.first_col);
    if let Some(d) = merged
        .iter()
        .find(|d| d.start.0 <= start_row && start_row <= d.end.0)
    {
        return Err(FileError::MergedHeader {
            sheet: name.to_owned(),
            range: format!(
                "{}{}:{}{}",
                crate::sheet::column_letters(d.start.1),
                d.start.0 + 1,
                crate::sheet::column_letters(d.end.1),
                d.end.0 + 1
            ),
        });
    }
    let mut iter = grid.rows.into_iter();
    let headers: Vec<String> = iter.next().unwrap_or_default();
    let rows = iter
        .enumerate()
        .map(|(i, cells)| RawRow {
            number: start_row + i as u32 + 2,
            cells,
        })
        .collect();
    Table {
        name: name.to_owned(),
        headers,
        header_row: start_row + 1,
        first_col: start_col,
        rows,
    }
    .checked()
}

/// A sheet's non-empty cells as dense rows of text, from its first used row and column.
struct Grid {
    first_row: u32,
    first_col: u32,
    rows: Vec<Vec<String>>,
}

/// Streams a sheet's cells, refusing any beyond [`MAX_ROWS`] rows or [`MAX_COLUMNS`] columns
/// before anything is allocated for them (a single stray cell at `XFD1048576` would otherwise
/// make a dense range of 17 billion cells). `None` for an empty sheet.
fn cells_of(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Option<Grid>, FileError> {
    let corrupt = |e: calamine::XlsxError| corrupt_workbook(&e);
    let mut reader = book.worksheet_cells_reader(name).map_err(corrupt)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(corrupt)? {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if col >= MAX_COLUMNS {
            return Err(FileError::TooWide {
                sheet: name.to_owned(),
                column: crate::sheet::column_letters(col),
            });
        }
        if row as usize > MAX_ROWS + 1_000 {
            return Err(FileError::TooManyRows(name.to_owned()));
        }
        cells.push((row, col, text));
    }
    let (Some(first_row), Some(first_col)) = (
        cells.iter().map(|c| c.0).min(),
        cells.iter().map(|c| c.1).min(),
    ) else {
        return Ok(None);
    };
    let last_row = cells.iter().map(|c| c.0).max().unwrap_or(first_row);
    let last_col = cells.iter().map(|c| c.1).max().unwrap_or(first_col);
    let width = (last_col - first_col + 1) as usize;
    let mut rows = vec![vec![String::new(); width]; (last_row - first_row + 1) as usize];
    for (row, col, text) in cells {
        rows[(row - first_row) as usize][(col - first_col) as usize] = text;
    }
    Ok(Some(Grid {
        first_row,
        first_col,
        rows,
    }))
}

/// A cell as text, the way an official would read it on screen.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            // calamine knows the workbook's date system (1900 or 1904) and Excel's 1900 leap bug.
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .filter(|_| s.len() >= 10)
            .unwrap_or(s)
            .to_owned(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

pub(super) fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}") // shortest text that reads back as the same number
    }
}
