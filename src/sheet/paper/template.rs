//! The paper-survey import template of one round: the 纸质问卷 sheet with one column per
//! question (a dropdown of the option codes) and a 填写说明 sheet explaining the codes.

use rust_xlsxwriter::{DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

use super::{GUIDE_NAME, PaperColumn, SHEET_NAME, layout, options};
use crate::domain::rubric::satisfaction::SatisfactionSpec;
use crate::sheet::write::header_format;

/// Rows of the template that carry dropdowns.
const TEMPLATE_ROWS: u32 = 5_000;

/// The template of `round` (its name, shown in the guide) over `spec`'s questionnaire.
pub fn template(round: &str, spec: &SatisfactionSpec) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    let choices = options(spec);
    for (i, col) in layout(spec).iter().enumerate() {
        header(ws, i as u16, col, &choices)?;
    }
    ws.set_freeze_panes(1, 3)?;
    guide(wb.add_worksheet(), round, spec)?;
    wb.save_to_buffer()
}

/// One column's header: its text, width, a note saying what to write, and for a question the
/// dropdown of its options.
fn header(
    ws: &mut Worksheet,
    c: u16,
    col: &PaperColumn,
    choices: &[String],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, c, &col.header, &header_format(col.required))?;
    let width = if col.question.is_some() { 16.0 } else { 14.0 };
    ws.set_column_width(c, width)?;
    let must = if col.required && col.question.is_none() {
        "必填。"
    } else {
        ""
    };
    ws.insert_note(
        0,
        c,
        &Note::new(format!("{must}{}", col.hint)).set_author("kaoping"),
    )?;
    if col.question.is_some() {
        let dv = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_message(format!("请填写选项编号：{}", choices.join(" ")))?;
        ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
    }
    Ok(())
}

/// The 填写说明 sheet: the rules, the option codes, and every question in full.
fn guide(ws: &mut Worksheet, round: &str, spec: &SatisfactionSpec) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_NAME)?;
    let bold = Format::new().set_bold();
    let lines = [
        format!("调查轮次：{round}"),
        "1. 每份纸质问卷填一行：问卷上的邀请码、入户调查日期、调查员，再逐题填写选项编号（未作答的题留空）。".to_owned(),
        format!("2. 选项编号：{}（也可直接填写选项文字）。", options(spec).join("，")),
        "3. 邀请码须属于本轮调查且尚未使用；调查日期不得早于本轮开始、不得晚于今天。与网上答卷使用同一套有效性规则。".to_owned(),
        "4. 任何一行有错误时整个文件都不会写入，可下载标注了问题的副本，改正后重新导入；同一文件只能导入一次。".to_owned(),
        "5. 请勿填写住户姓名、门牌号、电话等信息：答卷与住户之间不保留任何对应关系，调查员只记录在导入批次上。".to_owned(),
    ];
    for (r, line) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, line)?;
    }
    let mut row = lines.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "题号", &bold)?;
    ws.write_string_with_format(row, 1, "题目", &bold)?;
    for q in spec.dimensions.iter().flat_map(|d| &d.questions) {
        row += 1;
        ws.write_string(row, 0, &q.code)?;
        ws.write_string(row, 1, &q.text)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 60)?;
    Ok(())
}
