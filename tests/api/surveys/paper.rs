//! Paper surveys (入户调查): the import goes through the online answers' rules, all or nothing,
//! with the annotated copy; its template; csv and xlsx; a file imported once; the CLI.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::Value;

use super::index::ROWS;
use super::{QS, batch, round, survey, varied};
use crate::helpers::{TestApp, assert_problem, migration_applied, unapply_last_migration};
use crate::ledger::fixture::{audit_seq, count, token};

/// The header row as the template writes it (question columns by code alone are accepted too).
fn headers() -> Vec<String> {
    let mut h: Vec<String> = ["邀请码", "调查日期", "调查员"].map(String::from).to_vec();
    h.extend(QS.iter().map(|q| q.to_string()));
    h.push("意见建议".into());
    h
}

/// A sheet row: the code, the test clock's day, the surveyor, option codes (1 = 非常满意).
fn row(code: &str, surveyor: &str, positions: &[usize; 10]) -> Vec<String> {
    let mut r = vec![code.to_owned(), "2026-06-15".into(), surveyor.to_owned()];
    r.extend(positions.iter().map(|p| (p + 1).to_string()));
    r.push(String::new());
    r
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("纸质问卷").unwrap();
    for (r, cells) in std::iter::once(headers())
        .chain(rows.iter().cloned())
        .enumerate()
    {
        for (c, cell) in cells.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, cell).unwrap(),
            };
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

async fn import(app: &TestApp, round: &str, name: &str, file: Vec<u8>) -> reqwest::Response {
    let path = format!("/api/v1/surveys/{round}/paper/import");
    app.send_file(&path, &app.admin_token, name, file).await
}

