//! The conduct records template: the 信用记录 sheet (a dropdown on 记录类型) and a 填写说明
//! sheet listing the record kinds of the credit rubric in force, with their points and months.

use rust_xlsxwriter::{DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

use super::{GUIDE_NAME, KIND, SHEET_NAME, layout};
use crate::domain::rubric::credit::{Conduct, CreditSpec};
use crate::sheet::write::header_format;

/// Rows of the template that carry the dropdown.
const TEMPLATE_ROWS: u32 = 10_000;

/// The template for records under `spec` (of `rubric`, its name and version).
pub fn template(rubric: &str, spec: &CreditSpec) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    let kinds: Vec<&str> = spec.records.iter().map(|r| r.title.as_str()).collect();
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
        // A dropdown's list is limited to 255 characters; a longer one is left to the guide.
        if col.key == KIND && kinds.iter().map(|s| s.chars().count() + 1).sum::<usize>() < 255 {
            let dv = DataValidation::new()
                .allow_list_strings(&kinds)?
                .set_error_message("请从下拉列表中选择，或见“填写说明”")?;
            ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    guide(wb.add_worksheet(), rubric, spec)?;
    wb.save_to_buffer()
}

/// The 填写说明 sheet: the rules, then one line per record kind.
fn guide(ws: &mut Worksheet, rubric: &str, spec: &CreditSpec) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_NAME)?;
    let bold = Format::new().set_bold();
    let lines = [
        format!("评分标准：{rubric}（记录日期须在其适用期内）"),
        "1. 每条良好或不良行为记录填一行；企业填统一社会信用代码或台账中的企业名称。".to_owned(),
        "2. 分值由记录类型决定，可不填；填写时须一致。有效期默认按记录类型的月数计算。".to_owned(),
        "3. 任何一行有错误时整个文件都不会写入，可下载标注了问题的副本；重复导入同一文件不会产生变化。".to_owned(),
    ];
    for (r, line) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, line)?;
    }
    let mut row = lines.len() as u32 + 1;
    for (c, h) in [
        "记录类型",
        "代码",
        "良好/不良",
        "分值",
        "有效月数",
        "最短公示期（月）",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &bold)?;
    }
    for k in &spec.records {
        row += 1;
        ws.write_string(row, 0, &k.title)?;
        ws.write_string(row, 1, &k.code)?;
        let conduct = if k.conduct == Conduct::Good {
            "良好行为"
        } else {
            "不良行为"
        };
        ws.write_string(row, 2, conduct)?;
        ws.write_string(row, 3, k.points.to_string())?;
        ws.write_number(row, 4, f64::from(k.validity_months))?;
        if let Some(m) = k.repair_after_months {
            ws.write_number(row, 5, f64::from(m))?;
        }
    }
    ws.set_column_width(0, 40)?;
    Ok(())
}
