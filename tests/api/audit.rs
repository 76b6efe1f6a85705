//! The audit chain: every token change is recorded; tampering is detected.

use crate::helpers::{assert_problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn token_changes_are_audited_and_the_chain_verifies() {
    let app = spawn_app().await;
    let before: Value = app
        .get("/api/v1/audit/verify", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let (id, _) = app
        .create_token(json!({"name": "n", "role": "inspector"}))
        .await;
    app.post_json(
        &format!("/api/v1/tokens/{id}/revoke"),
        Some(&app.admin_token),
        &json!({}),
    )
    .await;
    let history: Value = app
        .get(
            &format!("/api/v1/audit/history?subject_type=token&subject_id={id}"),
            Some(&app.admin_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["token.create", "token.revoke"]);
    assert_eq!(history[1]["actor_name"], "测试管理员");
    assert!(history[1]["before"]["revoked_at"].is_null());
    assert!(history[1]["after"]["revoked_at"].is_string());
    let v: Value = app
        .get("/api/v1/audit/verify", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], true, "{v}");
    assert_eq!(
        v["entries"].as_i64().unwrap(),
        before["entries"].as_i64().unwrap() + 2
    );
}

#[tokio::test]
async fn editing_an_audit_row_is_detected_by_api_and_cli() {
    let app = spawn_app().await;
    app.create_token(json!({"name": "n", "role": "inspector"}))
        .await;
    let out = app.cli(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (last,): (i64,) = sqlx::query_as("SELECT MAX(seq) FROM audit_entries")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_entries SET actor_name = 'someone else' WHERE seq = $1")
        .bind(last)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let v: Value = app
        .get("/api/v1/audit/verify", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], false);
    assert!(
        v["problem"]
            .as_str()
            .unwrap()
            .contains(&format!("审计记录 {last} ")),
        "{v}"
    );
    let out = app.cli(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("BROKEN"));
}

#[tokio::test]
async fn deleting_the_last_audit_row_is_detected() {
    let app = spawn_app().await;
    app.create_token(json!({"name": "n", "role": "inspector"}))
        .await;
    sqlx::query("DELETE FROM audit_entries WHERE seq = (SELECT MAX(seq) FROM audit_entries)")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let v: Value = app
        .get("/api/v1/audit/verify", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], false, "{v}");
}

#[tokio::test]
async fn audit_history_needs_its_parameters() {
    let app = spawn_app().await;
    let body = assert_problem(
        app.get(
            "/api/v1/audit/history?subject_type=token",
            Some(&app.admin_token),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "subject_id", "{body}");
}
