//! Writing workbooks: the import template and the annotated copy of an uploaded file.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, DataValidation, Format, FormatBorder, Note, Workbook, XlsxError};

use super::columns::{Choices, Kind};
use super::{CellProblem, RawBook};

/// Rows of the template that carry dropdowns.
const TEMPLATE_ROWS: u32 = 10_000;

fn header_format(required: bool) -> Format {
    let f = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    if required {
        f.set_font_color(Color::RGB(0xC00000))
    } else {
        f
    }
}

/// The import template: one sheet per kind with headers (required ones in red), a note on
/// each header saying what to write, dropdowns for enumerations and towns, and a 填写说明
/// sheet with an example row per sheet.
pub fn template(towns: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for kind in Kind::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(kind.sheet_name())?;
        for (i, col) in kind.columns().iter().enumerate() {
            let c = i as u16;
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
            let joined = choices.iter().map(|s| s.chars().count() + 1).sum::<usize>();
            if !choices.is_empty() && joined <= 255 {
                let dv = DataValidation::new()
                    .allow_list_strings(&choices)?
                    .set_error_message(format!("请从下拉列表中选择：{}", choices.join("、")))?;
                ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &dv)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    let guide = wb.add_worksheet();
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
    wb.save_to_buffer()
}

/// A copy of the uploaded sheets with each problem cell filled red and noted, and a 问题 sheet
/// listing every problem.
pub fn annotated(book: &RawBook, problems: &[CellProblem]) -> Result<Vec<u8>, XlsxError> {
    let bad = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let mut wb = Workbook::new();
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        let hr = sheet.header_row.saturating_sub(1);
        for (i, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(
                hr,
                (sheet.first_col + i as u32) as u16,
                h,
                &header_format(false),
            )?;
        }
        let mut notes: BTreeMap<(u32, u16), Vec<&str>> = BTreeMap::new();
        for p in problems.iter().filter(|p| p.sheet == sheet.name) {
            let i = sheet
                .headers
                .iter()
                .position(|h| h.trim() == p.column)
                .unwrap_or(0);
            notes
                .entry((p.row - 1, (sheet.first_col + i as u32) as u16))
                .or_default()
                .push(&p.message);
        }
        for row in &sheet.rows {
            for (i, text) in row.cells.iter().enumerate() {
                let at = (row.number - 1, (sheet.first_col + i as u32) as u16);
                if notes.contains_key(&at) {
                    ws.write_string_with_format(at.0, at.1, text, &bad)?;
                } else if !text.is_empty() {
                    ws.write_string(at.0, at.1, text)?;
                }
            }
        }
        for ((r, c), messages) in &notes {
            let row = sheet.rows.iter().find(|x| x.number == r + 1);
            let i = (u32::from(*c)).saturating_sub(sheet.first_col) as usize;
            if row
                .and_then(|x| x.cells.get(i))
                .is_none_or(|t| t.is_empty())
            {
                ws.write_blank(*r, *c, &bad)?;
            }
            ws.insert_note(
                *r,
                *c,
                &Note::new(messages.join("\n"))
                    .set_author("kaoping")
                    .set_width(320),
            )?;
        }
        ws.set_freeze_panes(sheet.header_row, 0)?;
    }
    let list = wb.add_worksheet();
    list.set_name("问题")?;
    let headers = ["工作表", "行", "列", "单元格", "值", "问题"];
    for (i, h) in headers.iter().enumerate() {
        list.write_string_with_format(0, i as u16, *h, &header_format(false))?;
    }
    for (r, p) in problems.iter().enumerate() {
        let r = r as u32 + 1;
        list.write_string(r, 0, &p.sheet)?;
        list.write_number(r, 1, p.row)?;
        list.write_string(r, 2, &p.column)?;
        list.write_string(r, 3, &p.cell)?;
        list.write_string(r, 4, &p.value)?;
        list.write_string(r, 5, &p.message)?;
    }
    list.set_column_width(5, 80)?;
    wb.save_to_buffer()
}
