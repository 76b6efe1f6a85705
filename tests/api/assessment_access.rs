//! Role × operation × ownership: every forbidden cell is refused (403, or 404 where existence
//! must not leak), and every allowed cell gets past authorisation.

use crate::assessment_support::{ok, world};
use crate::helpers::spawn_app;
use serde_json::{Value, json};

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
}

#[tokio::test]
async fn every_forbidden_cell_is_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    let (home_id, home) = app
        .create_token(json!({"name": "住建局的复核员", "role": "reviewer", "team_id": w.team_a, "unit_id": w.u1}))
        .await;
    let _ = home_id;
    let (conflicted_id, conflicted) = app
        .create_token(json!({"name": "有利害关系", "role": "reviewer", "team_id": w.team_a}))
        .await;
    app.admin_post(
        "/api/v1/reviewer-conflicts",
        json!({"reviewer_id": conflicted_id, "unit_id": w.u1, "reason": "配偶在该单位"}),
    )
    .await;
    let c1 = app
        .admin_post(
            "/api/v1/companies",
            crate::ledger::fixture::company_json(1, "甲物业", true),
        )
        .await;
    let (_, company) = app
        .create_token(json!({"name": "物业公司", "role": "company", "company_id": c1["id"]}))
        .await;
    let (_, inspector) = app
        .create_token(json!({"name": "第三方", "role": "inspector"}))
        .await;
    app.advance(&w.period, "self_assessment").await;
    crate::assessment_support::submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;

    let callers: [(&str, &str); 9] = [
        ("admin", &app.admin_token),
        ("unit1", &w.unit1),
        ("unit2", &w.unit2),
        ("r1", &w.r1.1),
        ("rB", &w.r2.1),
        ("home", &home),
        ("conflicted", &conflicted),
        ("company", &company),
        ("inspector", &inspector),
    ];
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let review = json!({"input": {"points": "1"}, "version": 0});
    // (operation, method, path, body, who may)
    let cells: Vec<(&str, Method, String, Value, &[&str])> = vec![
        (
            "read self-assessment",
            Method::Get,
            format!("{base}/self-assessment"),
            Value::Null,
            &["admin", "unit1", "r1"],
        ),
        (
            "save self-assessment",
            Method::Put,
            format!("{base}/self-assessment"),
            json!({"version": 0, "items": {}}),
            &["unit1"],
        ),
        (
            "submit",
            Method::Post,
            format!("{base}/self-assessment/submit"),
            json!({"version": 0}),
            &["unit1"],
        ),
        (
            "send back",
            Method::Post,
            format!("{base}/self-assessment/send-back"),
            json!({"reason": "x"}),
            &["admin", "r1"],
        ),
        (
            "review an item",
            Method::Put,
            format!("{base}/reviews/2.2"),
            review,
            &["r1"],
        ),
        (
            "read reviews",
            Method::Get,
            format!("{base}/reviews"),
            Value::Null,
            &["admin", "r1"],
        ),
        (
            "write report",
            Method::Put,
            format!("{base}/report"),
            json!({"body": "x", "version": 0}),
            &["r1"],
        ),
        (
            "read evidence",
            Method::Get,
            format!("{base}/evidence"),
            Value::Null,
            &["admin", "unit1", "r1"],
        ),
        (
            "read result",
            Method::Get,
            format!("{base}/result"),
            Value::Null,
            &["admin", "r1"],
        ),
        (
            "read history",
            Method::Get,
            format!("{base}/history"),
            Value::Null,
            &["admin", "unit1", "r1"],
        ),
        (
            "lodge appeal",
            Method::Post,
            format!("{base}/appeals"),
            json!({"item_code": "2.2", "reason": "x"}),
            &["unit1"],
        ),
        (
            "open a period",
            Method::Post,
            "/api/v1/periods".into(),
            json!({"name": "另一周期", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01", "unit_ids": [w.u1]}),
            &["admin"],
        ),
        (
            "form a team",
            Method::Post,
            "/api/v1/review-teams".into(),
            json!({"name": "新组"}),
            &["admin"],
        ),
        (
            "record supervision",
            Method::Post,
            format!("{base}/supervision-items"),
            json!({"title": "x", "assigned_on": "2023-03-01"}),
            &["admin"],
        ),
        (
            "reliability",
            Method::Get,
            format!("/api/v1/periods/{}/reliability/{}", w.period, w.team_a),
            Value::Null,
            &["admin"],
        ),
    ];
    let mut failures = Vec::new();
    for (op, method, path, body, allowed) in &cells {
        for (who, token) in callers {
            let req = match method {
                Method::Get => app.client.get(app.url(path)),
                Method::Post => app.client.post(app.url(path)).json(body),
                Method::Put => app.client.put(app.url(path)).json(body),
            };
            let status = req
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            let refused = matches!(status, 401 | 403 | 404);
            if allowed.contains(&who) == refused {
                failures.push(format!("{op} by {who}: {status}"));
            }
        }
    }
    assert!(failures.is_empty(), "wrong cells:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn a_reviewer_never_rechecks_their_own_unit_and_says_why() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    let (_, home) = app.create_token(json!({"name": "本单位复核员", "role": "reviewer", "team_id": w.team_a, "unit_id": w.u1})).await;
    let resp = app
        .get(
            &format!(
                "/api/v1/periods/{}/units/{}/self-assessment",
                w.period, w.u1
            ),
            Some(&home),
        )
        .await;
    let body = crate::helpers::assert_problem(resp, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("本单位"),
        "{body}"
    );
    // A reviewer may declare their own conflict, but not someone else's.
    let resp = app
        .post_json(
            "/api/v1/reviewer-conflicts",
            Some(&w.r1.1),
            &json!({"reviewer_id": w.r3.0, "unit_id": w.u1, "reason": "x"}),
        )
        .await;
    crate::helpers::assert_problem(resp, 403).await;
    ok(app
        .post_json(
            "/api/v1/reviewer-conflicts",
            Some(&w.r1.1),
            &json!({"reviewer_id": w.r1.0, "unit_id": w.u1, "reason": "曾在该单位任职"}),
        )
        .await)
    .await;
    let resp = app
        .get(
            &format!(
                "/api/v1/periods/{}/units/{}/self-assessment",
                w.period, w.u1
            ),
            Some(&w.r1.1),
        )
        .await;
    let body = crate::helpers::assert_problem(resp, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("曾在该单位任职"),
        "{body}"
    );
}
