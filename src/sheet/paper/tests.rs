//! Tests of [`super`].

#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::rubric::{Body, parse};
use crate::sheet::read::read_table;

fn spec() -> SatisfactionSpec {
    let path = format!("{}/rubrics/satisfaction.toml", env!("CARGO_MANIFEST_DIR"));
    let rubric = parse("satisfaction.toml", &std::fs::read_to_string(path).unwrap()).unwrap();
    match rubric.body() {
        Body::Satisfaction(s) => s.clone(),
        _ => panic!("kind"),
    }
}

#[test]
fn answers_are_read_by_option_code_label_or_both() {
    let s = spec();
    assert_eq!(answer_label(&s, "1"), Some("非常满意"));
    assert_eq!(answer_label(&s, " 2 "), Some("满意"));
    assert_eq!(answer_label(&s, "2=满意"), Some("满意"));
    assert_eq!(answer_label(&s, "一般"), Some("一般"));
    assert_eq!(answer_label(&s, "2=一般"), None, "code and label disagree");
    assert_eq!(answer_label(&s, "6"), None);
    assert_eq!(answer_label(&s, "0"), None);
    assert_eq!(answer_label(&s, "很好"), None);
}

#[test]
fn the_template_reads_back_as_its_own_layout() {
    let s = spec();
    let bytes = template("2026 年第一轮", &s).unwrap();
    // The template has headers only: no data rows.
    assert_eq!(
        read_table(&bytes, SHEET_NAME, GUIDE_NAME).unwrap_err(),
        FileError::NoRows
    );
    let csv = "邀请码,调查日期,调查员,A1,A2 态度,B1,B2,C1,C2,D1,D2,E1,E2\nX,2026-06-16,王五,1\n";
    let table = read_table(csv.as_bytes(), SHEET_NAME, GUIDE_NAME).unwrap();
    let sheet = PaperSheet::new(table, layout(&s)).unwrap();
    let row = &sheet.table.rows[0];
    assert_eq!(sheet.get(row, "answers.A1"), "1");
    assert_eq!(sheet.problem(row, "answers.A2", "x").cell, "E2");
}

#[test]
fn missing_and_doubled_question_columns_are_refused() {
    let s = spec();
    let csv = "邀请码,调查日期,调查员,A1\nX,2026-06-16,王五,1\n";
    let table = read_table(csv.as_bytes(), SHEET_NAME, GUIDE_NAME).unwrap();
    assert!(matches!(
        PaperSheet::new(table, layout(&s)),
        Err(FileError::MissingColumns { columns, .. }) if columns.starts_with("A2 ")
    ));
    let csv = "邀请码,调查日期,调查员,A1,A1 态度\nX,2026-06-16,王五,1,2\n";
    let table = read_table(csv.as_bytes(), SHEET_NAME, GUIDE_NAME).unwrap();
    assert!(matches!(
        PaperSheet::new(table, layout(&s)),
        Err(FileError::DuplicateColumn { .. })
    ));
}
