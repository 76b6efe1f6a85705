//! Correcting a published credit list (更正公示): the bureau publishes a day again, as its
//! ratings now stand, with a reason; the original stays readable with its hash, the public
//! reads the latest with the history of corrections, and a correction changing nothing is
//! refused. By hand (shipped `credit.toml`, no rated project, base 60): 甲物业 with a moderate
//! record (−6) scores 54.00 → C; the record withdrawn from its own date, nothing is rated
//! (未评级).

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::seed;

fn grade_of(p: &Value, company: &str) -> String {
    p["companies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["company_name"] == company)
        .map(|c| c["grade"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn public(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/public/credit?{query}"), None)
        .await
}

#[tokio::test]
async fn a_published_day_is_corrected_with_a_reason_and_the_original_stays() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let body = json!({"kind": "moderate", "recorded_on": "2023-03-15",
                      "reference": "濉住建〔2023〕61号", "issuer": "濉溪县住房和城乡建设局"});
    let r = app
        .admin_post(
            &format!("/api/v1/companies/{}/conduct-records", l.company_a),
            body,
        )
        .await;
    let record = r["id"].as_str().unwrap().to_owned();
    let first = app
        .admin_post(
            "/api/v1/credit/publications",
            json!({"as_of": "2023-03-31"}),
        )
        .await;
    assert_eq!(
        (
            first["revision"].as_i64(),
            grade_of(&first, "甲物业").as_str()
        ),
        (Some(1), "C")
    );
    let original_hash = first["content_hash"].as_str().unwrap().to_owned();
    let fix = json!({"as_of": "2023-03-31", "reason": "甲物业的不良行为记录经核实有误，已撤销"});
    // Nothing changed yet: refused.
    let same = app
        .post_json(
            "/api/v1/credit/publications/corrections",
            Some(&app.admin_token),
            &fix,
        )
        .await;
    assert_problem(same, 409).await;
    // The record is withdrawn from its own date: the day is corrected.
    app.admin_post(
        &format!("/api/v1/conduct-records/{record}/end"),
        json!({"version": 1, "how": "withdrawn", "on": "2023-03-15", "reason": "文书错误"}),
    )
    .await;
    let second = app
        .admin_post("/api/v1/credit/publications/corrections", fix.clone())
        .await;
    assert_eq!(second["revision"], 2, "{second}");
    assert_eq!(grade_of(&second, "甲物业"), "未评级");
    assert_eq!(
        second["corrections"][0]["corrects_hash"],
        original_hash.as_str()
    );
    assert_eq!(
        second["corrections"][0]["reason"],
        "甲物业的不良行为记录经核实有误，已撤销"
    );
    // The public reads the correction by default and the original on request.
    let latest: Value = public(&app, "as_of=2023-03-31").await.json().await.unwrap();
    assert_eq!(
        (
            latest["revision"].as_i64(),
            latest["corrections"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    let original: Value = public(&app, "as_of=2023-03-31&revision=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(original["content_hash"], original_hash.as_str());
    assert_eq!(grade_of(&original, "甲物业"), "C");
    let p = assert_problem(public(&app, "as_of=2023-03-31&revision=3").await, 404).await;
    assert_eq!(p["errors"][0]["field"], "revision", "{p}");
    // Only the bureau corrects; a day never published cannot be corrected.
    let other = json!({"as_of": "2023-04-30", "reason": "x"});
    let none = app
        .post_json(
            "/api/v1/credit/publications/corrections",
            Some(&app.admin_token),
            &other,
        )
        .await;
    let p = assert_problem(none, 404).await;
    assert_eq!(p["errors"][0]["field"], "as_of", "{p}");
    let actions: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_entries WHERE action = 'credit_publication.correct'",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(actions.len(), 1);
}