async fn spent(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM survey_codes WHERE spent = 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn paper_sheets_count_in_the_index_exactly_as_the_same_answers_online() {
    let s = survey(&[("P1", 40), ("P2", 40)], 10).await;
    let paper_codes = batch(&s.app, &s.round, &s.projects[1], 10).await;
    for (r, code) in ROWS.iter().zip(&s.codes) {
        assert_eq!(
            s.submit(&super::answers(code, &r.map(Some), 300))
                .await
                .status(),
            StatusCode::OK
        );
    }
    let surveyor = |i: usize| {
        if i.is_multiple_of(2) {
            "王五"
        } else {
            "赵六"
        }
    };
    let rows: Vec<Vec<String>> = ROWS
        .iter()
        .zip(&paper_codes)
        .enumerate()
        .map(|(i, (r, code))| row(code, surveyor(i), r))
        .collect();
    let resp = import(&s.app, &s.round, "入户.xlsx", xlsx(&rows)).await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let report: Value = resp.json().await.unwrap();
    assert_eq!(report["sheets"], 8, "{report}");
    assert_eq!(report["valid"], 8);
    assert_eq!(report["surveyors"], serde_json::json!(["王五", "赵六"]));
    // The same answers on paper and online give the same index (73.75: see `index.rs`).
    let online = s.index(&format!("project:{}", s.projects[0])).await;
    let paper = s.index(&format!("project:{}", s.projects[1])).await;
    assert_eq!(paper["total"]["index"]["index"], "73.75", "{paper}");
    assert_eq!(paper["total"]["index"], online["total"]["index"]);
    // Channel kept; no timing, no receipt; the surveyors only on the import record.
    let (n, untimed, receipts): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN seconds IS NULL THEN 1 ELSE 0 END), COUNT(receipt_hash) \
         FROM survey_responses WHERE channel = 'paper'",
    )
    .fetch_one(&s.app.state.db.pool)
    .await
    .unwrap();
    assert_eq!((n, untimed, receipts), (8, 8, 0));
    let (surveyors,): (String,) = sqlx::query_as("SELECT surveyors FROM survey_paper_imports")
        .fetch_one(&s.app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(surveyors, r#"["王五","赵六"]"#);
    // Audited as the admin's doing: the import, and the answers it added (8, all valid).
    let entries: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT action, actor_role, after_json FROM audit_entries \
         WHERE action IN ('survey_paper.import', 'survey_response.accept') \
         AND actor_role <> 'resident' ORDER BY seq",
    )
    .fetch_all(&s.app.state.db.pool)
    .await
    .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        actions,
        ["survey_response.accept", "survey_paper.import"],
        "{entries:?}"
    );
    assert!(entries.iter().all(|e| e.1 == "admin"), "{entries:?}");
    assert_eq!(entries[0].2.as_deref(), Some(r#"{"accepted":8,"valid":8}"#));
    let out = s.app.cli(&["survey", "verify", &s.round]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test]
async fn a_paper_import_with_one_bad_row_writes_nothing_and_annotates_that_row() {
    let s = survey(&[("P1", 100)], 10).await;
    let mut rows: Vec<Vec<String>> = (0..3).map(|i| row(&s.codes[i], "王五", &ROWS[i])).collect();
    rows[1][4] = "7".into(); // A2 on row 3: not an option
    let seq = audit_seq(&s.app).await;
    let resp = import(&s.app, &s.round, "入户.xlsx", xlsx(&rows)).await;
    let problem = assert_problem(resp, 422).await;
    let problems = problem["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problem}");
    assert_eq!(problems[0]["row"], 3);
    assert_eq!(problems[0]["cell"], "E3");
    assert_eq!(problems[0]["column"], "A2");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("1=非常满意")
    );
    assert_eq!(count(&s.app, "survey_responses").await, 0);
    assert_eq!(count(&s.app, "survey_stats").await, 0);
    assert_eq!(count(&s.app, "survey_paper_imports").await, 0);
    assert_eq!(spent(&s.app).await, 0);
    assert_eq!(audit_seq(&s.app).await, seq, "an audit entry was written");

    let path = format!("/api/v1/surveys/{}/paper/import/annotated", s.round);
    let resp = s
        .app
        .upload(&path, &s.app.admin_token, "入户.xlsx", xlsx(&rows))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-problem-count"], "1");
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let list = book.worksheet_range("问题").unwrap();
    assert_eq!(list.height(), 2);
    assert_eq!(list.get_value((1, 3)).unwrap().to_string(), "E3");
    let sheet = book.worksheet_range("纸质问卷").unwrap();
    assert_eq!(sheet.get_value((2, 4)).unwrap().to_string(), "7");
    assert_eq!(spent(&s.app).await, 0, "the annotated copy wrote");
    // The same rows as a raw `text/csv` body: the copy is still a workbook, served as one.
    let resp = s
        .app
        .post_raw(&path, &s.app.admin_token, "text/csv", csv(&rows))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], kaoping::api::xlsx::XLSX);
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    assert_eq!(resp.headers()["x-problem-count"], "1");
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.worksheet_range("问题").unwrap().height(), 2);
}

#[tokio::test]
async fn used_codes_other_rounds_codes_and_repeated_codes_are_refused_on_their_rows() {
    let s = survey(&[("P1", 100)], 10).await;
    assert_eq!(
        s.submit(&varied(&s.codes[0])).await.status(),
        StatusCode::OK
    );
    let other = round(&s.app, "第二轮", &s.projects).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let foreign = batch(&s.app, &other, &s.projects[0], 10).await;
    let rows = vec![
        row(&s.codes[0], "王五", &ROWS[0]),
        row(&foreign[0], "王五", &ROWS[1]),
        row(&s.codes[1], "王五", &ROWS[2]),
        row(&s.codes[1].to_lowercase(), "王五", &ROWS[3]),
        row(&s.codes[2], "", &ROWS[4]),
    ];
    let resp = import(&s.app, &s.round, "入户.csv", csv(&rows)).await;
    let problem = assert_problem(resp, 422).await;
    let found: Vec<(u64, String, String)> = problem["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let m = p["message"].as_str().unwrap();
            (
                p["row"].as_u64().unwrap(),
                p["cell"].as_str().unwrap().to_owned(),
                m.to_owned(),
            )
        })
        .collect();
    let at = |row: u64| found.iter().find(|f| f.0 == row).unwrap();
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(at(2).2.contains("已使用") && at(2).1 == "A2", "{found:?}");
    assert!(at(3).2.contains("不属于本轮"), "{found:?}");
    assert!(at(5).2.contains("重复"), "{found:?}");
    assert_eq!(at(6).1, "C6", "surveyor required: {found:?}");
    assert_eq!(spent(&s.app).await, 1, "only the online answer's code");
}

