//! The on-site evaluation results sheet (现场测评结果) a third-party firm delivers: one row per
//! line of a visit — the project's ledger code, the visit date, the inspectors, the sheet
//! number, the line's kind (问题 / 测量值 / 否决 / 不适用), the item and what it says. The
//! columns are fixed, but they are matched and reported like the paper sheet's
//! ([`PaperSheet`](super::paper::PaperSheet) over [`PaperColumn`]s), so reading, problems and
//! the annotated copy are shared.

mod template;

pub use template::template;

use super::paper::PaperColumn;

/// The worksheet name of the template (a workbook's sheet of this name is read first).
pub const SHEET_NAME: &str = "现场测评";
/// The template's explanation sheet, never read as data.
pub const GUIDE_NAME: &str = "填写说明";

/// Column key of the project's ledger code.
pub const PROJECT: &str = "project";
/// Column key of the visit date.
pub const VISIT_ON: &str = "visit_on";
/// Column key of the inspectors' names.
pub const INSPECTORS: &str = "inspectors";
/// Column key of the sheet (inspector) number.
pub const SHEET: &str = "sheet";
/// Column key of the line's kind.
pub const KIND: &str = "kind";
/// Column key of the item code.
pub const ITEM: &str = "item";
/// Column key of the finding code.
pub const FINDING: &str = "finding";
/// Column key of a finding's count.
pub const COUNT: &str = "count";
/// Column key of a measured value.
pub const VALUE: &str = "value";
/// Column key of the note (a veto's account, an exemption's reason).
pub const NOTE: &str = "note";
/// Column key of a finding's location.
pub const LOCATION: &str = "location";

/// The kinds of line, as the 类型 column names them.
pub const KINDS: [&str; 4] = ["问题", "测量值", "否决", "不适用"];

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
        col(PROJECT, "项目编号", true, "台账中的项目编号"),
        col(
            VISIT_ON,
            "检查日期",
            true,
            "现场检查的日期，如 2026-06-16；不得晚于今天",
        ),
        col(
            INSPECTORS,
            "检查人员",
            true,
            "检查人员姓名：按检查表顺序用“、”分隔列出全部，或只填本行检查表序号的那一位",
        ),
        col(SHEET, "检查表序号", false, "第几位检查人员的检查表，默认 1"),
        col(KIND, "类型", true, "问题 / 测量值 / 否决 / 不适用"),
        col(ITEM, "检查项", true, "检查项编号，见“填写说明”，如 2.2"),
        col(
            FINDING,
            "问题代码",
            false,
            "类型为“问题”时必填，见“填写说明”，如 broken-light",
        ),
        col(COUNT, "次数", false, "类型为“问题”时的发现次数，默认 1"),
        col(VALUE, "数值", false, "类型为“测量值”时必填，如 0.95"),
        col(
            NOTE,
            "说明",
            false,
            "问题的情况；否决时必填所发生的事；不适用时必填原因",
        ),
        col(LOCATION, "位置", false, "问题所在位置，如 3 号楼 2 单元"),
    ]
}
