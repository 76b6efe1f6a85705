//! Why a file cannot be read at all.

use super::{MAX_ROWS, MAX_UNPACKED};

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
    /// A sheet uses columns past `MAX_COLUMNS`.
    #[error(
        "工作表“{sheet}”在第 {column} 列之后仍有内容，台账最多 64 列，请删除多余的列 (too many columns)"
    )]
    TooWide { sheet: String, column: String },
    /// A CSV that cannot be parsed (the message names the line).
    #[error("文件已损坏或不是有效的电子表格：{0} (corrupt file)")]
    Corrupt(String),
    /// An `.xlsx` (a ZIP) that cannot be opened or read; the library's reason goes to the log,
    /// not to the user.
    #[error(
        "文件已损坏或不是有效的 Excel 工作簿，请在 Excel 中打开确认后另存为 .xlsx 再上传 (corrupt workbook)"
    )]
    CorruptWorkbook,
    /// No sheet named 物业企业, 物业项目 or 承接查验 (or a CSV whose headers fit none).
    #[error(
        "没有找到“物业企业”“物业项目”或“承接查验”工作表（找到：{0}），请使用下载的模板 (no ledger sheet)"
    )]
    NoLedgerSheet(String),
    /// A workbook without the sheet asked for (nor any other with content).
    #[error("没有找到“{0}”工作表（找到：{1}），请使用下载的模板 (sheet not found)")]
    NoSheet(String, String),
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
