//! The survey and credit bodies and the closed-set queries state their rules in the spec like
//! the older bodies do, so a generated client never sends what the server refuses for a
//! hidden reason.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn spec(app: &TestApp) -> Value {
    app.get("/openapi.json", None).await.json().await.unwrap()
}

fn query<'a>(spec: &'a Value, path: &str, name: &str) -> &'a Value {
    spec["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .map(|p| &p["schema"])
        .unwrap_or_else(|| panic!("{path} has no parameter {name}"))
}

/// A single line: non-blank, bounded, no control characters.
fn assert_line(field: &Value, max: u64) {
    assert_eq!(field["minLength"], 1, "{field}");
    assert_eq!(field["maxLength"], max, "{field}");
    assert!(
        field["pattern"].as_str().unwrap().contains("\\x00-\\x1f"),
        "{field}"
    );
}

/// A day: `format: date`, so 2023-02-30 is outside the spec (a bare `\d{4}-\d{2}-\d{2}`
/// pattern let it in).
fn assert_day(field: &Value) {
    assert_eq!(field["format"], "date", "{field}");
}

#[tokio::test]
async fn survey_bodies_state_counts_texts_times_and_choices() {
    let app = spawn_app().await;
    let spec = spec(&app).await;
    let s = &spec["components"]["schemas"];
    let round = &s["NewRoundBody"];
    assert_eq!(round["additionalProperties"], false, "{round}");
    assert_line(&round["properties"]["name"], 100);
    assert!(
        round["properties"]["opens_at"]["anyOf"].is_array(),
        "{round}"
    );
    assert!(
        round["properties"]["closes_at"]["anyOf"].is_array(),
        "{round}"
    );
    assert_eq!(round["properties"]["rubric_version"]["minimum"], 1.0);
    let batch = &s["NewBatchBody"]["properties"];
    assert_eq!(s["NewBatchBody"]["additionalProperties"], false);
    // One code per household: fewer than ten when fewer households are left.
    assert_eq!(batch["codes"]["minimum"], 1.0, "{batch}");
    assert_eq!(batch["codes"]["maximum"], 5000.0, "{batch}");
    assert_eq!(batch["reserve_percent"]["maximum"], 100.0, "{batch}");
    assert_line(&batch["distributor"], 100);
    let kinds = &batch["distributor_kind"]["oneOf"][0]["enum"];
    assert!(
        kinds.as_array().unwrap().contains(&json!("grid_worker")),
        "{kinds}"
    );
    let answer = &s["ResponseBody"]["properties"];
    assert_eq!(answer["started_at"]["format"], "date-time", "{answer}");
    assert_eq!(answer["finished_at"]["format"], "date-time", "{answer}");
    assert_eq!(answer["comment"]["maxLength"], 500, "{answer}");
    assert!(answer["code"]["pattern"].is_string(), "{answer}");
}

#[tokio::test]
async fn credit_bodies_and_queries_state_days_texts_and_points() {
    let app = spawn_app().await;
    let spec = spec(&app).await;
    let s = &spec["components"]["schemas"];
    let record = &s["NewConductRecord"];
    assert_eq!(record["additionalProperties"], false, "{record}");
    let p = &record["properties"];
    for day in ["recorded_on", "valid_until", "rectify_by"] {
        assert_day(&p[day]);
    }
    assert_line(&p["reference"], 100);
    assert_line(&p["issuer"], 100);
    assert_line(&p["kind"], 64);
    assert_eq!(p["note"]["maxLength"], 1000, "{p}");
    let points = p["points"]["pattern"].as_str().unwrap();
    assert!(points.contains("{1,4}"), "{points}");
    let end = &s["EndConductRecord"]["properties"];
    assert_day(&end["on"]);
    assert_eq!(end["reason"]["maxLength"], 1000, "{end}");
    assert!(end["reason"]["pattern"].is_string(), "{end}");
    assert_day(&s["NewPublication"]["properties"]["as_of"]);
    assert_day(query(&spec, "/api/v1/credit", "as_of"));
    assert_day(query(&spec, "/api/v1/public/credit", "as_of"));
    assert_day(query(&spec, "/api/v1/companies/{id}/credit", "as_of"));
    assert_day(query(&spec, "/api/v1/metrics", "as_of"));
    assert_day(query(&spec, "/api/v1/projects", "as_of"));
}

#[tokio::test]
async fn a_day_that_does_not_exist_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/credit/publications",
            Some(&app.admin_token),
            &json!({"as_of": "2023-02-30"}),
        )
        .await;
    let p = crate::helpers::assert_problem(resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "as_of", "{p}");
    let resp = app
        .get("/api/v1/credit?as_of=2023-02-30", Some(&app.admin_token))
        .await;
    let p = crate::helpers::assert_problem(resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "as_of", "{p}");
}
