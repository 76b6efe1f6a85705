//! Import of complaints (信访投诉台账) from a workbook: the template round trip, csv and xlsx
//! alike, a re-import changing nothing, the re-sent export resolving a complaint, one bad row
//! writing nothing (with the annotated copy), a conflicting number refused, and who may import.
//! Deadlines by hand from the shipped `composite.toml` `[daily]`: hotline 7 days, petition 60,
//! bureau 15, counted from the day after receipt.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{audit_seq, count, project, seed, serve, token};

const IMPORT: &str = "/api/v1/complaints/import";

/// The template's headers, in its order.
const HEADERS: [&str; 9] = [
    "项目编号",
    "受理渠道",
    "工单号",
    "受理日期",
    "投诉类别",
    "内容摘要",
    "办结日期",
    "核实结果",
    "办理情况",
];

/// A ledger with project XQ-1 served by 甲物业 since 2023.
async fn app() -> TestApp {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "XQ-1", &l.nanguan, None).await;
    serve(&app, &p, &l.company_a, "2023-01-01", None).await;
    app
}

/// C1 hotline resolved upheld in time; C2 petition open; C3 bureau (by code) resolved late.
fn rows() -> Vec<Vec<String>> {
    let r = |cells: [&str; 9]| cells.map(String::from).to_vec();
    vec![
        r([
            "XQ-1",
            "12345政务服务便民热线",
            "C1",
            "2023-05-02",
            "环境卫生（保洁、垃圾清运）",
            "楼道垃圾",
            "2023-05-05",
            "属实",
            "已清运",
        ]),
        r([
            "XQ-1",
            "信访来信（含网上信访）",
            "C2",
            "2023-05-03",
            "fees",
            "",
            "",
            "",
            "",
        ]),
        r([
            "XQ-1",
            "bureau",
            "C3",
            "2023-05-10",
            "order",
            "",
            "2023-05-30",
            "不属实",
            "经核实不属实",
        ]),
    ]
}

