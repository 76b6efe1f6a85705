//! Who reads which index, and what a published round shows the public.

use reqwest::StatusCode;
use sha2::Digest;

use super::{survey, varied};
use crate::helpers::assert_problem;
use crate::ledger::fixture::{self, token};

#[tokio::test]
async fn units_see_their_area_and_companies_their_projects_once_the_round_closed() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    fixture::serve(app, &s.projects[0], &s.ledger.company_a, "2026-01-01", None).await;
    assert_eq!(
        s.submit(&varied(&s.codes[0])).await.status(),
        StatusCode::OK
    );
    let path = format!(
        "/api/v1/surveys/{}/index?scope=project:{}",
        s.round, s.projects[0]
    );
    let town = token(
        app,
        "unit",
        serde_json::json!({"unit_id": s.ledger.unit_town}),
    )
    .await;
    let park = token(
        app,
        "unit",
        serde_json::json!({"unit_id": s.ledger.unit_park}),
    )
    .await;
    let own = token(
        app,
        "company",
        serde_json::json!({"company_id": s.ledger.company_a}),
    )
    .await;
    let other = token(
        app,
        "company",
        serde_json::json!({"company_id": s.ledger.company_b}),
    )
    .await;
    let inspector = token(app, "inspector", serde_json::json!({})).await;
    let v = app.get_ok(&path, &town).await;
    assert_eq!(v["total"]["index"]["valid"], 1);
    assert!(v["projects"][0]["flags"].as_array().unwrap().is_empty());
    assert_problem(app.get(&path, Some(&park)).await, 404).await;
    assert_problem(app.get(&path, Some(&own)).await, 403).await;
    app.get_ok(&path, &inspector).await;
    // Units may not manage rounds.
    let resp = app
        .post_json("/api/v1/surveys", Some(&town), &serde_json::json!({}))
        .await;
    assert_problem(resp, 403).await;
    app.clock().set("2026-06-30T16:00:00Z".parse().unwrap());
    assert_eq!(app.get_ok(&path, &own).await["total"]["index"]["valid"], 1);
    assert_problem(app.get(&path, Some(&other)).await, 404).await;
}

#[tokio::test]
async fn a_published_round_shows_receipts_and_hides_projects_with_few_answers() {
    let s = survey(&[("P1", 100), ("P2", 100)], 12).await;
    let app = &s.app;
    let big_codes = super::batch(app, &s.round, &s.projects[1], 10).await;
    let mut receipts = Vec::new();
    for code in s.codes.iter().take(3).chain(&big_codes) {
        let r: serde_json::Value = s.submit(&varied(code)).await.json().await.unwrap();
        receipts.push(r["receipt"].as_str().unwrap().to_owned());
    }
    let publish = format!("/api/v1/surveys/{}/publish", s.round);
    let early = app
        .post_json(&publish, Some(&app.admin_token), &serde_json::json!({}))
        .await;
    assert_problem(early, 409).await;
    let public = format!("/api/v1/public/surveys/{}/index", s.round);
    assert_problem(app.get(&public, None).await, 404).await;
    app.clock().set("2026-06-30T16:00:00Z".parse().unwrap());
    app.admin_post(&publish, serde_json::json!({})).await;
    let resp = app.get(&public, None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v: serde_json::Value = resp.json().await.unwrap();
    // P1 has 3 valid answers (< 10, the rubric's publish_minimum): left out of the lines and
    // of the total, so no scope and no subtraction gives its answers away.
    assert_eq!(v["hidden_projects"], 1, "{v}");
    assert_eq!(v["projects"].as_array().unwrap().len(), 1);
    assert_eq!(v["projects"][0]["project_id"], s.projects[1]);
    assert_eq!(v["total"]["index"]["valid"], 10);
    let own = app
        .get(&format!("{public}?scope=project:{}", s.projects[0]), None)
        .await;
    let own: serde_json::Value = own.json().await.unwrap();
    assert_eq!(own["hidden_projects"], 1, "{own}");
    assert_eq!(own["total"]["index"]["valid"], 0, "{own}");
    let list: serde_json::Value = app
        .get(
            &format!("/api/v1/public/surveys/{}/receipts", s.round),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let hashes = list["receipt_hashes"].as_array().unwrap();
    assert_eq!(hashes.len(), 13);
    let mine = hex::encode(sha2::Sha256::digest(
        receipts[0].replace('-', "").as_bytes(),
    ));
    assert!(hashes.iter().any(|h| h == &mine));
}
