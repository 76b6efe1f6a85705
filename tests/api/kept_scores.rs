//! The score a rating reads for an accepted evaluation is kept in `evaluation_scores`: it must
//! always equal the evaluation's own score (sheets, rubric version, upheld objections) — after
//! acceptance, after an upheld objection, and after a start fills in a missing one. Expected
//! values are the evaluation view's own totals (worked by hand in `credit_quality.rs`: 96.50,
//! then 98.50 once the no-guard finding's −2 no longer counts).

use serde_json::{Value, json};

use crate::credit_quality::{evaluated, project};
use crate::helpers::{TestApp, spawn_app};
use crate::ledger::fixture::{seed, serve, token};

async fn kept(app: &TestApp, id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT total FROM evaluation_scores WHERE evaluation_id = $1")
        .bind(id)
        .fetch_optional(&app.state.db.pool)
        .await
        .unwrap()
}

async fn own_total(app: &TestApp, id: &str) -> String {
    let e: Value = app
        .get_ok(&format!("/api/v1/evaluations/{id}"), &app.admin_token)
        .await;
    e["score"]["total"].as_str().unwrap().to_owned()
}

async fn quality_line(app: &TestApp, company: &str) -> String {
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{company}/credit?as_of=2023-06-03"),
            &app.admin_token,
        )
        .await;
    r["projects"][0]["quality_line"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_kept_score_follows_acceptance_upheld_objections_and_a_start() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p1 = project(&app, "P1", &l.nanguan, "6000").await;
    serve(&app, &p1, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    let findings = json!([
        {"item": "1.1", "finding": "no-guard"},
        {"item": "2.2", "finding": "broken-light", "count": 3}
    ]);
    let e1 = evaluated(&app, &inspector, &p1, "2023-05-10", findings).await;
    assert_eq!(own_total(&app, &e1).await, "96.50");
    assert_eq!(kept(&app, &e1).await.as_deref(), Some("96.50"));

    let company = token(&app, "company", json!({"company_id": l.company_a})).await;
    let path = format!("/api/v1/evaluations/{e1}/objections");
    let body = json!({"finding": 0, "reason": "有值班记录"});
    let resp = app.post_json(&path, Some(&company), &body).await;
    assert_eq!(resp.status(), 200);
    let e: Value = resp.json().await.unwrap();
    let objection = e["findings"][0]["objection"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(app.clock().set("2023-06-03T02:00:00Z".parse().unwrap()));
    let decision = json!({"version": 1, "uphold": true, "reason": "属实"});
    let path = format!("/api/v1/evaluation-objections/{objection}/decision");
    let resp = app
        .post_json(&path, Some(&app.admin_token), &decision)
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(own_total(&app, &e1).await, "98.50");
    assert_eq!(kept(&app, &e1).await.as_deref(), Some("98.50"));
    let line = quality_line(&app, &l.company_a).await;
    assert!(line.contains("现场测评 2023-05-10（98.50"), "{line}");

    // Lost (a database from before scores were kept): the rating scores the sheets itself,
    // and the next start keeps the score again.
    sqlx::query("DELETE FROM evaluation_scores")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(quality_line(&app, &l.company_a).await, line);
    let filled = kaoping::service::credit::evaluations::kept::fill_missing(&app.state)
        .await
        .unwrap();
    assert_eq!(filled, 1);
    assert_eq!(kept(&app, &e1).await.as_deref(), Some("98.50"));
}
