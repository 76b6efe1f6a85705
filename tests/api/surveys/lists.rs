//! The bureau's lists (a period's rounds, a round's batches) and unknown references named in
//! Chinese.

use reqwest::StatusCode;
use serde_json::json;

use super::{batch, project, survey};
use crate::helpers::assert_problem;
use crate::ledger::fixture::token;

#[tokio::test]
async fn a_periods_rounds_and_a_rounds_batches_are_listed_for_the_bureau_only() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2026", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [s.ledger.unit_town], "roles": {&s.ledger.unit_town: "濉溪镇"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let p2 = project(app, &s.ledger, "P2", 60).await;
    let round = app
        .admin_post(
            "/api/v1/surveys",
            json!({"name": "2026 第二轮", "period_id": period, "rubric_id": "satisfaction",
                   "rubric_version": 1, "opens_at": "2026-07-01", "closes_at": "2026-07-31",
                   "project_ids": [p2]}),
        )
        .await;
    let rounds = app
        .get_ok(
            &format!("/api/v1/periods/{period}/surveys"),
            &app.admin_token,
        )
        .await;
    assert_eq!(rounds.as_array().unwrap().len(), 1, "{rounds}");
    assert_eq!(rounds[0]["id"], round["id"]);
    assert_eq!(rounds[0]["projects"][0]["project_id"], p2.as_str());
    let issued = batch(app, &s.round, &s.projects[0], 12).await;
    let batches = app
        .get_ok(
            &format!("/api/v1/surveys/{}/batches", s.round),
            &app.admin_token,
        )
        .await;
    let codes: Vec<i64> = batches
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["codes"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [10, 12], "{batches}");
    assert_eq!(batches[0]["distributor_kind"]["code"], "grid_worker");
    let text = batches.to_string();
    assert!(
        issued
            .iter()
            .chain(&s.codes)
            .all(|c| !text.contains(c.as_str())),
        "codes are shown once only: {text}"
    );
    // Units read indices of their area, never the chain of custody.
    let unit = token(app, "unit", json!({"unit_id": s.ledger.unit_town})).await;
    let path = format!("/api/v1/surveys/{}/batches", s.round);
    assert_problem(app.get(&path, Some(&unit)).await, 403).await;
    let p = assert_problem(
        app.get("/api/v1/periods/nope/surveys", Some(&app.admin_token))
            .await,
        404,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "period", "{p}");
    let p = assert_problem(
        app.get("/api/v1/surveys/nope/batches", Some(&app.admin_token))
            .await,
        404,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "round", "{p}");
}

#[tokio::test]
async fn unknown_periods_towns_and_scopes_are_named_in_chinese() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let new = async |extra: serde_json::Value| {
        let mut body = json!({"name": "未知引用", "rubric_id": "satisfaction", "rubric_version": 1,
                              "opens_at": "2026-07-01", "closes_at": "2026-07-31"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        app.post_json("/api/v1/surveys", Some(&app.admin_token), &body)
            .await
    };
    let p = assert_problem(
        new(json!({"period_id": "no-such-period", "project_ids": [s.projects[0]]})).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "period_id", "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("考核周期不存在")
    );
    let p = assert_problem(new(json!({"town_id": "no-such-town"})).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "town_id", "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不存在")
    );
    for scope in [
        "company:no-such-company",
        "town:no-such-town",
        "project:nope",
    ] {
        let path = format!("/api/v1/surveys/{}/index?scope={scope}", s.round);
        let p = assert_problem(app.get(&path, Some(&app.admin_token)).await, 404).await;
        assert_eq!(p["errors"][0]["field"], "scope", "{p}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("没有本轮调查的项目")
        );
    }
    assert_eq!(
        s.submit(&super::varied(&s.codes[0])).await.status(),
        StatusCode::OK
    );
}
