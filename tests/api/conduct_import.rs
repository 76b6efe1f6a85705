//! Import of conduct records (信用记录) from a workbook: the template round trip, csv and xlsx
//! alike, a re-import changing nothing, one bad row writing nothing (with the annotated copy),
//! a number naming another record refused, and who may import. Points and windows by hand from
//! the shipped `credit.toml`: 一般不良行为 −6 for 12 months, 获得县级物业管理表彰 +3.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{Ledger, audit_seq, count, seed, token};

const IMPORT: &str = "/api/v1/conduct-records/import";

const HEADERS: [&str; 9] = [
    "企业",
    "记录类型",
    "记录日期",
    "文号",
    "发文机关",
    "分值",
    "有效期至",
    "整改期限",
    "备注",
];

async fn app() -> (TestApp, Ledger, String) {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-07-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let b = app
        .get_ok(
            &format!("/api/v1/companies/{}", l.company_b),
            &app.admin_token,
        )
        .await;
    let code = b["credit_code"].as_str().unwrap().to_owned();
    (app, l, code)
}

/// A's moderate record by name, typed points; B's county award by credit code, by kind code.
fn rows(b_code: &str) -> Vec<Vec<String>> {
    let r = |cells: [&str; 9]| cells.map(String::from).to_vec();
    vec![
        r([
            "甲物业",
            "一般不良行为",
            "2023-06-01",
            "濉住建〔2023〕31号",
            "濉溪县住房和城乡建设局",
            "-6",
            "",
            "2023-06-30",
            "消防通道堵塞",
        ]),
        r([
            b_code,
            "award-county",
            "2023-05-01",
            "濉政〔2023〕8号",
            "濉溪县人民政府",
            "",
            "",
            "",
            "",
        ]),
    ]
}

fn headers() -> Vec<String> {
    HEADERS.map(String::from).to_vec()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("信用记录").unwrap();
    for (r, cells) in std::iter::once(headers())
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

async fn import(app: &TestApp, name: &str, file: Vec<u8>) -> Value {
    let resp = app.send_file(IMPORT, &app.admin_token, name, file).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn the_filled_template_imports_and_importing_again_changes_nothing() {
    let (app, l, b_code) = app().await;
    let resp = app
        .get(
            &format!("{IMPORT}/template?on=2023-06-01"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(resp.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range("信用记录").unwrap();
    let heads: Vec<String> = (0..9)
        .map(|c| sheet.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(heads, headers());
    let guide = book.worksheet_range("填写说明").unwrap();
    let codes: Vec<String> = guide
        .rows()
        .map(|r| r.get(1).map_or(String::new(), Data::to_string))
        .collect();
    for code in ["moderate", "award-county", "fund-misuse"] {
        assert!(codes.iter().any(|c| c == code), "{code} not in the guide");
    }
    let out = import(&app, "记录.xlsx", xlsx(&rows(&b_code))).await;
    assert_eq!(
        (out["rows"].as_u64(), out["created"].as_u64()),
        (Some(2), Some(2)),
        "{out}"
    );
    let a = app
        .get_ok(
            &format!("/api/v1/companies/{}/conduct-records", l.company_a),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        (
            a[0]["points"].as_str(),
            a[0]["valid_until"].as_str(),
            a[0]["rectify_by"].as_str()
        ),
        (Some("-6"), Some("2024-05-31"), Some("2023-06-30"))
    );
    let b = app
        .get_ok(
            &format!("/api/v1/companies/{}/conduct-records", l.company_b),
            &app.admin_token,
        )
        .await;
    assert_eq!(b[0]["kind"]["label"], "获得县级物业管理表彰");
    let seq = audit_seq(&app).await;
    for (name, file) in [
        ("a.csv", csv(&rows(&b_code))),
        ("b.xlsx", xlsx(&rows(&b_code))),
    ] {
        let again = import(&app, name, file).await;
        assert_eq!(
            (again["created"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(2)),
            "{name}"
        );
    }
    assert_eq!(
        audit_seq(&app).await,
        seq,
        "a re-import left an audit entry"
    );
    assert_eq!(count(&app, "conduct_records").await, 2);
}

#[tokio::test]
async fn one_bad_row_writes_nothing_and_a_changed_record_is_refused() {
    let (app, l, b_code) = app().await;
    let mut bad = rows(&b_code);
    bad[0][5] = "-5".into(); // F2: not the kind's points
    bad[1][0] = "丙物业".into(); // A3: no such company
    let resp = app
        .upload(IMPORT, &app.admin_token, "a.xlsx", xlsx(&bad))
        .await;
    let problem = assert_problem(resp, 422).await;
    let cells: Vec<&str> = problem["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["F2", "A3"], "{problem}");
    assert_eq!(count(&app, "conduct_records").await, 0);
    let resp = app
        .upload(
            &format!("{IMPORT}/annotated"),
            &app.admin_token,
            "a.xlsx",
            xlsx(&bad),
        )
        .await;
    assert_eq!(resp.headers()["x-problem-count"], "2");
    assert_eq!(count(&app, "conduct_records").await, 0);
    import(&app, "a.csv", csv(&rows(&b_code))).await;
    let mut changed = rows(&b_code);
    changed[0][2] = "2023-06-02".into(); // the same number, another day
    let resp = app
        .upload(IMPORT, &app.admin_token, "b.csv", csv(&changed))
        .await;
    let problem = assert_problem(resp, 422).await;
    assert_eq!(problem["problems"][0]["cell"], "D2", "{problem}");
    let company = token(&app, "company", json!({"company_id": l.company_a})).await;
    assert_problem(
        app.upload(IMPORT, &company, "a.csv", csv(&rows(&b_code)))
            .await,
        403,
    )
    .await;
}
