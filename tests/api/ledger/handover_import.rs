//! The 承接查验 sheet of a ledger import: inspections placed on projects by code (the ledger's
//! or the same file's), matched by project and date so a re-import changes nothing, every bad
//! row reported at its cell, and the CSV form.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use super::fixture::{audit_seq, count, project, project_row, seed};
use crate::helpers::{assert_problem, spawn_app};

const IMPORT: &str = "/api/v1/ledger/import";
const HEADERS: [&str; 5] = ["项目编号", "查验日期", "查验组人数", "业主代表人数", "备注"];

/// An inspection row: project code, date, group, owners, note.
fn row(code: &str, on: &str, group: &str, owners: &str) -> Vec<String> {
    [code, on, group, owners, "社区牵头"]
        .map(String::from)
        .to_vec()
}

/// A workbook with a 物业项目 sheet (`projects`, may be empty) and a 承接查验 sheet. Counts are
/// written as numbers, and a date given as `=YYYY-MM-DD` as a real Excel date.
fn book(projects: &[Vec<String>], inspections: &[Vec<String>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    if !projects.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("物业项目").unwrap();
        for (c, col) in kaoping::sheet::columns::PROJECT_COLUMNS.iter().enumerate() {
            ws.write_string(0, c as u16, col.header).unwrap();
        }
        for (r, cells) in projects.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, cell).unwrap();
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("承接查验").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, cells) in inspections.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            if let Some(day) = cell.strip_prefix('=') {
                let dt = ExcelDateTime::parse_from_str(day).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date_format)
                    .unwrap();
            } else if let (2 | 3, Ok(n)) = (c, cell.parse::<f64>()) {
                ws.write_number(r, c, n).unwrap();
            } else {
                ws.write_string(r, c, cell).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn met(list: &Value) -> Vec<(String, i64, bool)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["inspected_on"].as_str().unwrap().to_owned(),
                h["owner_representatives"].as_i64().unwrap(),
                h["owners_at_least_one_third"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn inspections_import_onto_ledger_and_file_projects_and_reimport_is_a_no_op() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let old = project(&app, "OLD-1", &l.nanguan, None).await;
    let mut new_project = project_row("NEW-1", "濉溪镇", "南关社区", 1);
    new_project[10] = String::new(); // no company: community-managed
    new_project[11] = String::new();
    new_project[5] = "社区代管".into();
    let inspections = vec![
        row("OLD-1", "=2023-03-01", "9", "3"),
        row("OLD-1", "2023年4月1日", "10", "3"),
        row("NEW-1", "2023/6/30", "6", "2"),
    ];
    let file = book(&[new_project.clone()], &inspections);
    let resp = app
        .upload(IMPORT, &app.admin_token, "承接查验.xlsx", file.clone())
        .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let report: Value = resp.json().await.unwrap();
    assert_eq!(report["handover_inspections"]["created"], 3, "{report}");
    assert_eq!(report["projects"]["created"], 1);
    let listed = app
        .get_ok(
            &format!("/api/v1/projects/{old}/handover-inspections"),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        met(&listed),
        [
            ("2023-03-01".into(), 3, true),
            ("2023-04-01".into(), 3, false)
        ]
    );
    let m = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2023-06-30", l.town),
            &app.admin_token,
        )
        .await;
    let r = &m["handover_owner_representation"];
    assert_eq!(
        (r["numerator"].as_i64(), r["denominator"].as_i64()),
        (Some(2), Some(3))
    );

    // The same file again: nothing written, no audit entry.
    let seq = audit_seq(&app).await;
    let again: Value = app
        .upload(IMPORT, &app.admin_token, "承接查验.xlsx", file)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["handover_inspections"]["unchanged"], 3, "{again}");
    assert_eq!(audit_seq(&app).await, seq);

    // A corrected row updates the inspection of that project and day (version 2).
    let corrected = book(&[], &[row("OLD-1", "2023-04-01", "10", "4")]);
    let report: Value = app
        .upload(IMPORT, &app.admin_token, "更正.xlsx", corrected)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["handover_inspections"]["updated"], 1, "{report}");
    let listed = app
        .get_ok(
            &format!("/api/v1/projects/{old}/handover-inspections"),
            &app.admin_token,
        )
        .await;
    assert_eq!(listed[1]["version"], 2);
    assert_eq!(met(&listed)[1], ("2023-04-01".into(), 4, true));
    assert_eq!(count(&app, "handover_inspections").await, 3);
}

#[tokio::test]
async fn every_bad_inspection_row_is_reported_at_its_cell_and_nothing_is_written() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    project(&app, "P1", &l.nanguan, None).await;
    let tomorrow = app.clock().today().tomorrow().unwrap().to_string();
    let rows = vec![
        row("P1", "2023-03-01", "9", "3"),   // fine
        row("NOPE", "2023-03-01", "9", "3"), // unknown project
        row("P1", &tomorrow, "9", "3"),      // future date
        row("P1", "2023-03-02", "5", "6"),   // owners > group
        row("P1", "2023-03-01", "9", "4"),   // same project and day as row 2
        row("P1", "2023-03-03", "0", "0"),   // empty group
    ];
    let body = assert_problem(
        app.upload(IMPORT, &app.admin_token, "bad.xlsx", book(&[], &rows))
            .await,
        422,
    )
    .await;
    let cells: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["A3", "B4", "D5", "B6", "C7"], "{body}");
    let first = &body["problems"][0];
    assert_eq!(first["sheet"], "承接查验");
    assert_eq!(first["column"], "项目编号");
    assert!(
        first["message"].as_str().unwrap().contains("NOPE"),
        "{body}"
    );
    assert_eq!(count(&app, "handover_inspections").await, 0);
}

#[tokio::test]
async fn an_inspection_csv_is_recognised_by_its_headers() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "P1", &l.nanguan, None).await;
    let csv = format!("{}\nP1,2023-03-01,9,3,\n", HEADERS.join(","));
    let resp = app
        .upload(IMPORT, &app.admin_token, "承接查验.csv", csv.into_bytes())
        .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let listed = app
        .get_ok(
            &format!("/api/v1/projects/{p}/handover-inspections"),
            &app.admin_token,
        )
        .await;
    assert_eq!(met(&listed), [("2023-03-01".into(), 3, true)]);
    assert!(listed[0].get("note").is_none(), "{listed}");
    // The API refuses a second inspection of the same project on the same day.
    let body = assert_problem(
        app.post_json(
            &format!("/api/v1/projects/{p}/handover-inspections"),
            Some(&app.admin_token),
            &serde_json::json!({"inspected_on": "2023-03-01", "group_size": 6, "owner_representatives": 2}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("已有承接查验记录"),
        "{body}"
    );
}
