//! Import of on-site evaluation results from the third-party firm's workbook: the template
//! round trip, one bad row writing nothing (with the annotated copy), csv and xlsx alike, a
//! re-import changing nothing, a conflicting re-import refused, and who may import.
//!
//! The file carries the same sheets as `evaluations.rs`, so the expected score is the one
//! worked by hand there from the shipped `rubrics/service-quality.toml`: sheet 1 — 1.1
//! no-guard ×1 (−2), 2.2 broken-light ×3 (−0.5 × 3 = −1.5), 6.2 measured 0.95 (target met,
//! full points) — is 100 − 3.5 = 96.50; sheet 2 — 1.1 no-log ×1 (−1), 6.2 不适用 (its 8 points
//! leave the total: 91 of 92, rescaled to 100) — is 91 × 100 / 92 = 98.913… → 98.91; the
//! visit is their mean (96.50 + 98.91) / 2 = 97.705 → 97.71, 优秀.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{audit_seq, count, project, seed, serve, token};

const IMPORT: &str = "/api/v1/evaluations/import";

/// The template's headers, in its order.
const HEADERS: [&str; 11] = [
    "项目编号",
    "检查日期",
    "检查人员",
    "检查表序号",
    "类型",
    "检查项",
    "问题代码",
    "次数",
    "数值",
    "说明",
    "位置",
];

/// A ledger with project XQ-1 served by 甲物业 since 2023.
pub(crate) async fn app() -> TestApp {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "XQ-1", &l.nanguan, None).await;
    serve(&app, &p, &l.company_a, "2023-01-01", None).await;
    app
}

/// The visit of 2023-05-10, one line per row (columns as [`HEADERS`]).
pub(crate) fn rows() -> Vec<Vec<String>> {
    let r = |cells: [&str; 11]| cells.map(String::from).to_vec();
    vec![
        r([
            "XQ-1",
            "2023-05-10",
            "张三、李四",
            "1",
            "问题",
            "1.1",
            "no-guard",
            "1",
            "",
            "门岗无人",
            "北门",
        ]),
        r([
            "XQ-1",
            "2023-05-10",
            "张三、李四",
            "1",
            "问题",
            "2.2",
            "broken-light",
            "3",
            "",
            "",
            "",
        ]),
        r([
            "XQ-1",
            "2023-05-10",
            "李四",
            "2",
            "问题",
            "1.1",
            "no-log",
            "",
            "",
            "",
            "",
        ]),
        r([
            "XQ-1",
            "2023-05-10",
            "张三",
            "",
            "测量值",
            "6.2",
            "",
            "",
            "0.95",
            "",
            "",
        ]),
        r([
            "XQ-1",
            "2023-05-10",
            "李四",
            "2",
            "不适用",
            "6.2",
            "",
            "",
            "",
            "检查期内无投诉",
            "",
        ]),
    ]
}

