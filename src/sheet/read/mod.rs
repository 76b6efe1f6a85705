//! Reading an uploaded file into text cells. The format is judged by content, not by name:
//! a ZIP container is read as `.xlsx`; anything else that is text is read as CSV (UTF-8 with
//! or without BOM, or GB18030/GBK as Excel on Chinese Windows saves it).

mod csv_text;
mod xlsx;

pub use xlsx::MAX_UNPACKED;

use std::collections::HashMap;

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
    /// No sheet named 物业企业, 物业项目 or 承接查验 (or a CSV whose headers fit none).
    #[error(
        "没有找到“物业企业”“物业项目”或“承接查验”工作表（找到：{0}），请使用下载的模板 (no ledger sheet)"
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

/// Longest text of one cell (Excel's limit).
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Last column a ledger sheet may use (the templates use about 20).
pub(crate) const MAX_COLUMNS: u32 = 64;

pub(crate) fn build_sheet(
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

#[cfg(test)]
mod tests {
    use super::xlsx::{cell_text, check_unpacked_size, float_text};
    use super::*;
    use calamine::Data;
    use std::io::Cursor;

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