/// A workbook of `rows` under `headers` (dates as text, as exports usually carry them).
fn xlsx(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("信访投诉").unwrap();
    for (r, cells) in std::iter::once(headers.to_vec())
        .chain(rows.iter().cloned())
        .enumerate()
    {
        for (c, cell) in cells.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    std::iter::once(headers())
        .chain(rows.iter().cloned())
        .map(|r| r.join(",") + "\n")
        .collect::<String>()
        .into_bytes()
}

fn headers() -> Vec<String> {
    HEADERS.map(String::from).to_vec()
}

async fn import(app: &TestApp, name: &str, file: Vec<u8>) -> Value {
    let resp = app.send_file(IMPORT, &app.admin_token, name, file).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

async fn listed(app: &TestApp) -> Vec<(String, String, String)> {
    let all = app.get_ok("/api/v1/complaints", &app.admin_token).await;
    all.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            (
                s(&c["reference"]),
                s(&c["due_on"]),
                s(&c["handling"]["label"]),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_filled_template_imports_and_importing_again_changes_nothing() {
    let app = app().await;
    let resp = app
        .get(
            &format!("{IMPORT}/template?on=2023-05-02"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(resp.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range("信访投诉").unwrap();
    let heads: Vec<String> = (0..9)
        .map(|c| sheet.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(heads, headers());
    let guide = book.worksheet_range("填写说明").unwrap();
    let codes: Vec<String> = guide
        .rows()
        .map(|r| r.get(1).map_or(String::new(), Data::to_string))
        .collect();
    for code in ["hotline", "petition", "bureau", "cleaning", "fees"] {
        assert!(codes.iter().any(|c| c == code), "{code} not in the guide");
    }

    let out = import(&app, "投诉.xlsx", xlsx(&heads, &rows())).await;
    assert_eq!(
        (out["rows"].as_u64(), out["created"].as_u64()),
        (Some(3), Some(3)),
        "{out}"
    );
    assert_eq!(
        listed(&app).await,
        [
            ("C3".into(), "2023-05-25".into(), "超时办结".into()),
            ("C2".into(), "2023-07-02".into(), "超期未办结".into()),
            ("C1".into(), "2023-05-09".into(), "按时办结".into()),
        ]
    );
    let last: (String,) =
        sqlx::query_as("SELECT action FROM audit_entries ORDER BY seq DESC LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(last.0, "complaint.import");
    let seq = audit_seq(&app).await;
    for (name, file) in [("a.csv", csv(&rows())), ("b.xlsx", xlsx(&heads, &rows()))] {
        let again = import(&app, name, file).await;
        assert_eq!(
            (again["created"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(3)),
            "{name}"
        );
    }
    assert_eq!(
        audit_seq(&app).await,
        seq,
        "a re-import left an audit entry"
    );

    // The export re-sent with C2 resolved resolves it; the rest stay as they were.
    let mut later = rows();
    later[1][6..9].clone_from_slice(&["2023-06-20".into(), "属实".into(), "已退费".into()]);
    let out = import(&app, "later.csv", csv(&later)).await;
    assert_eq!(
        (out["resolved"].as_u64(), out["unchanged"].as_u64()),
        (Some(1), Some(2)),
        "{out}"
    );
    assert_eq!(listed(&app).await[1].2, "按时办结");
    assert_eq!(count(&app, "complaints").await, 3);
}

#[tokio::test]
async fn one_bad_row_writes_nothing_and_the_annotated_copy_marks_that_row() {
    let app = app().await;
    let mut rows = rows();
    rows[1][4] = "噪音".into(); // row 3, 投诉类别 (E)
    rows[2][7] = "".into(); // row 4: resolved without an outcome (H)
    // Row 4's number is missing too: reported with its other problem, not after it is fixed.
    rows[2][3] = "".into(); // row 4, 工单号 (D)
    let seq = audit_seq(&app).await;
    let resp = app
        .upload(
            IMPORT,
            &app.admin_token,
            "投诉.xlsx",
            xlsx(&headers(), &rows),
        )
        .await;
    let problem = assert_problem(resp, 422).await;
    let problems = problem["problems"].as_array().unwrap();
    let cells: Vec<&str> = problems
        .iter()
        .map(|p| p["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["E3", "D4", "H4"], "{problem}");
    assert_eq!(count(&app, "complaints").await, 0);
    assert_eq!(audit_seq(&app).await, seq, "an audit entry was written");

    let resp = app
        .upload(
            &format!("{IMPORT}/annotated"),
            &app.admin_token,
            "投诉.xlsx",
            xlsx(&headers(), &rows),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-problem-count"], "3");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(resp.bytes().await.unwrap().to_vec())).unwrap();
    let list = book.worksheet_range("问题").unwrap();
    assert_eq!(list.get_value((1, 3)).unwrap().to_string(), "E3");
    assert_eq!(
        count(&app, "complaints").await,
        0,
        "the annotated copy wrote"
    );
}

#[tokio::test]
async fn a_number_naming_another_complaint_or_twice_in_the_file_is_refused() {
    let app = app().await;
    import(&app, "a.csv", csv(&rows())).await;
    let mut changed = rows();
    changed[0][3] = "2023-05-01".into(); // C1 received another day: not the stored complaint
    changed.push(changed[2].clone()); // C3 twice
    let resp = app
        .upload(IMPORT, &app.admin_token, "b.csv", csv(&changed))
        .await;
    let problem = assert_problem(resp, 422).await;
    let cells: Vec<&str> = problem["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["C2", "C5"], "{problem}");
    assert_eq!(count(&app, "complaints").await, 3);
}

#[tokio::test]
async fn only_the_bureau_imports() {
    let app = app().await;
    let company = token(
        &app,
        "company",
        serde_json::json!({"company_id": seed_company(&app).await}),
    )
    .await;
    let resp = app.upload(IMPORT, &company, "a.csv", csv(&rows())).await;
    assert_problem(resp, 403).await;
    let resp = app.get(&format!("{IMPORT}/template"), Some(&company)).await;
    assert_problem(resp, 403).await;
    assert_eq!(count(&app, "complaints").await, 0);
}

async fn seed_company(app: &TestApp) -> String {
    let all = app.get_ok("/api/v1/companies", &app.admin_token).await;
    all["items"][0]["id"]
        .as_str()
        .or_else(|| all[0]["id"].as_str())
        .unwrap()
        .to_owned()
}