/// A workbook of `rows` under `headers`, numbers written as numbers (as Excel keeps them).
fn xlsx(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("现场测评").unwrap();
    for (r, cells) in std::iter::once(headers.to_vec())
        .chain(rows.iter().cloned())
        .enumerate()
    {
        for (c, cell) in cells.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if !cell.contains('-') => ws.write_number(r as u32, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

pub(crate) fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    std::iter::once(HEADERS.map(String::from).to_vec())
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

async fn evaluation(app: &TestApp, id: &str) -> Value {
    let resp = app
        .get(&format!("/api/v1/evaluations/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn the_filled_template_imports_an_accepted_evaluation_with_the_hand_worked_score() {
    let app = app().await;
    let path = "/api/v1/evaluations/import/template?on=2023-05-10";
    let resp = app.get(path, Some(&app.admin_token)).await;
    assert_eq!(resp.status(), 200);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(resp.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range("现场测评").unwrap();
    let heads: Vec<String> = (0..11)
        .map(|c| sheet.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(heads, headers());
    let guide = book.worksheet_range("填写说明").unwrap();
    let codes: Vec<String> = guide
        .rows()
        .map(|r| r.get(3).map_or(String::new(), Data::to_string))
        .collect();
    for code in ["no-guard", "broken-light", "no-log"] {
        assert!(codes.iter().any(|c| c == code), "{code} not in the guide");
    }

    let out = import(&app, "测评.xlsx", xlsx(&heads, &rows())).await;
    assert_eq!(
        (out["rows"].as_u64(), out["created"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(out["import_id"].is_string(), "{out}");
    let e = evaluation(&app, out["evaluation_ids"][0].as_str().unwrap()).await;
    assert_eq!(e["status"]["code"], "accepted");
    assert_eq!(
        e["accepted_on"], "2026-06-15",
        "the objection window runs from the import day"
    );
    assert_eq!(e["score"]["sheets"][0]["total"], "96.50");
    assert_eq!(e["score"]["total"], "97.71");
    assert_eq!(e["score"]["grade"], "优秀");
    assert_eq!(e["company_name"], "甲物业");
    assert_eq!(count(&app, "evaluation_imports").await, 1);
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_entries ORDER BY seq DESC LIMIT 2")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        actions,
        [("evaluation.import".into(),), ("evaluation.create".into(),)]
    );
}

#[tokio::test]
async fn one_bad_row_writes_nothing_and_the_annotated_copy_marks_that_row() {
    let app = app().await;
    let mut rows = rows();
    rows[1][6] = "no-such".into(); // row 3, 问题代码 (G)
    let seq = audit_seq(&app).await;
    let resp = app
        .upload(
            IMPORT,
            &app.admin_token,
            "测评.xlsx",
            xlsx(&headers(), &rows),
        )
        .await;
    let problem = assert_problem(resp, 422).await;
    let problems = problem["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problem}");
    assert_eq!(
        (problems[0]["row"].as_u64(), problems[0]["cell"].as_str()),
        (Some(3), Some("G3"))
    );
    assert_eq!(problems[0]["column"], "问题代码");
    assert_eq!(count(&app, "evaluations").await, 0);
    assert_eq!(count(&app, "evaluation_imports").await, 0);
    assert_eq!(audit_seq(&app).await, seq, "an audit entry was written");

    let resp = app
        .upload(
            &format!("{IMPORT}/annotated"),
            &app.admin_token,
            "测评.xlsx",
            xlsx(&headers(), &rows),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-problem-count"], "1");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(resp.bytes().await.unwrap().to_vec())).unwrap();
    let list = book.worksheet_range("问题").unwrap();
    assert_eq!(list.get_value((1, 3)).unwrap().to_string(), "G3");
    let sheet = book.worksheet_range("现场测评").unwrap();
    assert_eq!(sheet.get_value((2, 6)).unwrap().to_string(), "no-such");
    assert_eq!(
        count(&app, "evaluations").await,
        0,
        "the annotated copy wrote"
    );
}

#[tokio::test]
async fn csv_and_xlsx_import_alike_and_importing_again_changes_nothing() {
    let app = app().await;
    let dry = app
        .upload(
            &format!("{IMPORT}?dry_run=true"),
            &app.admin_token,
            "a.csv",
            csv(&rows()),
        )
        .await;
    assert_eq!(dry.status(), 200);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(
        (dry["dry_run"].as_bool(), dry["created"].as_u64()),
        (Some(true), Some(1))
    );
    assert_eq!(count(&app, "evaluations").await, 0, "the dry run wrote");

    let first = import(&app, "a.csv", csv(&rows())).await;
    assert_eq!(first["created"], 1);
    let id = first["evaluation_ids"][0].clone();
    let before = evaluation(&app, id.as_str().unwrap()).await;
    assert_eq!(before["score"]["total"], "97.71");
    let seq = audit_seq(&app).await;
    for (name, file) in [
        ("a.csv", csv(&rows())),
        ("b.xlsx", xlsx(&headers(), &rows())),
    ] {
        let again = import(&app, name, file).await;
        assert_eq!(
            (again["created"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(1)),
            "{name}"
        );
        assert_eq!(again["evaluation_ids"][0], id);
        assert!(again.get("import_id").is_none(), "{again}");
    }
    assert_eq!(
        audit_seq(&app).await,
        seq,
        "a re-import left an audit entry"
    );
    assert_eq!(count(&app, "evaluations").await, 1);
    assert_eq!(count(&app, "evaluation_imports").await, 1);
    assert_eq!(evaluation(&app, id.as_str().unwrap()).await, before);
}

#[tokio::test]
async fn a_file_with_different_sheets_for_an_imported_visit_is_refused() {
    let app = app().await;
    import(&app, "a.csv", csv(&rows())).await;
    let seq = audit_seq(&app).await;
    let mut changed = rows();
    changed[1][7] = "2".into(); // two broken lights, not three
    let resp = app
        .upload(IMPORT, &app.admin_token, "b.csv", csv(&changed))
        .await;
    let problem = assert_problem(resp, 422).await;
    let problems = problem["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problem}");
    assert_eq!(
        (problems[0]["row"].as_u64(), problems[0]["column"].as_str()),
        (Some(2), Some("检查日期"))
    );
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("该项目该日已有不同的测评")
    );
    assert_eq!(audit_seq(&app).await, seq);
    assert_eq!(count(&app, "evaluation_imports").await, 1);
}

#[tokio::test]
async fn only_the_bureau_imports_results_and_a_visit_nobody_served_is_a_row_problem() {
    let app = app().await;
    let inspector = token(&app, "inspector", json!({})).await;
    assert_problem(
        app.upload(IMPORT, &inspector, "a.csv", csv(&rows())).await,
        403,
    )
    .await;
    let path = "/api/v1/evaluations/import/template?on=2023-05-10";
    assert_problem(app.get(path, Some(&inspector)).await, 403).await;
    assert_eq!(count(&app, "evaluations").await, 0);

    let mut early = rows();
    for r in &mut early {
        r[1] = "2022-12-01".into(); // before the service period and the rubric
    }
    let resp = app
        .upload(IMPORT, &app.admin_token, "a.csv", csv(&early))
        .await;
    let problem = assert_problem(resp, 422).await;
    assert_eq!(problem["problems"][0]["column"], "项目编号", "{problem}");
    assert_eq!(problem["problems"][0]["row"], 2);
}

#[tokio::test]
async fn the_command_line_writes_the_template_and_imports_results() {
    let app = app().await;
    let template = app.dir.path().join("模板.xlsx");
    let out = app.cli(&[
        "evaluation",
        "template",
        template.to_str().unwrap(),
        "--on",
        "2023-05-10",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(std::fs::read(&template).unwrap())).unwrap();
    assert!(book.worksheet_range("填写说明").is_ok());

    let file = app.dir.path().join("测评.csv");
    let mut bad = rows();
    bad[0][4] = "发现".into(); // not a kind
    std::fs::write(&file, csv(&bad)).unwrap();
    let out = app.cli(&["evaluation", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a file with a bad row");
    assert_eq!(count(&app, "evaluations").await, 0);

    std::fs::write(&file, csv(&rows())).unwrap();
    let path = file.to_str().unwrap();
    let out = app.cli(&["evaluation", "import", path, "--accepted-on", "2023-05-20"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 created (accepted on 2023-05-20), 0 drafts accepted, 0 unchanged"),
        "{stdout}"
    );
    assert_eq!(count(&app, "evaluations").await, 1);
}

/// An inspector's submitted evaluation whose sheets the delivered file confirms is accepted by
/// the import (not left waiting as "unchanged"); the import is listed with its counts.
#[tokio::test]
async fn a_matching_draft_is_accepted_by_the_import_and_imports_are_listed() {
    let app = app().await;
    let inspector = token(&app, "inspector", json!({})).await;
    let projects = app.get_ok("/api/v1/projects", &app.admin_token).await;
    let project = projects["items"][0]["id"].as_str().unwrap().to_owned();
    let new = json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["张三"]});
    let resp = app
        .post_json("/api/v1/evaluations", Some(&inspector), &new)
        .await;
    let id = resp.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheets = json!({"version": 1, "inspectors": ["张三"],
        "findings": [{"item": "1.1", "finding": "no-guard"}],
        "measures": [{"item": "6.2", "value": "0.95"}]});
    let resp = app
        .put_json(
            &format!("/api/v1/evaluations/{id}/sheets"),
            Some(&inspector),
            &sheets,
        )
        .await;
    assert_eq!(resp.status(), 200);
    let resp = app
        .post_json(
            &format!("/api/v1/evaluations/{id}/submit"),
            Some(&inspector),
            &json!({"version": 2}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let r = |cells: [&str; 11]| cells.map(String::from).to_vec();
    let rows = vec![
        r([
            "XQ-1",
            "2023-05-10",
            "张三",
            "1",
            "问题",
            "1.1",
            "no-guard",
            "1",
            "",
            "",
            "",
        ]),
        r([
            "XQ-1",
            "2023-05-10",
            "张三",
            "1",
            "测量值",
            "6.2",
            "",
            "",
            "0.95",
            "",
            "",
        ]),
    ];
    let out = import(&app, "a.csv", csv(&rows)).await;
    assert_eq!(
        (
            out["created"].as_u64(),
            out["accepted"].as_u64(),
            out["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(0)),
        "{out}"
    );
    let e = evaluation(&app, &id).await;
    assert_eq!(
        (e["status"]["code"].as_str(), e["accepted_on"].as_str()),
        (Some("accepted"), Some("2026-06-15"))
    );
    let again = import(&app, "a.csv", csv(&rows)).await;
    assert_eq!(
        (again["accepted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    let listed = app
        .get_ok("/api/v1/evaluations/imports", &app.admin_token)
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["rows"], 2);
    let resp = app
        .get("/api/v1/evaluations/imports", Some(&inspector))
        .await;
    assert_problem(resp, 403).await;
}
