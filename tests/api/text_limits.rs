//! Every free text a client sends has a length limit, checked by the service and answered
//! with a 422 naming the field.

use crate::assessment_support::{World, department_items, ok, submit_u1, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

/// The code of an item of u1 (县住建局) that applies to it by unit type, not by name, so it may
/// be claimed not applicable (typed in by units and reviewers).
async fn claimable_item(app: &TestApp, w: &World) -> String {
    department_items(app, w)
        .await
        .iter()
        .find(|i| i["duty"]["duty"]["code"] == "by_type" && i["entered_by_unit"] == true)
        .and_then(|i| i["code"].as_str())
        .expect("a points item")
        .to_owned()
}

/// Asserts a 422 whose only error names `field` and says the text is too long.
async fn too_long(resp: reqwest::Response, field: &str) -> Value {
    let body = assert_problem(resp, 422).await;
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["field"], field, "{body}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("超过上限"),
        "{body}"
    );
    body
}

/// u1 submitted, the period in review, team A (r1, r3) assigned to u1.
async fn in_review(app: &TestApp) -> World {
    let w = world(app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(app, &w).await;
    app.advance(&w.period, "review").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    w
}

#[tokio::test]
async fn a_not_applicable_reason_is_at_most_500_characters_in_a_self_assessment() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-06-30", "reason": "测试"}),
    )
    .await;
    let code = claimable_item(&app, &w).await;
    let path = format!(
        "/api/v1/periods/{}/units/{}/self-assessment",
        w.period, w.u1
    );
    let na = |reason: String| json!({"version": 0, "items": {&code: {"input": {"not_applicable": {"reason": reason}}}}});
    let resp = app.put_as(&path, &w.unit1, &na("理".repeat(501))).await;
    let body = too_long(resp, &format!("items.{code}.input")).await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("不适用理由"),
        "{body}"
    );
    // Blank and multi-line reasons are refused the same way; nothing was saved.
    for bad in ["   ", "第一行\n第二行"] {
        let body = assert_problem(app.put_as(&path, &w.unit1, &na(bad.into())).await, 422).await;
        assert_eq!(body["errors"][0]["field"], format!("items.{code}.input"));
    }
    let view = app.get_ok(&path, &w.unit1).await;
    assert_eq!(view["version"], 0, "{view}");
    // 500 characters are fine.
    ok(app.put_as(&path, &w.unit1, &na("理".repeat(500))).await).await;
}

#[tokio::test]
async fn a_reviewer_meets_the_same_limits_on_reasons_and_comments() {
    let app = spawn_app().await;
    let w = in_review(&app).await;
    let code = claimable_item(&app, &w).await;
    let path = format!("/api/v1/periods/{}/units/{}/reviews/{code}", w.period, w.u1);
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"input": {"not_applicable": {"reason": "理".repeat(501)}}, "reason_code": "other", "comment": "不适用", "version": 0}),
        )
        .await;
    too_long(resp, &format!("items.{code}.input")).await;
    // 2.2 is a points item the plan gives 县住建局 by name.
    let path = format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1);
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"input": {"points": "0"}, "reason_code": "mismatch", "comment": "说".repeat(2001), "version": 0}),
        )
        .await;
    too_long(resp, "items.2.2.comment").await;
}

#[tokio::test]
async fn report_texts_are_bounded_inside_the_structured_findings_too() {
    let app = spawn_app().await;
    let w = in_review(&app).await;
    let path = format!("/api/v1/periods/{}/units/{}/report", w.period, w.u1);
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"body": "报".repeat(20_001), "version": 0}),
        )
        .await;
    too_long(resp, "body").await;
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"body": "复核情况", "findings": [{"problem": "问".repeat(2001)}], "version": 0}),
        )
        .await;
    too_long(resp, "findings[0].problem").await;
    let many: Vec<Value> = (0..20)
        .map(|_| json!({"problem": "问".repeat(1000)}))
        .collect();
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"body": "复核情况", "findings": many, "version": 0}),
        )
        .await;
    too_long(resp, "findings").await;
    let resp = app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"body": "复核情况", "findings": [{"problem": "台账\u{7}缺失"}], "version": 0}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "findings[0].problem");
}

#[tokio::test]
async fn a_supervision_title_is_at_most_500_characters() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!(
        "/api/v1/periods/{}/units/{}/supervision-items",
        w.period, w.u1
    );
    let resp = app
        .post_json(
            &path,
            Some(&app.admin_token),
            &json!({"title": "督".repeat(501), "assigned_on": "2023-03-01"}),
        )
        .await;
    too_long(resp, "title").await;
    let item = app
        .admin_post(
            &path,
            json!({"title": "督".repeat(500), "assigned_on": "2023-03-01"}),
        )
        .await;
    let resp = app
        .post_json(
            &format!(
                "/api/v1/supervision-items/{}/extension",
                item["id"].as_str().unwrap()
            ),
            Some(&app.admin_token),
            &json!({"deadline": "2023-03-20", "reason": "因".repeat(501), "version": 1}),
        )
        .await;
    too_long(resp, "reason").await;
}

#[tokio::test]
async fn a_search_text_is_at_most_100_characters() {
    let app = spawn_app().await;
    for list in ["/api/v1/companies", "/api/v1/projects"] {
        let resp = app
            .get(
                &format!("{list}?q={}", "a".repeat(101)),
                Some(&app.admin_token),
            )
            .await;
        too_long(resp, "q").await;
        app.get_ok(&format!("{list}?q={}", "a".repeat(100)), &app.admin_token)
            .await;
    }
}

#[tokio::test]
async fn an_evidence_item_code_is_refused_when_too_long_not_cut() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    let path = format!("/api/v1/periods/{}/units/{}/evidence", w.period, w.u1);
    for (code, limit) in [("1".repeat(65), "64"), ("1".repeat(2000), "1024")] {
        let form = reqwest::multipart::Form::new()
            .text("item_code", code)
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.7\n%%EOF\n".to_vec()).file_name("a.pdf"),
            );
        let resp = app
            .client
            .post(app.url(&path))
            .bearer_auth(&app.admin_token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let body = assert_problem(resp, 422).await;
        assert_eq!(body["errors"][0]["field"], "item_code", "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(limit),
            "{body}"
        );
    }
}

#[tokio::test]
async fn dry_run_texts_are_bounded() {
    let app = spawn_app().await;
    let code = "1.3".to_owned(); // a points item of the shipped rubric
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &json!({"subject": "u", "unit_type": "department",
                    "items": {&code: {"not_applicable": {"reason": "理".repeat(501)}}}}),
        )
        .await;
    too_long(resp, &format!("items.{code}.not_applicable.reason")).await;
}
