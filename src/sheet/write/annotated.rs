//! The annotated copy of a rejected upload: every problem cell filled red with a note, and a
//! 问题 sheet listing them all.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, Note, Workbook, Worksheet, XlsxError};

use super::header_format;
use crate::sheet::CellProblem;
use crate::sheet::read::Table;

/// The messages of each problem cell, by (0-based row, column).
type Notes<'a> = BTreeMap<(u32, u16), Vec<&'a str>>;

/// A copy of the uploaded sheets (`tables`, as read) with each problem cell filled red and
/// noted, and a 问题 sheet listing every problem.
pub fn annotated<'a>(
    tables: impl IntoIterator<Item = &'a Table>,
    problems: &[CellProblem],
) -> Result<Vec<u8>, XlsxError> {
    let bad = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let mut wb = Workbook::new();
    for sheet in tables {
        copy_sheet(wb.add_worksheet(), sheet, problems, &bad)?;
    }
    problem_list(wb.add_worksheet(), problems)?;
    wb.save_to_buffer()
}

/// One uploaded sheet as read, its problem cells marked.
fn copy_sheet(
    ws: &mut Worksheet,
    sheet: &Table,
    problems: &[CellProblem],
    bad: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let hr = sheet.header_row.saturating_sub(1);
    for (i, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(hr, column(sheet, i), h, &header_format(false))?;
    }
    let notes = notes_of(sheet, problems);
    for row in &sheet.rows {
        for (i, text) in row.cells.iter().enumerate() {
            let at = (row.number - 1, column(sheet, i));
            if notes.contains_key(&at) {
                ws.write_string_with_format(at.0, at.1, text, bad)?;
            } else if !text.is_empty() {
                ws.write_string(at.0, at.1, text)?;
            }
        }
    }
    mark(ws, sheet, &notes, bad)?;
    ws.set_freeze_panes(sheet.header_row, 0)?;
    Ok(())
}

/// The worksheet column of the sheet's `i`-th header.
fn column(sheet: &Table, i: usize) -> u16 {
    (sheet.first_col + i as u32) as u16
}

/// The problems of `sheet`, gathered by cell.
fn notes_of<'a>(sheet: &Table, problems: &'a [CellProblem]) -> Notes<'a> {
    let mut notes = Notes::new();
    for p in problems.iter().filter(|p| p.sheet == sheet.name) {
        let i = sheet
            .headers
            .iter()
            .position(|h| h.trim() == p.column)
            .unwrap_or(0);
        notes
            .entry((p.row - 1, column(sheet, i)))
            .or_default()
            .push(&p.message);
    }
    notes
}

/// A note on every problem cell, and the red fill on those left empty (a missing value).
fn mark(ws: &mut Worksheet, sheet: &Table, notes: &Notes, bad: &Format) -> Result<(), XlsxError> {
    for ((r, c), messages) in notes {
        let row = sheet.rows.iter().find(|x| x.number == r + 1);
        let i = (u32::from(*c)).saturating_sub(sheet.first_col) as usize;
        if row
            .and_then(|x| x.cells.get(i))
            .is_none_or(|t| t.is_empty())
        {
            ws.write_blank(*r, *c, bad)?;
        }
        ws.insert_note(
            *r,
            *c,
            &Note::new(messages.join("\n"))
                .set_author("kaoping")
                .set_width(320),
        )?;
    }
    Ok(())
}

/// The 问题 sheet: one row per problem.
fn problem_list(list: &mut Worksheet, problems: &[CellProblem]) -> Result<(), XlsxError> {
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
    Ok(())
}
