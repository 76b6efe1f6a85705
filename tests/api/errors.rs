//! Every error, ours and the framework's, is `application/problem+json` with a request id.

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn unknown_path_is_404_problem() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/no/such/path", None).await, 404).await;
    assert_eq!(body["type"], "/problems/not-found");
}

/// A 404 names what is missing in its `errors`: the path parameter, or the path itself.
#[tokio::test]
async fn not_found_names_the_path_parameter() {
    let app = spawn_app().await;
    let path = "/api/v1/units/01900000-0000-7000-8000-000000000000";
    let body = assert_problem(app.get(path, Some(&app.admin_token)).await, 404).await;
    assert_eq!(body["errors"][0]["field"], "id", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("不存在"), "{body}");
    let body = assert_problem(app.get("/no/such/path", None).await, 404).await;
    assert_eq!(body["errors"][0]["field"], "path", "{body}");
}

#[tokio::test]
async fn wrong_method_is_405_problem() {
    let app = spawn_app().await;
    let resp = app.client.delete(app.url("/healthz")).send().await.unwrap();
    assert_problem(resp, 405).await;
}

#[tokio::test]
async fn malformed_json_is_400_problem() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, 400).await;
    assert!(
        body["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
}

/// Syntactically valid JSON that breaks the schema is 422 naming the field, in Chinese.
#[tokio::test]
async fn wrong_json_type_names_the_field() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": 5, "role": "admin"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "name", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("应为字符串"), "{body}");
    assert!(!message.contains("invalid type:"), "{body}");
}

#[tokio::test]
async fn missing_field_and_unknown_field_are_named() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": "x"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "role", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("缺少必填字段 role"),
        "{body}"
    );
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": "x", "role": "admin", "rank": 1}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "rank", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不允许的字段 rank"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_content_type_is_415_problem() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 415).await;
}

#[tokio::test]
async fn body_over_the_limit_is_413_problem_even_when_chunked() {
    let app = spawn_app_with(|s| s.json_body_limit = 4096).await;
    let big = json!({"name": "x".repeat(5000), "role": "admin"});
    let resp = app
        .post_json("/api/v1/tokens", Some(&app.admin_token), &big)
        .await;
    assert_problem(resp, 413).await;
    // Without Content-Length the limit still holds.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(vec![b' '; 3000]), Ok(vec![b' '; 3000])];
    let resp = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_problem(resp, 413).await;
}

#[tokio::test]
async fn rule_violations_are_422_with_each_field_and_rule() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": "a\u{0007}b", "role": "root"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["type"], "/problems/validation");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "role"], "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("控制字符")
    );
    // A NUL is refused wherever it is, ids included, naming the field.
    let resp = app
        .post_json(
            "/api/v1/units",
            Some(&app.admin_token),
            &json!({"name": "镇", "unit_type": "town", "region_id": "r\u{0000}"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "region_id", "{body}");
}

#[tokio::test]
async fn database_failures_are_opaque_500s() {
    let app = spawn_app().await;
    app.state.db.pool.close().await;
    let body = assert_problem(app.get("/api/v1/tokens", Some(&app.admin_token)).await, 500).await;
    let text = body.to_string().to_lowercase();
    for leak in ["sqlx", "pool", "sqlite", "postgres", "database"] {
        assert!(!text.contains(leak), "500 body leaks {leak:?}: {body}");
    }
}

/// Each upload names its own missing form field; an empty JSON body is named as the body.
#[tokio::test]
async fn missing_form_fields_and_bodies_are_named() {
    let app = spawn_app().await;
    let form = reqwest::multipart::Form::new().text("item_code", "2.2");
    let resp = app
        .client
        .post(app.url("/api/v1/periods/p/units/u/evidence"))
        .bearer_auth(&app.admin_token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, 400).await;
    assert_eq!(body["errors"][0]["field"], "file", "{body}");
    let resp = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, 400).await;
    assert_eq!(body["errors"][0]["field"], "body", "{body}");
}
