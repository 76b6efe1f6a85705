//! An evaluation import may date its acceptance (采纳日期, `accepted_on`): results the firm
//! delivers late count from the day the bureau accepted them, never before a visit nor after
//! today; the company's objection window opens when the acceptance is entered. The file is `evaluation_import`'s (one visit of XQ-1 on 2023-05-10, worked by hand
//! there to 97.71); company 甲物业 serves only XQ-1, so it is rated from the acceptance day on
//! and 未评级 the day before.

use serde_json::Value;

use crate::evaluation_import::{app, csv, rows};
use crate::helpers::{TestApp, assert_problem};
use crate::ledger::fixture::count;

const IMPORT: &str = "/api/v1/evaluations/import";

async fn upload(app: &TestApp, accepted_on: &str) -> reqwest::Response {
    let path = format!("{IMPORT}?accepted_on={accepted_on}");
    app.upload(&path, &app.admin_token, "测评.csv", csv(&rows()))
        .await
}

async fn grade(app: &TestApp, company: &str, day: &str) -> String {
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{company}/credit?as_of={day}"),
            &app.admin_token,
        )
        .await;
    r["grade"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_import_dated_back_counts_from_its_acceptance_day() {
    let app = app().await;
    // After today (the test clock's 2026-06-15): refused, naming the parameter.
    let p = assert_problem(upload(&app, "2026-06-16").await, 422).await;
    assert_eq!(p["errors"][0]["field"], "accepted_on", "{p}");
    // Before the visit: every row of the visit is refused at its date; nothing is written.
    let p = assert_problem(upload(&app, "2023-05-09").await, 422).await;
    let first = &p["problems"][0];
    assert_eq!(first["column"], "检查日期", "{p}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("晚于本次导入的采纳日期 2023-05-09"),
        "{p}"
    );
    assert_eq!(count(&app, "evaluations").await, 0);
    // Accepted on 2023-05-20: the evaluation says so and counts from that day.
    let resp = upload(&app, "2023-05-20").await;
    assert_eq!(resp.status(), 200);
    let outcome: Value = resp.json().await.unwrap();
    assert_eq!(outcome["accepted_on"], "2023-05-20", "{outcome}");
    let id = outcome["evaluation_ids"][0].as_str().unwrap();
    let e = app
        .get_ok(&format!("/api/v1/evaluations/{id}"), &app.admin_token)
        .await;
    assert_eq!(e["accepted_on"], "2023-05-20", "{e}");
    // The company could not see it before today: its 5-day window runs from today, the day
    // the acceptance was entered (2026-06-15 + 5), not from the date it bears.
    assert_eq!(e["objection_until"], "2026-06-20", "{e}");
    let company = e["company_id"].as_str().unwrap();
    assert_eq!(grade(&app, company, "2023-05-19").await, "未评级");
    assert_ne!(grade(&app, company, "2023-05-20").await, "未评级");
}

#[tokio::test]
async fn a_measure_in_a_file_keeps_the_rule_of_one_typed_in() {
    // 30 decimals: refused at its cell (as `PUT …/sheets` refuses it), never rounded.
    let app = app().await;
    let mut rows = rows();
    rows[3][8] = "0.955555555555555555555555555555".into(); // row 5, 数值 (I)
    let resp = app
        .upload(IMPORT, &app.admin_token, "测评.csv", csv(&rows))
        .await;
    let p = assert_problem(resp, 422).await;
    assert_eq!(p["problems"][0]["cell"], "I5", "{p}");
    assert!(
        p["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("最多 6 位"),
        "{p}"
    );
    assert_eq!(count(&app, "evaluations").await, 0);
}

#[tokio::test]
async fn a_share_typed_as_a_percentage_is_refused_at_its_cell() {
    // 6.2 is measured as a share: 95 is refused at the 数值 cell with the share it means.
    let app = app().await;
    let mut rows = rows();
    rows[3][8] = "95".into(); // row 5, 数值 (I)
    let resp = app
        .upload(IMPORT, &app.admin_token, "测评.csv", csv(&rows))
        .await;
    let p = assert_problem(resp, 422).await;
    let problems = p["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{p}");
    assert_eq!(problems[0]["cell"], "I5", "{p}");
    assert!(
        problems[0]["message"].as_str().unwrap().contains("0.95"),
        "{p}"
    );
}
