use crate::helpers::{assert_problem, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = spawn_app().await;
    let resp = app.get("/healthz", None).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "ok");
    let resp = app.get("/readyz", None).await;
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["database"], true);
    assert_eq!(body["migrations"], true);
}

#[tokio::test]
async fn readyz_reports_a_lost_database_as_503_problem() {
    let app = spawn_app().await;
    app.state.db.pool.close().await;
    let body = assert_problem(app.get("/readyz", None).await, 503).await;
    assert!(
        body["detail"].as_str().unwrap().contains("database=false"),
        "{body}"
    );
}

#[tokio::test]
async fn docs_page_and_spec_are_served() {
    let app = spawn_app().await;
    let resp = app.get("/docs", None).await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("swagger")
    );
    let resp = app.get("/openapi.json", None).await;
    assert_eq!(resp.status(), 200);
    let spec: Value = resp.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert!(spec["paths"]["/api/v1/tokens"]["post"].is_object());
}

#[tokio::test]
async fn every_operation_has_a_tag_a_summary_and_declares_its_errors() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(!paths.is_empty());
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let name = format!("{method} {path}");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{name} has no tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{name} has no summary"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("200"), "{name} declares no 200");
            if op.get("security").is_some() {
                for status in ["401", "403", "500"] {
                    assert!(
                        responses.contains_key(status),
                        "{name} does not declare {status}"
                    );
                }
                let problem = &responses["401"]["content"]["application/problem+json"];
                assert!(problem.is_object(), "{name}: 401 is not problem+json");
            }
        }
    }
}
