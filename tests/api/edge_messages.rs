//! No library's own text reaches a user: poem's validator wording, serde's, jiff's, the 415
//! text and Rust variant names are replaced by Chinese messages naming the field, parameter or
//! header and the rule; closed-set queries are declared as enumerations.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Library wording that must never appear in a problem document.
const RAW: [&str; 9] = [
    "verification failed",
    "minimum(",
    "pattern(",
    "map with a single key",
    "parameter 'day'",
    "must be in range",
    "the `Content-Type`",
    "SelfAssess",
    "ManagePeriods",
];

fn assert_no_raw_text(p: &Value) {
    let text = p.to_string();
    for raw in RAW {
        assert!(!text.contains(raw), "{raw:?} reached the user: {text}");
    }
}

async fn problem(app: &TestApp, resp: reqwest::Response, status: u16) -> Value {
    let _ = app;
    let p = assert_problem(resp, status).await;
    assert_no_raw_text(&p);
    p
}

#[tokio::test]
async fn a_page_below_one_names_the_parameter_and_the_rule() {
    let app = spawn_app().await;
    let resp = app
        .get("/api/v1/units?page=0", Some(&app.admin_token))
        .await;
    let p = problem(&app, resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "page", "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不能小于 1"),
        "{p}"
    );
    let resp = app
        .get("/api/v1/units?page_size=501", Some(&app.admin_token))
        .await;
    let p = problem(&app, resp, 422).await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不能大于 500"),
        "{p}"
    );
}

#[tokio::test]
async fn closed_set_queries_are_enumerations_refused_in_chinese() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    for (path, name, value) in [
        ("/api/v1/units", "unit_type", "town"),
        ("/api/v1/regions", "level", "county"),
        ("/api/v1/projects", "management_type", "professional"),
    ] {
        let params = spec["paths"][path]["get"]["parameters"].as_array().unwrap();
        let schema = &params.iter().find(|p| p["name"] == name).unwrap()["schema"];
        let values = schema["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema}"));
        assert!(values.contains(&json!(value)), "{schema}");
        let resp = app
            .get(&format!("{path}?{name}=nope"), Some(&app.admin_token))
            .await;
        let p = problem(&app, resp, 422).await;
        assert_eq!(p["errors"][0]["field"], name, "{p}");
        assert!(
            p["errors"][0]["message"].as_str().unwrap().contains("应为"),
            "{p}"
        );
    }
    // A label is a value too.
    let l = app
        .get_ok("/api/v1/units?unit_type=%E9%95%87", &app.admin_token)
        .await;
    assert!(l["items"].is_array(), "{l}");
}

#[tokio::test]
async fn an_unsupported_content_type_names_the_header() {
    let app = spawn_app().await;
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/regions"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    let p = problem(&app, resp, 415).await;
    assert_eq!(p["errors"][0]["field"], "Content-Type", "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("application/json"),
        "{p}"
    );
}

#[tokio::test]
async fn a_refusal_by_role_names_the_action_and_who_may_in_chinese() {
    let app = spawn_app().await;
    let (_, inspector) = app
        .create_token(json!({"name": "第三方", "role": "inspector"}))
        .await;
    let resp = app
        .post_json("/api/v1/periods", Some(&inspector), &json!({}))
        .await;
    let p = problem(&app, resp, 403).await;
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("第三方评价机构") && detail.contains("管理考核周期"),
        "{p}"
    );
    assert!(detail.contains("住建局"), "{p}");
    assert_eq!(p["errors"][0]["field"], "Authorization", "{p}");
}

#[tokio::test]
async fn dry_run_messages_are_chinese_and_name_the_fields_sent() {
    let app = spawn_app().await;
    let post = |path: &'static str, body: Value| {
        let app = &app;
        async move { app.post_json(path, Some(&app.admin_token), &body).await }
    };
    // An item input with two keys: serde says "map with a single key".
    let resp = post(
        "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
        json!({"subject": "a", "items": {"1.1": {"points": "1", "score": "2"}}}),
    )
    .await;
    let p = problem(&app, resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "items.1.1", "{p}");
    // A day that does not exist: jiff says "parameter 'day' … must be in range".
    let resp = post(
        "/api/v1/rubrics/credit/1/dry-run",
        json!({"as_of": "2023-02-30"}),
    )
    .await;
    let p = problem(&app, resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "as_of", "{p}");
    assert!(
        p["errors"][0]["message"].as_str().unwrap().contains("日期"),
        "{p}"
    );
    // The composite's parts are sent as `values`, and named so.
    let resp = post(
        "/api/v1/rubrics/composite/1/dry-run",
        json!({"values": {"x": "1"}}),
    )
    .await;
    let p = problem(&app, resp, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"values.x"), "{p}");
    assert!(fields.iter().all(|f| f.starts_with("values.")), "{p}");
}

#[tokio::test]
async fn a_composite_part_is_declared_and_checked_as_a_score_out_of_100() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/rubrics/composite/1/dry-run",
            Some(&app.admin_token),
            &json!({"values": {"inspection": "101", "satisfaction": "90", "daily": "90"}}),
        )
        .await;
    let p = problem(&app, resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "values.inspection", "{p}");
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let values = &spec["components"]["schemas"]["CompositeInputs"]["properties"]["values"];
    let pattern = values["additionalProperties"]["pattern"].as_str().unwrap();
    assert!(pattern.starts_with("^(100"), "{values}");
}

#[tokio::test]
async fn a_rubric_shows_its_file_by_base_name_only() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/rubrics/credit/1",
        "/api/v1/rubrics/unit-assessment-2023/2",
    ] {
        let r = app.get_ok(path, &app.admin_token).await;
        let text = r.to_string();
        let name = r["header"]["file_name"]
            .as_str()
            .or_else(|| r["file_name"].as_str())
            .unwrap_or_else(|| panic!("no file_name in {path}"));
        assert!(name.ends_with(".toml") && !name.contains('/'), "{name}");
        assert!(
            !text.contains(env!("CARGO_MANIFEST_DIR")),
            "{path} shows a server path"
        );
    }
}

#[tokio::test]
async fn roles_null_is_refused_and_a_null_role_is_declared() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/periods",
            Some(&app.admin_token),
            &json!({"name": "p", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2023-06-30", "review_deadline": "2023-07-31",
                   "unit_ids": ["u"], "roles": null}),
        )
        .await;
    let p = problem(&app, resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "roles", "{p}");
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let roles = &spec["components"]["schemas"]["CreatePeriod"]["properties"]["roles"];
    assert_eq!(roles["additionalProperties"]["nullable"], true, "{roles}");
    assert!(roles.get("nullable").is_none(), "{roles}");
}
