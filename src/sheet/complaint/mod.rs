//! The complaints sheet (信访投诉台账): one row per complaint or petition about a project — the
//! project's ledger code, the channel, the work-order or document number, the day received,
//! the category, a summary, and once resolved the day, the outcome and how it was handled.
//! Read, reported and annotated like the paper sheet ([`PaperSheet`](super::paper::PaperSheet)
//! over [`PaperColumn`]s). Column keys are the field names a typed-in complaint's errors use,
//! so a field error lands on its cell.

mod template;

pub use template::template;

use super::paper::PaperColumn;

/// The worksheet name of the template (a workbook's sheet of this name is read first).
pub const SHEET_NAME: &str = "信访投诉";
/// The template's explanation sheet, never read as data.
pub const GUIDE_NAME: &str = "填写说明";

/// Column key of the project's ledger code.
pub const PROJECT: &str = "project_id";
/// Column key of the channel.
pub const CHANNEL: &str = "channel";
/// Column key of the work-order or document number.
pub const REFERENCE: &str = "reference";
/// Column key of the day received.
pub const RECEIVED_ON: &str = "received_on";
/// Column key of the category.
pub const CATEGORY: &str = "category";
/// Column key of the summary.
pub const SUMMARY: &str = "summary";
/// Column key of the day resolved.
pub const RESOLVED_ON: &str = "resolved_on";
/// Column key of the outcome (属实 / 不属实).
pub const OUTCOME: &str = "outcome";
/// Column key of how it was handled.
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
        col(PROJECT, "项目编号", true, "台账中的项目编号"),
        col(
            CHANNEL,
            "受理渠道",
            true,
            "见“填写说明”，如 12345政务服务便民热线",
        ),
        col(
            REFERENCE,
            "工单号",
            true,
            "工单号或信访件编号；同一渠道不得重复",
        ),
        col(RECEIVED_ON, "受理日期", true, "如 2023-05-02；不得晚于今天"),
        col(
            CATEGORY,
            "投诉类别",
            true,
            "见“填写说明”，如 环境卫生（保洁、垃圾清运）",
        ),
        col(
            SUMMARY,
            "内容摘要",
            false,
            "不得填写投诉人姓名、电话等个人信息",
        ),
        col(
            RESOLVED_ON,
            "办结日期",
            false,
            "已办结时填写，与核实结果、办理情况一并填写",
        ),
        col(OUTCOME, "核实结果", false, "属实 / 不属实"),
        col(NOTE, "办理情况", false, "已办结时填写办理情况"),
    ]
}
