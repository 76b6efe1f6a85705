//! Free-text search takes wildcards literally and never fails on odd input.

use super::fixture::{project, seed};
use crate::helpers::spawn_app;

#[tokio::test]
async fn search_takes_wildcards_and_backslashes_literally() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    project(&app, "SX_001", &l.nanguan, None).await;
    project(&app, "SXA001", &l.nanguan, None).await;
    let found = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let v = app
        .get_ok("/api/v1/projects?q=SX_001", &app.admin_token)
        .await;
    assert_eq!(found(v), ["SX_001"]);
    let v = app.get_ok("/api/v1/projects?q=%5C", &app.admin_token).await;
    assert!(found(v).is_empty());
    let v = app
        .get_ok("/api/v1/companies?q=100%25", &app.admin_token)
        .await;
    assert!(v["items"].as_array().unwrap().is_empty());
}
