//! One project's quality as of a day, readable by those who may see the project, and the
//! renewal recommendation (续签建议) per project. By hand from the shipped rubrics, as in
//! `credit_quality`: P1's visit (1.1 no-guard −2, 2.2 broken-light 3 × 0.5, 6.2 at 0.95) scores
//! 96.50; no survey and no complaint, so its quality is (0.4 × 96.50 + 0.3 × 100) / 0.7 =
//! 98.00 (优秀 ≥ 90 by `composite.toml`); company A serves only P1, so its credit is 98.00,
//! AAA (no bad record) → 优先续签 by `credit.toml`'s use rows; a black-list event forces C →
//! 不得续签，依法清出市场, whatever the project's own quality.

use serde_json::{Value, json};

use crate::credit_quality::{evaluated, project};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{seed, serve, token};

async fn quality(app: &TestApp, project: &str, day: &str, who: &str) -> reqwest::Response {
    app.get(
        &format!("/api/v1/projects/{project}/quality?as_of={day}"),
        Some(who),
    )
    .await
}

async fn ok(resp: reqwest::Response) -> Value {
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn a_project_quality_is_read_by_its_area_and_company_with_a_renewal_recommendation() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p1 = project(&app, "P1", &l.nanguan, "6000").await;
    serve(&app, &p1, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    evaluated(
        &app,
        &inspector,
        &p1,
        "2023-05-10",
        json!([
            {"item": "1.1", "finding": "no-guard"},
            {"item": "2.2", "finding": "broken-light", "count": 3}
        ]),
    )
    .await;
    // Before the acceptance day nothing measured it.
    let before = ok(quality(&app, &p1, "2023-05-31", &app.admin_token).await).await;
    assert_eq!(before["rated"], false, "{before}");
    assert_eq!(before["results"].as_array().unwrap().len(), 0);
    let q = ok(quality(&app, &p1, "2023-06-01", &app.admin_token).await).await;
    let r = &q["results"][0];
    assert_eq!(
        (
            r["total"].as_str(),
            r["grade"].as_str(),
            r["serving"].as_bool()
        ),
        (Some("98.00"), Some("优秀"), Some(true)),
        "{q}"
    );
    assert_eq!(r["company_id"], l.company_a.as_str());
    assert_eq!(r["components"][0]["code"], "inspection");
    // A given value is shown as given, without stray zeros (the house style for inputs).
    assert_eq!(r["components"][0]["value"], "96.5");
    assert!(
        r["components"][0]["source"]
            .as_str()
            .unwrap()
            .contains("96.50"),
        "{q}"
    );
    assert_eq!(r["missing"].as_array().unwrap().len(), 1, "{q}");
    assert_eq!(r["renewal"]["recommendation"], "优先续签", "{q}");
    assert!(
        r["renewal"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("企业信用等级 AAA：优先续签；项目质量 优秀"),
        "{q}"
    );
    // The company's rating gives the same recommendation for the project.
    let rating = app
        .get_ok(
            &format!("/api/v1/companies/{}/credit?as_of=2023-06-01", l.company_a),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        rating["projects"][0]["renewal"]["recommendation"],
        "优先续签"
    );
    // The town unit of its area and the serving company read it; the park's unit and another
    // company see no such project.
    let town = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let park = token(&app, "unit", json!({"unit_id": l.unit_park})).await;
    let a = token(&app, "company", json!({"company_id": l.company_a})).await;
    let b = token(&app, "company", json!({"company_id": l.company_b})).await;
    let seen = ok(quality(&app, &p1, "2023-06-01", &town).await).await;
    assert_eq!(seen["results"][0]["total"], "98.00");
    ok(quality(&app, &p1, "2023-06-01", &a).await).await;
    assert_problem(quality(&app, &p1, "2023-06-01", &park).await, 404).await;
    assert_problem(quality(&app, &p1, "2023-06-01", &b).await, 404).await;
    // A black-list event: C, whatever the project's quality.
    let record = json!({"kind": "major-accident", "recorded_on": "2023-06-01",
                        "reference": "濉住建〔2023〕51号", "issuer": "濉溪县住房和城乡建设局"});
    app.admin_post(
        &format!("/api/v1/companies/{}/conduct-records", l.company_a),
        record,
    )
    .await;
    let q = ok(quality(&app, &p1, "2023-06-01", &town).await).await;
    assert_eq!(
        q["results"][0]["renewal"]["recommendation"], "不得续签，依法清出市场",
        "{q}"
    );
}
