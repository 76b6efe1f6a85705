//! A closed survey round's index feeds project quality and so company credit. Worked by hand
//! from the shipped rubrics: every respondent answers each dimension's two questions 非常满意
//! (100) and 满意 (80), so every dimension mean — and so the index, whatever the dimension
//! weights — is 90.00 (`satisfaction.toml`); P1 (10 households: every household is required)
//! has 10 valid answers; P2 (10 households) only 3, so its index is provisional and does not
//! count. With no visit and no complaint, P1's quality is the satisfaction and daily
//! components re-normalised (`composite.toml`): (0.3 × 90 + 0.3 × 100) / 0.6 = 95.00; the
//! company's score is P1's quality alone (P2 is unrated), 95.00, AAA (`credit.toml`: ≥ 85
//! without bad records).

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::spawn_app;
use crate::ledger::fixture::{seed, serve};
use crate::surveys::{QS, batch, project};

/// A valid questionnaire for `code`: 非常满意 then 满意 in each dimension, five minutes.
fn answered(code: &str) -> Value {
    let answers: serde_json::Map<String, Value> = QS
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let label = if i % 2 == 0 { "非常满意" } else { "满意" };
            (q.to_string(), json!(label))
        })
        .collect();
    json!({"code": code, "answers": answers, "started_at": "2023-06-01T01:55:00Z",
           "finished_at": "2023-06-01T02:00:00Z"})
}

async fn submit_all(app: &TestApp, codes: &[String]) {
    for code in codes {
        let resp = app
            .post_json("/api/v1/surveys/responses", None, &answered(code))
            .await;
        assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    }
}

async fn rating(app: &TestApp, company: &str, day: &str) -> Value {
    let path = format!("/api/v1/companies/{company}/credit?as_of={day}");
    app.get_ok(&path, &app.admin_token).await
}

#[tokio::test]
async fn a_closed_rounds_adequate_index_rates_a_project_and_a_provisional_one_does_not() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p1 = project(&app, &l, "P1", 10).await;
    let p2 = project(&app, &l, "P2", 10).await;
    serve(&app, &p1, &l.company_a, "2023-01-01", None).await;
    serve(&app, &p2, &l.company_a, "2023-01-01", None).await;
    let round = app
        .admin_post(
            "/api/v1/surveys",
            json!({"name": "2023 年物业满意度调查", "rubric_id": "satisfaction", "rubric_version": 1,
                   "opens_at": "2023-06-01T08:00", "closes_at": "2023-06-20",
                   "project_ids": [p1, p2]}),
        )
        .await;
    let round = round["id"].as_str().unwrap().to_owned();
    submit_all(&app, &batch(&app, &round, &p1, 10).await).await;
    submit_all(&app, &batch(&app, &round, &p2, 10).await[..3]).await;

    // While the round is open nothing is rated.
    let open = rating(&app, &l.company_a, "2023-06-10").await;
    assert_eq!(open["grade"], "未评级", "{open}");

    assert!(app.clock().set("2023-06-25T02:00:00Z".parse().unwrap()));
    let r = rating(&app, &l.company_a, "2023-06-25").await;
    let projects = r["projects"].as_array().unwrap();
    let by_id = |id: &str| projects.iter().find(|p| p["project_id"] == id).unwrap();
    assert_eq!(by_id(&p1)["quality"], "95.00", "{r}");
    let line = by_id(&p1)["quality_line"].as_str().unwrap();
    assert!(
        line.contains("满意度调查 2023 年物业满意度调查（指数 90.00）"),
        "{line}"
    );
    assert!(by_id(&p2).get("quality").is_none(), "{r}");
    assert_eq!(
        (r["score"].as_str(), r["grade"].as_str()),
        (Some("95.00"), Some("AAA"))
    );
}
