//! The conduct records sheet (信用记录): one row per good or bad conduct record — the company
//! (its unified social credit code or its name), the record kind (code or title of the credit
//! rubric), the date, the document number and issuing body, and optionally the points (which
//! must be the kind's), the last day it counts, the rectification deadline and a note. Read,
//! reported and annotated like the paper sheet; column keys are the field names a typed-in
//! record's errors use, so a field error lands on its cell.

mod template;

pub use template::template;

use super::paper::PaperColumn;

/// The worksheet name of the template (a workbook's sheet of this name is read first).
pub const SHEET_NAME: &str = "信用记录";
/// The template's explanation sheet, never read as data.
pub const GUIDE_NAME: &str = "填写说明";

/// Column key of the company.
pub const COMPANY: &str = "company";
/// Column key of the record kind.
pub const KIND: &str = "kind";
/// Column key of the record's date.
pub const RECORDED_ON: &str = "recorded_on";
/// Column key of the document number.
pub const REFERENCE: &str = "reference";
/// Column key of the issuing body.
pub const ISSUER: &str = "issuer";
/// Column key of the points.
pub const POINTS: &str = "points";
/// Column key of the last day it counts.
pub const VALID_UNTIL: &str = "valid_until";
/// Column key of the rectification deadline.
pub const RECTIFY_BY: &str = "rectify_by";
/// Column key of the note.
pub const NOTE: &str = "note";

/// The columns, in template order.
pub fn layout() -> Vec<PaperColumn> {
    let col = |key: &str, header: &str, required: bool, hint: &str| PaperColumn {
        key: key.to_owned(),
        header: header.to_owned(),
        question: None,
        required,
        hint: hint.to_owned(),
    };
    vec![
        col(COMPANY, "企业", true, "统一社会信用代码或台账中的企业名称"),
        col(KIND, "记录类型", true, "见“填写说明”，如 一般不良行为"),
        col(
            RECORDED_ON,
            "记录日期",
            true,
            "决定日期，如 2023-06-01；不得晚于今天",
        ),
        col(REFERENCE, "文号", true, "同一企业同一文号只登记一条"),
        col(ISSUER, "发文机关", true, "如 濉溪县住房和城乡建设局"),
        col(POINTS, "分值", false, "选填；填写时须与记录类型的分值一致"),
        col(
            VALID_UNTIL,
            "有效期至",
            false,
            "文件另有规定时填写，否则按记录类型的月数",
        ),
        col(RECTIFY_BY, "整改期限", false, "不良行为记录的整改期限"),
        col(NOTE, "备注", false, "选填"),
    ]
}
