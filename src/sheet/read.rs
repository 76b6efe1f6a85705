//! Reading an uploaded file into text cells. The format is judged by content, not by name:
//! a ZIP container is read as `.xlsx`; anything else that is text is read as CSV (UTF-8 with
//! or without BOM, or GB18030/GBK as Excel on Chinese Windows saves it).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::columns::{Kind, normalise};

/// Most data rows accepted in one sheet.
pub const MAX_ROWS: usize = 200_000;

/// Why a file cannot be read at all (before looking at any row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Nothing uploaded.
    #[error("文件为空 (empty file)")]
    EmptyFile,
    /// Neither xlsx nor text.
    #[error("文件不是 .xlsx 或 .csv 电子表格 (not a spreadsheet)")]
    NotSpreadsheet,
    /// The legacy binary `.xls` format.
    #[error("不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx (legacy .xls is not supported)")]
    LegacyXls,
    /// Text in an encoding we do not read.
    #[error("CSV 文件编码无法识别，请另存为 UTF-8 编码的 CSV 或 .xlsx (unsupported text encoding)")]
    Encoding,
    /// An `.xlsx` that would unpack to more than [`MAX_UNPACKED`] bytes (a "zip bomb").
    #[error("文件解压后超过 {} MiB，请分批导入 (workbook unpacks too large)", MAX_UNPACKED / (1024 * 1024))]
    Unpacks,
    /// A cell holds more text than Excel allows.
    #[error("工作表“{sheet}”的单元格 {cell} 超过 32767 个字符 (cell text too long)")]
    CellTooLong { sheet: String, cell: String },
    /// A sheet uses columns past [`MAX_COLUMNS`].
    #[error(
        "工作表“{sheet}”在第 {column} 列之后仍有内容，台账最多 64 列，请删除多余的列 (too many columns)"
    )]
    TooWide { sheet: String, column: String },
    /// A ZIP or CSV that cannot be parsed.
    #[error("文件已损坏或不是有效的电子表格：{0} (corrupt file)")]
    Corrupt(String),
    /// No sheet named 物业企业 or 物业项目 (or a CSV whose headers fit neither).
    #[error(
        "没有找到“物业企业”或“物业项目”工作表（找到：{0}），请使用下载的模板 (no ledger sheet)"
    )]
    NoLedgerSheet(String),
    /// Header cells are merged.
    #[error(
        "工作表“{sheet}”的表头有合并单元格 {range}，请取消合并，每列一个表头 (merged header cells)"
    )]
    MergedHeader { sheet: String, range: String },
    /// Required columns are missing.
    #[error("工作表“{sheet}”缺少必需的列：{columns} (missing columns)")]
    MissingColumns { sheet: String, columns: String },
    /// A column appears twice.
    #[error("工作表“{sheet}”的列“{header}”出现了两次 (duplicate column)")]
    DuplicateColumn { sheet: String, header: String },
    /// Headers but no data.
    #[error("文件中没有数据行 (no data rows)")]
    NoRows,
    /// Too many rows.
    #[error("工作表“{0}”超过 {MAX_ROWS} 行，请分批导入 (too many rows)")]
    TooManyRows(String),
}

impl FileError {
    /// True when the problem is the file's type or encoding (415) rather than its content (422).
    pub fn is_media_type(&self) -> bool {
        matches!(
            self,
            FileError::NotSpreadsheet | FileError::LegacyXls | FileError::Encoding
        )
    }
}

/// One data row: its spreadsheet row number and its cells as text, in header order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub number: u32,
    pub cells: Vec<String>,
}

/// One ledger sheet as read.
#[derive(Debug, Clone)]
pub struct RawSheet {
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
                format!(
                    "{}{number}",
                    super::column_letters(self.first_col + i as u32)
                ),
            ),
            None => (header.to_owned(), format!("{number}")),
        }
    }
}

/// The ledger sheets found in a file.
#[derive(Debug, Clone)]
pub struct RawBook {
    pub sheets: Vec<RawSheet>,
}

