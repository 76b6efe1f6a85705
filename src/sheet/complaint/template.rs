//! The complaints template: the 信访投诉 sheet (dropdowns on 受理渠道, 投诉类别 and 核实结果)
//! and a 填写说明 sheet listing the channels with their time limits and the categories of the
//! composite rubric in force.

use rust_xlsxwriter::{DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

use super::{CATEGORY, CHANNEL, GUIDE_NAME, OUTCOME, SHEET_NAME, layout};
use crate::domain::credit::complaint::Outcome;
use crate::domain::rubric::daily::DailyRules;
use crate::sheet::write::header_format;

/// Rows of the template that carry the dropdowns.
const TEMPLATE_ROWS: u32 = 10_000;

/// The template for complaints under `rules` (of `rubric`, its name and version).
pub fn template(rubric: &str, rules: &DailyRules) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    let channels: Vec<&str> = rules.channels.iter().map(|c| c.title.as_str()).collect();
    let categories: Vec<&str> = rules.categories.iter().map(|c| c.title.as_str()).collect();
    let outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.label()).collect();
    for (i, col) in layout().iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, &col.header, &header_format(col.required))?;
        ws.set_column_width(c, 16.0)?;
        let must = if col.required {
            "必填。"
        } else {
            "选填。"
        };
        ws.insert_note(
            0,
            c,
            &Note::new(format!("{must}{}", col.hint)).set_author("kaoping"),
        )?;
        let list = match col.key.as_str() {
            CHANNEL => &channels,
            CATEGORY => &categories,
            OUTCOME => &outcomes,
            _ => continue,
        };
        // A dropdown's list is limited to 255 characters; a longer one is left to the guide.
        if list.iter().map(|s| s.chars().count() + 1).sum::<usize>() < 255 {
            let dv = DataValidation::new()
                .allow_list_strings(list)?
                .set_error_message("请从下拉列表中选择，或见“填写说明”")?;
            ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    guide(wb.add_worksheet(), rubric, rules)?;
    wb.save_to_buffer()
}

/// The 填写说明 sheet: the rules, then the channels with their limits and the categories.
fn guide(ws: &mut Worksheet, rubric: &str, rules: &DailyRules) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_NAME)?;
    let bold = Format::new().set_bold();
    let lines = [
        format!("评分标准：{rubric}（受理日期须在其适用期内）"),
        "1. 每件投诉或信访填一行；投诉按受理当日服务该项目的物业服务企业计。".to_owned(),
        "2. 办结期限按受理渠道的时限从受理次日起算，是否按时办结由系统计算，无需填写。".to_owned(),
        "3. 已办结的，办结日期、核实结果、办理情况三项一并填写；未办结的三项都留空，办结后可再次导入同一行补填。".to_owned(),
        "4. 内容摘要不得填写投诉人姓名、电话、门牌号等个人信息。".to_owned(),
        "5. 任何一行有错误时整个文件都不会写入，可下载标注了问题的副本；重复导入同一文件不会产生变化。".to_owned(),
    ];
    for (r, line) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, line)?;
    }
    let mut row = lines.len() as u32 + 1;
    for (c, h) in ["受理渠道", "代码", "办结时限（天）"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &bold)?;
    }
    for ch in &rules.channels {
        row += 1;
        ws.write_string(row, 0, &ch.title)?;
        ws.write_string(row, 1, &ch.code)?;
        ws.write_number(row, 2, f64::from(ch.limit_days))?;
    }
    row += 2;
    for (c, h) in ["投诉类别", "代码"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &bold)?;
    }
    for cat in &rules.categories {
        row += 1;
        ws.write_string(row, 0, &cat.title)?;
        ws.write_string(row, 1, &cat.code)?;
    }
    ws.set_column_width(0, 40)?;
    Ok(())
}