#[tokio::test]
async fn csv_and_xlsx_import_alike_and_the_same_file_twice_is_refused() {
    let s = survey(&[("P1", 100)], 10).await;
    let file = csv(&[row(&s.codes[0], "王五", &ROWS[0])]);
    let resp = import(&s.app, &s.round, "a.csv", file.clone()).await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let again = import(&s.app, &s.round, "a.csv", file).await;
    let problem = assert_problem(again, 409).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("重复导入"),
        "{problem}"
    );
    let dry = format!("/api/v1/surveys/{}/paper/import?dry_run=true", s.round);
    let file = xlsx(&[row(&s.codes[1], "赵六", &ROWS[1])]);
    let report: Value = s
        .app
        .upload(&dry, &s.app.admin_token, "b.xlsx", file.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (report["dry_run"].clone(), report["sheets"].clone()),
        (true.into(), 1.into())
    );
    assert_eq!(spent(&s.app).await, 1, "the dry run wrote");
    assert_eq!(import(&s.app, &s.round, "b.xlsx", file).await.status(), 200);
    assert_eq!(count(&s.app, "survey_responses").await, 2);
    assert_eq!(count(&s.app, "survey_paper_imports").await, 2);
}

#[tokio::test]
async fn the_template_has_the_rounds_questions_and_only_the_admin_manages_paper() {
    let s = survey(&[("P1", 100)], 10).await;
    let path = format!("/api/v1/surveys/{}/paper/template.xlsx", s.round);
    let resp = s.app.get(&path, Some(&s.app.admin_token)).await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("纸质问卷").unwrap();
    let heads: Vec<String> = (0..14)
        .map(|c| sheet.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(heads[..3], ["邀请码", "调查日期", "调查员"]);
    assert_eq!(heads[3], "A1 您对物业服务人员的服务态度是否满意？");
    assert_eq!(heads[13], "意见建议");
    let guide = book.worksheet_range("填写说明").unwrap();
    assert!(
        guide
            .get_value((2, 0))
            .unwrap()
            .to_string()
            .contains("1=非常满意")
    );

    let inspector = token(&s.app, "inspector", serde_json::json!({})).await;
    assert_problem(s.app.get(&path, Some(&inspector)).await, 403).await;
    let import_path = format!("/api/v1/surveys/{}/paper/import", s.round);
    let file = csv(&[row(&s.codes[0], "王五", &ROWS[0])]);
    assert_problem(
        s.app.upload(&import_path, &inspector, "a.csv", file).await,
        403,
    )
    .await;
    assert_eq!(count(&s.app, "survey_responses").await, 0);
}

#[tokio::test]
async fn the_command_line_imports_paper_and_verify_never_migrates() {
    let s = survey(&[("P1", 100)], 10).await;
    // The command line reads the system clock: a round still open whenever the test runs.
    let body = serde_json::json!({"name": "长期轮次", "rubric_id": "satisfaction",
        "rubric_version": 1, "opens_at": "2026-06-15T08:00", "closes_at": "2099-12-31",
        "project_ids": s.projects});
    let open = s.app.admin_post("/api/v1/surveys", body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let codes = batch(&s.app, &open, &s.projects[0], 10).await;
    let file = s.app.dir.path().join("入户.csv");
    std::fs::write(&file, csv(&[row(&codes[0], "王五", &ROWS[0])])).unwrap();
    let path = file.to_str().unwrap();
    let out = s.app.cli(&["survey", "paper-import", &open, path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("imported 1 paper sheets (1 valid)"),
        "{stdout}"
    );
    let out = s.app.cli(&["survey", "paper-import", &open, path]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a second import of the same file"
    );

    // `survey verify` opens the database read-only: a missing migration is reported, not run.
    let last = unapply_last_migration(&s.app).await;
    let out = s.app.cli(&["survey", "verify", &s.round]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not migrated"), "{stderr}");
    assert!(
        !migration_applied(&s.app, last).await,
        "verify applied a migration"
    );
}
