//! The import template: one sheet per kind and a 填写说明 sheet.

use rust_xlsxwriter::{DataValidation, Format, Note, Workbook, Worksheet, XlsxError};

use super::header_format;
use crate::sheet::columns::{Choices, Column, Kind};

/// Rows of the template that carry dropdowns.
const TEMPLATE_ROWS: u32 = 10_000;

/// The import template: one sheet per kind with headers (required ones in red), a note on
/// each header saying what to write, dropdowns for enumerations and towns, and a 填写说明
/// sheet with an example row per sheet.
pub fn template(towns: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for kind in Kind::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(kind.sheet_name())?;
        for (i, col) in kind.columns().iter().enumerate() {
            header(ws, i as u16, col, towns)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    guide(wb.add_worksheet())?;
    wb.save_to_buffer()
}

/// One column's header: its text, width, a note saying what to write, and its dropdown.
fn header(ws: &mut Worksheet, c: u16, col: &Column, towns: &[String]) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, c, col.header, &header_format(col.required))?;
    ws.set_column_width(c, (col.header.chars().count() as f64 * 2.2).max(12.0))?;
    let mut hint = if col.required {
        "必填。".to_owned()
    } else {
        "选填。".to_owned()
    };
    hint.push_str(col.hint);
    ws.insert_note(0, c, &Note::new(hint).set_author("kaoping"))?;
    let choices: Vec<String> = match col.choices {
        Choices::Towns => towns.to_vec(),
        other => other.fixed().into_iter().map(str::to_owned).collect(),
    };
    // Excel refuses a list validation longer than 255 characters: such a column stays free text.
    let joined = choices.iter().map(|s| s.chars().count() + 1).sum::<usize>();
    if !choices.is_empty() && joined <= 255 {
        let dv = DataValidation::new()
            .allow_list_strings(&choices)?
            .set_error_message(format!("请从下拉列表中选择：{}", choices.join("、")))?;
        ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
    }
    Ok(())
}

/// The 填写说明 sheet: how to fill the template, then an example row per sheet.
fn guide(guide: &mut Worksheet) -> Result<(), XlsxError> {
    guide.set_name("填写说明")?;
    let bold = Format::new().set_bold();
    let lines = [
        "1. 在“物业企业”“物业项目”“承接查验”工作表中从第 2 行起逐行填写（不需要的表可留空），不要改动、合并表头。红色表头为必填列。",
        "2. 企业按统一社会信用代码、项目按项目编号、承接查验按项目编号和查验日期识别：重复导入同一文件不会产生变化，修改后再导入会更新对应记录。",
        "3. 任何一行有错误时整个文件都不会写入，系统会列出每个问题所在的工作表、行、列，并可下载标注了问题的副本。",
        "4. 下面是每个工作表的示例行（请勿把示例填入正式工作表）。",
    ];
    for (r, line) in lines.iter().enumerate() {
        guide.write_string(r as u32, 0, *line)?;
    }
    let mut row = lines.len() as u32 + 1;
    for kind in Kind::ALL {
        guide.write_string_with_format(row, 0, format!("示例：{}", kind.sheet_name()), &bold)?;
        for (i, col) in kind.columns().iter().enumerate() {
            guide.write_string_with_format(
                row + 1,
                i as u16,
                col.header,
                &header_format(col.required),
            )?;
            guide.write_string(row + 2, i as u16, col.example)?;
        }
        row += 4;
    }
    guide.set_column_width(0, 24)?;
    Ok(())
}
