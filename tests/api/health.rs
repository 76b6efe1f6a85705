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
            // Everything under /api/v1 needs a token, the spec must say so — except what
            // residents use without an account: opening and submitting a survey, and
            // published results.
            let public = path == "/api/v1/surveys/responses"
                || path == "/api/v1/surveys/starts"
                || path.starts_with("/api/v1/public/");
            assert_eq!(
                path.starts_with("/api/v1") && !public,
                op.get("security").is_some(),
                "{name} security"
            );
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

#[tokio::test]
async fn the_binary_serves_and_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let settings = crate::helpers::test_settings(dir.path()).await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("KAOPING_LISTEN", "127.0.0.1:0")
        .env("KAOPING_DATABASE_URL", &settings.database_url)
        .env("KAOPING_DATA_DIR", dir.path().join("data"))
        .env("KAOPING_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server logs before exiting").unwrap();
        if let Some(rest) = line.split("port=").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<u16>()
                .unwrap();
        }
    };
    let resp = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status}");
}