impl RawBook {
    /// The sheet of `kind`, if the file has one.
    pub fn sheet(&self, kind: Kind) -> Option<&RawSheet> {
        self.sheets.iter().find(|s| s.kind == kind)
    }
}

/// Reads `bytes` as xlsx or CSV.
pub fn read(bytes: &[u8]) -> Result<RawBook, FileError> {
    if bytes.is_empty() {
        return Err(FileError::EmptyFile);
    }
    let book = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyXls);
    } else {
        read_csv(&decode(bytes)?)?
    };
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(FileError::NoRows);
    }
    Ok(book)
}

fn decode(bytes: &[u8]) -> Result<String, FileError> {
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

fn read_csv(text: &str) -> Result<RawBook, FileError> {
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
            let column = super::column_letters(MAX_COLUMNS);
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
    let kind = Kind::from_headers(&headers)
        .ok_or_else(|| FileError::NoLedgerSheet(format!("CSV 表头 {}", headers.join(","))))?;
    let sheet = build_sheet(
        kind,
        kind.sheet_name().to_owned(),
        headers,
        header_row,
        0,
        rows,
    )?;
    Ok(RawBook {
        sheets: vec![sheet],
    })
}

/// Largest total unpacked size of an `.xlsx` we open. A 50,000-row ledger unpacks to about
/// 30 MiB; anything past this is refused before decompressing, so a small upload cannot
/// expand into gigabytes in memory.
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// Checks the sizes the ZIP directory declares before anything is inflated.
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), FileError> {
    let corrupt = |e: zip::result::ZipError| FileError::Corrupt(e.to_string());
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

fn read_xlsx(bytes: &[u8]) -> Result<RawBook, FileError> {
    check_unpacked_size(bytes, MAX_UNPACKED)?;
    let corrupt = |e: calamine::XlsxError| FileError::Corrupt(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    for name in &names {
        let Some(kind) = Kind::from_sheet_name(name) else {
            continue;
        };
        if sheets.iter().any(|s: &RawSheet| s.kind == kind) {
            continue;
        }
        let Some(grid) = cells_of(&mut book, name)? else {
            continue; // an empty sheet
        };
        let (start_row, start_col) = (grid.first_row, grid.first_col);
        let merged = book.merge_cells_by_sheet_name(name).map_err(corrupt)?;
        if let Some(d) = merged
            .iter()
            .find(|d| d.start.0 <= start_row && start_row <= d.end.0)
        {
            return Err(FileError::MergedHeader {
                sheet: name.clone(),
                range: format!(
                    "{}{}:{}{}",
                    super::column_letters(d.start.1),
                    d.start.0 + 1,
                    super::column_letters(d.end.1),
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
        sheets.push(build_sheet(
            kind,
            name.clone(),
            headers,
            start_row + 1,
            start_col,
            rows,
        )?);
    }
    if sheets.is_empty() {
        return Err(FileError::NoLedgerSheet(names.join("、")));
    }
    Ok(RawBook { sheets })
}

/// Longest text of one cell (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// Last column a ledger sheet may use (the templates use about 20).
const MAX_COLUMNS: u32 = 64;

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
    let corrupt = |e: calamine::XlsxError| FileError::Corrupt(e.to_string());
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
                column: super::column_letters(col),
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

fn build_sheet(
    kind: Kind,
    name: String,
    headers: Vec<String>,
    header_row: u32,
    first_col: u32,
    rows: Vec<RawRow>,
) -> Result<RawSheet, FileError> {
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
            return Err(FileError::DuplicateColumn {
                sheet: name,
                header: h.trim().to_owned(),
            });
        }
    }
    let missing: Vec<&str> = kind
        .columns()
        .iter()
        .filter(|c| c.required && !index.contains_key(c.key))
        .map(|c| c.header)
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            sheet: name,
            columns: missing.join("、"),
        });
    }
    let rows: Vec<RawRow> = rows
        .into_iter()
        .filter(|r| {
            index
                .values()
                .any(|&i| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(FileError::TooManyRows(name));
    }
    // Excel's own limit per cell; longer text could not be written back in the annotated copy.
    for row in &rows {
        if let Some(col) = row
            .cells
            .iter()
            .position(|c| c.chars().count() > MAX_CELL_CHARS)
        {
            return Err(FileError::CellTooLong {
                sheet: name,
                cell: format!(
                    "{}{}",
                    super::column_letters(first_col + col as u32),
                    row.number
                ),
            });
        }
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

/// A cell as text, the way an official would read it on screen.
fn cell_text(cell: &Data) -> String {
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

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}") // shortest text that reads back as the same number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_gbk_read_alike() {
        let text = "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,甲物业,是\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for bytes in [text.as_bytes().to_vec(), bom, gbk.into_owned()] {
            let book = read(&bytes).unwrap();
            let s = book.sheet(Kind::Companies).unwrap();
            assert_eq!(s.get(&s.rows[0], "name"), "甲物业");
            assert_eq!(s.rows[0].number, 2);
            assert_eq!(s.locate(2, "name").1, "B2");
        }
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused_before_inflating() {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![b'0'; 1 << 20]).unwrap();
        zip.finish().unwrap();
        let bytes = out.into_inner();
        assert!(bytes.len() < 1 << 14, "compresses well: {}", bytes.len());
        assert!(matches!(
            check_unpacked_size(&bytes, 1 << 19),
            Err(FileError::Unpacks)
        ));
        assert!(check_unpacked_size(&bytes, 1 << 21).is_ok());
    }

    #[test]
    fn bad_files_get_specific_errors() {
        assert_eq!(read(b"").unwrap_err(), FileError::EmptyFile);
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err(),
            FileError::LegacyXls
        );
        assert_eq!(
            read(b"%PDF-1.4\x00\x01\x02").unwrap_err(),
            FileError::NotSpreadsheet
        );
        assert_eq!(
            read(&[0xFF, 0xFE, 0x41, 0]).unwrap_err(),
            FileError::Encoding
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage").unwrap_err(),
            FileError::Corrupt(_)
        ));
        assert!(matches!(
            read("a,b\n1,2\n".as_bytes()).unwrap_err(),
            FileError::NoLedgerSheet(_)
        ));
        assert!(matches!(
            read("项目编号,项目名称\nX,Y\n".as_bytes()).unwrap_err(),
            FileError::MissingColumns { .. }
        ));
        assert_eq!(
            read("统一社会信用代码,企业名称,是否建立党组织\n,,\n".as_bytes()).unwrap_err(),
            FileError::NoRows
        );
    }

    #[test]
    fn a_stray_cell_far_away_is_refused_without_allocating_the_range() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("物业项目").unwrap();
        sheet.write_string(0, 0, "项目编号").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(matches!(read(&bytes), Err(FileError::TooWide { .. })));
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("物业项目").unwrap();
        sheet.write_string(0, 0, "项目编号").unwrap();
        sheet.write_string(1_048_575, 0, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(matches!(read(&bytes), Err(FileError::TooManyRows(_))));
    }

    #[test]
    fn csv_cells_too_long_or_too_many_columns_are_refused() {
        let long = format!(
            "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,{},是\n",
            "甲".repeat(40_000)
        );
        assert!(
            matches!(read(long.as_bytes()), Err(FileError::CellTooLong { cell, .. }) if cell == "B2")
        );
        let wide = format!(
            "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,甲物业,是{}\n",
            ",x".repeat(70)
        );
        assert!(matches!(
            read(wide.as_bytes()),
            Err(FileError::TooWide { .. })
        ));
    }

    #[test]
    fn numbers_and_dates_read_as_typed() {
        assert_eq!(float_text(820.0), "820");
        assert_eq!(float_text(96500.55), "96500.55");
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let day = |serial, is_1904| {
            cell_text(&Data::DateTime(ExcelDateTime::new(
                serial, DateTime, is_1904,
            )))
        };
        assert_eq!(day(44927.0, false), "2023-01-01");
        // The same day in a workbook saved with the 1904 date system (Mac Excel).
        assert_eq!(day(43465.0, true), "2023-01-01");
    }
}
