//! Red and black lists of a period and the public credit list (公示). Expected grades by hand
//! from `rubrics/credit.toml` (no project quality recorded: quality part = base 60):
//! 甲物业 has 串通投标 (black-list event, −18) → C and the black list; 乙物业 has a city award
//! (+5) → 65 → B.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{seed, token};

async fn record(app: &TestApp, company: &str, kind: &str, on: &str, reference: &str) -> Value {
    app.admin_post(
        &format!("/api/v1/companies/{company}/conduct-records"),
        json!({"kind": kind, "recorded_on": on, "reference": reference, "issuer": "濉溪县住房和城乡建设局"}),
    )
    .await
}

#[tokio::test]
async fn a_black_list_event_lists_the_company_with_its_reason() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    record(&app, &l.company_a, "bid-collusion", "2023-02-01", "处罚1号").await;
    record(&app, &l.company_b, "award-city", "2023-01-25", "表彰1号").await;
    let q1 = app
        .get_ok("/api/v1/credit/lists?year=2023&quarter=1", &app.admin_token)
        .await;
    assert_eq!(
        (q1["period"].clone(), q1["as_of"].clone()),
        (json!("2023年第1季度"), json!("2023-03-31"))
    );
    assert_eq!(q1["black"][0]["company_name"], "甲物业");
    assert_eq!(q1["black"][0]["grade"], "C");
    assert_eq!(
        q1["black"][0]["reasons"],
        json!(["串通投标（处罚1号，2023-02-01）"])
    );
    assert_eq!(q1["red"], json!([])); // 65 is far from AAA
    // 2022 has no credit rubric in force (it starts 2023-01-20): refused, naming the field.
    let resp = app
        .get("/api/v1/credit/lists?year=2022", Some(&app.admin_token))
        .await;
    assert_eq!(
        assert_problem(resp, 422).await["errors"][0]["field"],
        "year"
    );
    // A query value breaking its declared range is refused (422), named.
    let resp = app
        .get(
            "/api/v1/credit/lists?year=2023&quarter=5",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(
        assert_problem(resp, 422).await["errors"][0]["field"],
        "quarter"
    );
}

#[tokio::test]
async fn ratings_are_published_once_and_read_without_a_token() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    record(&app, &l.company_a, "bid-collusion", "2023-02-01", "处罚1号").await;
    record(&app, &l.company_b, "award-city", "2023-01-25", "表彰1号").await;
    let company = token(&app, "company", json!({"company_id": l.company_b})).await;
    let body = json!({"as_of": "2023-03-31"});
    let resp = app
        .post_json("/api/v1/credit/publications", Some(&company), &body)
        .await;
    assert_problem(resp, 403).await;
    let published = app
        .admin_post("/api/v1/credit/publications", body.clone())
        .await;
    let grades: Vec<(&str, &str, usize)> = published["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["company_name"].as_str().unwrap(),
                c["grade"].as_str().unwrap(),
                c["reasons"].as_array().unwrap().len(),
            )
        })
        .collect();
    // Reasons only for C and the black list.
    assert_eq!(grades, [("乙物业", "B", 0), ("甲物业", "C", 1)]);
    assert_eq!(published["black_list"], json!(["甲物业"]));
    assert_eq!(published["companies"][0]["score"], "65.00");
    let hash = published["content_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    // Once per day: the published list never changes.
    let again = app
        .post_json("/api/v1/credit/publications", Some(&app.admin_token), &body)
        .await;
    assert_problem(again, 409).await;
    // Anyone reads it, no token; the latest when no day is named.
    for path in [
        "/api/v1/public/credit?as_of=2023-03-31",
        "/api/v1/public/credit",
    ] {
        let resp = app.get(path, None).await;
        assert_eq!(resp.status(), 200, "{path}");
        let v: Value = resp.json().await.unwrap();
        assert_eq!(v["content_hash"], hash);
    }
    assert_problem(
        app.get("/api/v1/public/credit?as_of=2023-04-01", None)
            .await,
        404,
    )
    .await;
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_entries WHERE action = 'credit_publication.create'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);
}
