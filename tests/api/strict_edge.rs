//! Strict at the edge: 405 carries `Allow`, bad path parameters are named, malformed
//! `Authorization` headers are problems, JSON bodies are strict (no trailing data, no repeated
//! keys), messages are Chinese and name the field, numbers are never silently changed, the
//! ledger import takes a raw body up to the upload limit, and `audit verify` only reads.

use reqwest::Response;
use serde_json::{Value, json};

use crate::assessment_support::world;
use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{self, project_json};

async fn raw_post(app: &TestApp, path: &str, body: &'static str) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

fn first_error(body: &Value) -> (String, String) {
    (
        body["errors"][0]["field"]
            .as_str()
            .unwrap_or_default()
            .into(),
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .into(),
    )
}

/// No raw serde or poem English reaches a client.
fn assert_no_raw_english(body: &Value) {
    let text = body.to_string();
    for raw in [
        "missing field `",
        "invalid type: ",
        "unknown field `",
        "unknown variant `",
        "expected newtype variant",
        "failed to parse",
        "param0",
        "param1",
    ] {
        assert!(!text.contains(raw), "raw text {raw:?} in {body}");
    }
}

#[tokio::test]
async fn method_not_allowed_lists_the_allowed_methods() {
    let app = spawn_app().await;
    let resp = app.client.delete(app.url("/healthz")).send().await.unwrap();
    assert_eq!(resp.headers()["allow"], "GET, HEAD");
    assert_problem(resp, 405).await;
    let resp = app
        .client
        .patch(app.url("/api/v1/projects/some-id"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["allow"], "GET, HEAD, PUT");
    assert_problem(resp, 405).await;
    let resp = app
        .client
        .get(app.url("/api/v1/ledger/import"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["allow"], "POST");
    let body = assert_problem(resp, 405).await;
    assert_eq!(body["type"], "/problems/method-not-allowed");
    // The spec and the docs are read-only too.
    for path in ["/openapi.json", "/docs"] {
        let resp = app.client.post(app.url(path)).send().await.unwrap();
        assert_eq!(resp.headers()["allow"], "GET, HEAD", "{path}");
        assert_problem(resp, 405).await;
        assert_eq!(app.get(path, None).await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn a_bad_path_parameter_is_named_by_its_name() {
    let app = spawn_app().await;
    let resp = app
        .get(
            "/api/v1/rubrics/unit-assessment-2023/abc",
            Some(&app.admin_token),
        )
        .await;
    let body = assert_problem(resp, 400).await;
    let (field, message) = first_error(&body);
    assert_eq!(field, "version", "{body}");
    assert!(message.contains("应为整数"), "{body}");
    assert_no_raw_english(&body);
    let resp = app
        .post_json(
            "/api/v1/rubrics/credit/99999999999/dry-run",
            Some(&app.admin_token),
            &json!({}),
        )
        .await;
    let body = assert_problem(resp, 400).await;
    assert_eq!(first_error(&body).0, "version", "{body}");
    // Query parameters too, in Chinese.
    let resp = app
        .get("/api/v1/projects?page=abc", Some(&app.admin_token))
        .await;
    let body = assert_problem(resp, 400).await;
    assert_eq!(first_error(&body).0, "page", "{body}");
    assert_no_raw_english(&body);
}

#[tokio::test]
async fn malformed_authorization_headers_are_problems() {
    let app = spawn_app().await;
    let url = app.url("/api/v1/tokens");
    let cases: Vec<(Vec<reqwest::header::HeaderValue>, u16)> = vec![
        (vec![], 401),
        (vec!["Basic YTpi".parse().unwrap()], 401),
        (vec!["Bearer".parse().unwrap()], 401),
        (vec!["Bearer    ".parse().unwrap()], 401),
        (vec!["Bearer a b".parse().unwrap()], 401),
        (vec!["Bearer not-a-token".parse().unwrap()], 401),
        (
            vec![reqwest::header::HeaderValue::from_bytes(b"Bearer \xe4\xb8\xad").unwrap()],
            400,
        ),
        (
            vec![
                format!("Bearer {}", app.admin_token).parse().unwrap(),
                format!("Bearer {}", app.admin_token).parse().unwrap(),
            ],
            400,
        ),
    ];
    for (values, status) in cases {
        let mut req = app.client.get(&url);
        for v in &values {
            req = req.header(reqwest::header::AUTHORIZATION, v.clone());
        }
        let resp = req.send().await.unwrap();
        let body = assert_problem(resp, status).await;
        assert_eq!(first_error(&body).0, "Authorization", "{values:?}: {body}");
        assert!(!first_error(&body).1.is_ascii(), "{body}");
    }
    // A well-formed header still works, with any case of the scheme.
    let resp = app
        .client
        .get(&url)
        .header("authorization", format!("bearer {}", app.admin_token))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn trailing_data_after_the_json_value_is_refused() {
    let app = spawn_app().await;
    for body in [
        r#"{"name": "a", "role": "admin"} x"#,
        "{} {}",
        r#"{"name": "a", "role": "admin"}}"#,
    ] {
        let resp = raw_post(&app, "/api/v1/tokens", body).await;
        let problem = assert_problem(resp, 400).await;
        let (field, message) = first_error(&problem);
        assert_eq!(field, "body", "{problem}");
        assert!(message.contains("多余内容"), "{problem}");
    }
    // Nothing was created.
    let list = app.get_ok("/api/v1/tokens", &app.admin_token).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}

#[tokio::test]
async fn duplicate_keys_are_refused_naming_the_key() {
    let app = spawn_app().await;
    let resp = raw_post(
        &app,
        "/api/v1/tokens",
        r#"{"name": "a", "name": "b", "role": "admin"}"#,
    )
    .await;
    let body = assert_problem(resp, 422).await;
    let (field, message) = first_error(&body);
    assert_eq!(field, "name", "{body}");
    assert!(message.contains("重复"), "{body}");
    // Nested, inside a free-form value.
    let resp = raw_post(
        &app,
        "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
        r#"{"subject": "s", "items": {"2.2": {"points": "1", "points": "2"}}}"#,
    )
    .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(first_error(&body).0, "items.2.2.points", "{body}");
}

#[tokio::test]
async fn schema_breaks_are_422_in_chinese_naming_the_field() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // A missing field is named by its own name.
    let resp = app
        .post_json(
            &format!("/api/v1/periods/{}/units/{}/appeals", w.period, w.u1),
            Some(&w.unit1),
            &json!({"item_code": "2.2"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    let (field, message) = first_error(&body);
    assert_eq!(field, "reason", "{body}");
    assert!(message.contains("缺少必填字段"), "{body}");
    assert_no_raw_english(&body);
    // Inside an item's input, with the item's path.
    let path = format!(
        "/api/v1/periods/{}/units/{}/self-assessment",
        w.period, w.u1
    );
    for (input, field) in [
        (json!("points"), "items.2.2.input"),
        (
            json!({"not_applicable": {}}),
            "items.2.2.input.not_applicable.reason",
        ),
        (json!({"points": true}), "items.2.2.input.points"),
        (json!({"pointz": "1"}), "items.2.2.input"),
    ] {
        let resp = app
            .put_as(
                &path,
                &w.unit1,
                &json!({"version": 0, "items": {"2.2": {"input": input}}}),
            )
            .await;
        let body = assert_problem(resp, 422).await;
        assert!(
            first_error(&body).0.starts_with(field),
            "{input}: {field} vs {body}"
        );
        assert_no_raw_english(&body);
    }
    // An unknown method input lists the allowed ones.
    let resp = app
        .put_as(
            &path,
            &w.unit1,
            &json!({"version": 0, "items": {"2.2": {"input": {"pointz": "1"}}}}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert!(first_error(&body).1.contains("points、"), "{body}");
    // A wrong type names the field.
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": "x", "role": "admin", "unit_id": ["u"]}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(first_error(&body).0, "unit_id", "{body}");
    assert_no_raw_english(&body);
    // Not JSON at all stays 400.
    let resp = raw_post(&app, "/api/v1/tokens", "name=x").await;
    assert_problem(resp, 400).await;
}

async fn ledger_project(app: &TestApp) -> (String, Value) {
    let ledger = fixture::seed(app).await;
    (
        ledger.nanguan.clone(),
        project_json("SX-9", &ledger.nanguan, None),
    )
}

#[tokio::test]
async fn decimals_are_refused_not_rounded() {
    let app = spawn_app().await;
    let (_, mut project) = ledger_project(&app).await;
    for (key, value) in [
        ("floor_area", json!("1.000000000000000000000000000001")),
        ("floor_area", json!("100.001")),
        ("floor_area", json!("79228162514264337593543950335")),
        ("floor_area", json!(-1)),
        ("fee_standard", json!("3.50000000000000000000000000001")),
        ("fee_standard", json!("0.00001")),
    ] {
        let mut body = project.clone();
        body[key] = value.clone();
        let resp = app
            .post_json("/api/v1/projects", Some(&app.admin_token), &body)
            .await;
        let problem = assert_problem(resp, 422).await;
        assert_eq!(first_error(&problem).0, key, "{value}: {problem}");
    }
    // A JSON number with more digits than it can carry is refused before it is read.
    let text = r#"{"floor_area": 1.000000000000000000000000000001}"#;
    let resp = raw_post(&app, "/api/v1/projects", text).await;
    let problem = assert_problem(resp, 422).await;
    assert_eq!(first_error(&problem).0, "floor_area", "{problem}");
    // Exact values within bounds are kept exactly, as strings or numbers.
    project["floor_area"] = json!("12345.60");
    project["fee_standard"] = json!(1.25);
    let created = app.admin_post("/api/v1/projects", project).await;
    assert_eq!(created["floor_area"], "12345.6");
    assert_eq!(created["fee_standard"], "1.25");
}

#[tokio::test]
async fn scores_and_measurements_are_refused_not_rounded() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-06-30", "reason": "测试"}),
    )
    .await;
    let path = format!(
        "/api/v1/periods/{}/units/{}/self-assessment",
        w.period, w.u1
    );
    for (code, input, field) in [
        (
            "2.2",
            json!({"points": "3.50000000000000000000000000001"}),
            "items.2.2.input.points",
        ),
        (
            "2.2",
            json!({"points": "1.000000000000000000000000000001"}),
            "items.2.2.input.points",
        ),
        (
            "2.3",
            json!({"measured": "79228162514264337593543950335"}),
            "items.2.3.input.measured",
        ),
        (
            "2.1",
            json!({"index": "100.00001"}),
            "items.2.1.input.index",
        ),
    ] {
        let resp = app
            .put_as(
                &path,
                &w.unit1,
                &json!({"version": 0, "items": {code: {"input": input}}}),
            )
            .await;
        let body = assert_problem(resp, 422).await;
        assert_eq!(first_error(&body).0, field, "{input}: {body}");
    }
    // A dry run's numbers too.
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &json!({"subject": "s", "items": {"2.2": {"points": "3.50000000000000000000000000001"}}}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(first_error(&body).0, "items.2.2.points", "{body}");
    let resp = app
        .post_json(
            "/api/v1/rubrics/credit/1/dry-run",
            Some(&app.admin_token),
            &json!({"company": "c", "as_of": "2023-12-31", "records": [],
                    "projects": [{"project": "p", "quality": "90.000000000000000000000000001", "floor_area": "100"}]}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(first_error(&body).0, "projects[0].quality", "{body}");
}

/// A workbook of about `bytes` bytes: one company row, and a notes sheet of text that does
/// not compress (which the import ignores).
fn big_workbook(bytes: usize) -> Vec<u8> {
    use kaoping::sheet::columns::COMPANY_COLUMNS;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("物业企业").unwrap();
    let row = fixture::company_row(7, "大文件物业", "是");
    for (c, col) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, col.header).unwrap();
        ws.write_string(1, c as u16, &row[c]).unwrap();
    }
    let notes = wb.add_worksheet();
    notes.set_name("备注").unwrap();
    let alphabet: Vec<char> = ('A'..='Z').chain('a'..='z').chain('0'..='9').collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        alphabet[(state % alphabet.len() as u64) as usize]
    };
    // About 5.95 bits of entropy a character: the packed size is about 3/4 of the text.
    let cells = bytes * 4 / 3 / 30_000 + 1;
    for r in 0..cells {
        let text: String = (0..30_000).map(|_| next()).collect();
        notes.write_string(r as u32, 0, &text).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test]
async fn the_ledger_import_takes_a_raw_body_up_to_the_upload_limit() {
    let app = spawn_app().await;
    let file = big_workbook(2 << 20);
    let json_limit = app.state.settings.json_body_limit as usize;
    assert!(
        file.len() > json_limit * 2 && file.len() < app.state.settings.upload_limit as usize,
        "{} bytes",
        file.len()
    );
    let resp = app
        .client
        .post(app.url("/api/v1/ledger/import?dry_run=true"))
        .bearer_auth(&app.admin_token)
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(file.clone())
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["companies"]["created"], 1, "{body}");
    // The annotated copy takes it raw too; a JSON body stays held to the JSON limit.
    let resp = app
        .client
        .post(app.url("/api/v1/ledger/import/annotated"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/octet-stream")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let big = format!(
        r#"{{"name": "{}", "role": "admin"}}"#,
        "x".repeat(json_limit)
    );
    let resp = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_problem(resp, 413).await;
}

/// Runs `kaoping audit verify` against `database_url`.
fn verify_against(app: &TestApp, database_url: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["audit", "verify"])
        .current_dir(app.dir.path())
        .env("KAOPING_DATABASE_URL", database_url)
        .env("KAOPING_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn audit_verify_only_reads_and_never_migrates() {
    let app = spawn_app().await;
    // A database with a migration missing is reported, not migrated.
    let last = crate::helpers::unapply_last_migration(&app).await;
    let out = app.cli(&["audit", "verify"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not migrated"), "{stderr}");
    assert!(
        !crate::helpers::migration_applied(&app, last).await,
        "verify applied a migration"
    );
    // On SQLite: a database that does not exist is not created, and an empty one is left empty.
    if app.database_url.starts_with("sqlite:") {
        let missing = app.dir.path().join("nowhere").join("kaoping.db");
        let out = verify_against(&app, &format!("sqlite://{}", missing.display()));
        assert_eq!(out.status.code(), Some(2));
        assert!(!missing.exists() && !missing.parent().unwrap().exists());
        let empty = app.dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let out = verify_against(&app, &format!("sqlite://{}?mode=rwc", empty.display()));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("not migrated"), "{stderr}");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "verify wrote");
    }
}

#[tokio::test]
async fn sheet_rows_are_checked_by_the_records_declared_rules_naming_the_column() {
    let app = spawn_app().await;
    let ledger = fixture::seed(&app).await;
    let mut row = fixture::project_row("SX-1", "濉溪镇", "南关社区", 1);
    row[1] = " ".into(); // 项目名称
    row[6] = "many".into(); // 户数
    row[7] = "100.001".into(); // 建筑面积
    row[10] = "91350100M000100Y44".into(); // 企业信用代码
    row[12] = "2023-02-30".into(); // 服务结束日期
    let csv = fixture::project_csv(&[row]);
    let resp = app
        .upload(
            "/api/v1/ledger/import",
            &app.admin_token,
            "p.csv",
            csv.into_bytes(),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    let problems = body["problems"].as_array().unwrap();
    let columns: Vec<&str> = problems
        .iter()
        .map(|p| p["column"].as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        [
            "项目名称",
            "户数",
            "建筑面积（平方米）",
            "物业服务企业统一社会信用代码",
            "服务结束日期"
        ],
        "{body}"
    );
    for p in problems {
        assert!(!p["message"].as_str().unwrap().is_ascii(), "{p}");
    }
    // The JSON edge fills the same record and gets the same message for the same value.
    let sheet_message = problems[2]["message"].as_str().unwrap().to_owned();
    let mut project = project_json("SX-2", &ledger.nanguan, None);
    project["floor_area"] = json!("100.001");
    let resp = app
        .post_json("/api/v1/projects", Some(&app.admin_token), &project)
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(first_error(&body), ("floor_area".into(), sheet_message));
}

#[tokio::test]
async fn the_command_line_checks_its_declared_rules_before_opening_anything() {
    let app = spawn_app().await;
    let long = "u".repeat(65);
    let out = app.cli(&[
        "token", "create", "--role", "root", "--name", "  ", "--unit", &long,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with("--role: \"root\" 不是有效的角色"),
        "{stderr}"
    );
    assert!(lines[1].starts_with("--name: 不能为空"), "{stderr}");
    assert!(lines[2].starts_with("--unit: 长度为 65 个字符"), "{stderr}");
    let list = app.get_ok("/api/v1/tokens", &app.admin_token).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    // The same rules answer the same way over HTTP.
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"role": "root", "name": "  "}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    let name = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "name")
        .unwrap();
    assert!(
        name["message"].as_str().unwrap().starts_with("不能为空"),
        "{body}"
    );
}

#[tokio::test]
async fn an_array_is_not_read_as_an_object_by_position() {
    // serde would read `["a", "admin"]` as {name, role}; a client never means that.
    let app = spawn_app().await;
    let resp = raw_post(&app, "/api/v1/tokens", r#"["a", "admin"]"#).await;
    let problem = assert_problem(resp, 422).await;
    assert_eq!(first_error(&problem).0, "body", "{problem}");
    let resp = raw_post(&app, "/api/v1/credit/publications", r#"["2023-11-20"]"#).await;
    assert_problem(resp, 422).await;
    let list = app.get_ok("/api/v1/tokens", &app.admin_token).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}
