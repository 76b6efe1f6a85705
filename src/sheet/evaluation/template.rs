//! The evaluation results template: the 现场测评 sheet (a dropdown on 类型) and a 填写说明
//! sheet listing every item of the service-quality rubric in force, with its finding codes.

use rust_xlsxwriter::{DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

use super::{GUIDE_NAME, KIND, KINDS, SHEET_NAME, layout};
use crate::domain::assessment::items;
use crate::domain::rubric::model::{Assessment, Item, Method};
use crate::sheet::write::header_format;

/// Rows of the template that carry the 类型 dropdown.
const TEMPLATE_ROWS: u32 = 10_000;

/// The template for results scored under `rubric` (its name and version, shown in the guide).
pub fn template(rubric: &str, assessment: &Assessment) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    for (i, col) in layout().iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, &col.header, &header_format(col.required))?;
        ws.set_column_width(c, 14.0)?;
        let must = if col.required {
            "必填。"
        } else {
            "选填。"
        };
        let note = Note::new(format!("{must}{}", col.hint)).set_author("kaoping");
        ws.insert_note(0, c, &note)?;
        if col.key == KIND {
            let dv = DataValidation::new()
                .allow_list_strings(&KINDS)?
                .set_error_message(format!("请选择：{}", KINDS.join("、")))?;
            ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
        }
    }
    ws.set_freeze_panes(1, 2)?;
    guide(wb.add_worksheet(), rubric, assessment)?;
    wb.save_to_buffer()
}

/// The 填写说明 sheet: the rules, then one line per item and per finding code.
fn guide(ws: &mut Worksheet, rubric: &str, assessment: &Assessment) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_NAME)?;
    let bold = Format::new().set_bold();
    let lines = [
        format!("评分标准：{rubric}（检查日期须在其适用期内）"),
        "1. 每个发现、测量值、否决或不适用项填一行；同一项目同一检查日期的各行合为一次现场测评。".to_owned(),
        "2. 检查人员按检查表顺序用“、”分隔列出，或每行只填本行检查表序号对应的那一位；检查表序号默认 1。".to_owned(),
        "3. 类型为“问题”时填问题代码和次数；“测量值”填数值；“否决”在说明中写明所发生的事；“不适用”在说明中写明原因。每张检查表的测量项须有测量值或标为不适用。".to_owned(),
        "4. 导入即为住建局采纳：测评按检查当日服务该项目的企业计，异议期从导入之日起算。".to_owned(),
        "5. 任何一行有错误时整个文件都不会写入，可下载标注了问题的副本；重复导入同一文件不会产生变化，同一项目同一日已有不同测评时须先核对。".to_owned(),
    ];
    for (r, line) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, line)?;
    }
    let mut row = lines.len() as u32 + 1;
    for (c, h) in ["检查项", "名称", "类型", "问题代码", "问题", "扣分"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &bold)?;
    }
    for item in items(assessment) {
        row = item_lines(ws, row + 1, item)?;
    }
    ws.set_column_width(1, 40)?;
    ws.set_column_width(4, 40)?;
    Ok(())
}

/// An item's line and, for a deduction item, one line per finding; returns the last row used.
fn item_lines(ws: &mut Worksheet, mut row: u32, item: &Item) -> Result<u32, XlsxError> {
    ws.write_string(row, 0, &item.code)?;
    ws.write_string(row, 1, &item.title)?;
    let kind = match &item.method {
        Method::Deduction { .. } => "问题",
        Method::Threshold { .. } => "测量值（或不适用）",
        Method::Veto { .. } => "否决",
        _ => "—",
    };
    ws.write_string(row, 2, kind)?;
    if let Method::Deduction { findings } = &item.method {
        for f in findings {
            row += 1;
            ws.write_string(row, 3, &f.code)?;
            ws.write_string(row, 4, &f.title)?;
            ws.write_string(row, 5, f.points.to_string())?;
        }
    }
    Ok(row)
}
