//! Supervision deadlines as the plan writes them (附件3 二(二)1): a stated deadline is kept
//! however far away; none stated means 1 week, which the bureau may extend to 1 month at most.

use crate::assessment_support::{World, ok, submit_u1, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

async fn assign(app: &TestApp, w: &World, body: Value) -> Value {
    app.admin_post(
        &format!(
            "/api/v1/periods/{}/units/{}/supervision-items",
            w.period, w.u1
        ),
        body,
    )
    .await
}

fn extension_path(item: &Value) -> String {
    format!(
        "/api/v1/supervision-items/{}/extension",
        item["id"].as_str().unwrap()
    )
}

#[tokio::test]
async fn a_stated_deadline_six_weeks_away_is_accepted_and_kept() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let item = assign(
        &app,
        &w,
        json!({"title": "整治小区消防通道", "assigned_on": "2023-03-01", "deadline": "2023-04-12"}),
    )
    .await;
    assert_eq!(item["deadline"], "2023-04-12", "{item}");
    assert_eq!(item["deadline_stated"], true);
    assert!(item["extendable_until"].is_null(), "{item}");
    let listed = app
        .get_ok(
            &format!(
                "/api/v1/periods/{}/units/{}/supervision-items",
                w.period, w.u1
            ),
            &app.admin_token,
        )
        .await;
    assert_eq!(listed[0]["deadline"], "2023-04-12");
    assert_eq!(listed[0]["deadline_stated"], true);
    // Only a deadline before assignment is refused.
    let resp = app
        .post_json(
            &format!(
                "/api/v1/periods/{}/units/{}/supervision-items",
                w.period, w.u1
            ),
            Some(&app.admin_token),
            &json!({"title": "倒填时限", "assigned_on": "2023-03-01", "deadline": "2023-02-28"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "deadline");
}

#[tokio::test]
async fn no_stated_deadline_means_one_week_extendable_to_one_month() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let item = assign(
        &app,
        &w,
        json!({"title": "报送物业台账", "assigned_on": "2023-01-31"}),
    )
    .await;
    assert_eq!(item["deadline"], "2023-02-07", "{item}");
    assert_eq!(item["deadline_stated"], false);
    assert_eq!(item["extendable_until"], "2023-02-28");

    // Past 1 month after assignment: refused, nothing changes.
    let resp = app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-03-01", "reason": "涉及多个部门", "version": 1}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "deadline");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 个月"),
        "{body}"
    );

    // Exactly 1 month: accepted, with the reason kept and audited.
    let extended = ok(app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-02-28", "reason": "涉及多个部门", "version": 1}),
        )
        .await)
    .await;
    assert_eq!(extended["deadline"], "2023-02-28", "{extended}");
    assert_eq!(extended["deadline_stated"], false);
    assert_eq!(extended["extension_reason"], "涉及多个部门");
    assert_eq!(extended["version"], 2);
    let history = app
        .get_ok(
            &format!("/api/v1/periods/{}/units/{}/history", w.period, w.u1),
            &app.admin_token,
        )
        .await;
    let entry = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "supervision.extend")
        .expect("audited");
    assert_eq!(entry["reason"], "涉及多个部门");
    assert_eq!(entry["before"]["deadline"], "2023-02-07");
    assert_eq!(entry["after"]["deadline"], "2023-02-28");

    // A stale version is a conflict; a blank reason names `reason`.
    let resp = app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-02-20", "reason": "再延", "version": 1}),
        )
        .await;
    assert_problem(resp, 409).await;
    let resp = app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-02-20", "reason": "  ", "version": 2}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "reason");
}

#[tokio::test]
async fn a_stated_deadline_cannot_be_extended() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let item = assign(
        &app,
        &w,
        json!({"title": "清理楼道杂物", "assigned_on": "2023-03-01", "deadline": "2023-03-10"}),
    )
    .await;
    let resp = app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-03-20", "reason": "雨天影响", "version": 1}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "deadline");
    // Units may not extend anything.
    let resp = app
        .post_json(
            &extension_path(&item),
            Some(&w.unit1),
            &json!({"deadline": "2023-03-20", "reason": "雨天影响", "version": 1}),
        )
        .await;
    assert_problem(resp, 403).await;
}

#[tokio::test]
async fn overdue_is_judged_against_the_extended_deadline() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // A result needs a submitted self-assessment.
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    let item = assign(
        &app,
        &w,
        json!({"title": "维修小区路灯", "assigned_on": "2023-03-01"}),
    )
    .await;
    // Due 2023-03-08; finished 03-20 and reported the same day.
    let done = ok(app
        .put_json(
            &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
            Some(&app.admin_token),
            &json!({"completed_on": "2023-03-20", "feedback_on": "2023-03-20", "version": 1}),
        )
        .await)
    .await;
    let result = format!("/api/v1/periods/{}/units/{}/result", w.period, w.u1);
    let before = app.get_ok(&result, &app.admin_token).await;
    assert_eq!(
        before["supervision"]["overdue"], 1,
        "{}",
        before["supervision"]
    );

    ok(app
        .post_json(
            &extension_path(&item),
            Some(&app.admin_token),
            &json!({"deadline": "2023-03-25", "reason": "需协调供电部门", "version": done["version"]}),
        )
        .await)
    .await;
    let after = app.get_ok(&result, &app.admin_token).await;
    assert_eq!(
        after["supervision"]["overdue"], 0,
        "{}",
        after["supervision"]
    );
}

/// Feedback is judged in working days by the State Council's schedule: a completion date in a
/// year the calendar file does not list is refused at once, naming the field and the file.
#[tokio::test]
async fn a_date_the_working_day_calendar_does_not_cover_is_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let item = assign(
        &app,
        &w,
        json!({"title": "整治小区消防通道", "assigned_on": "2023-03-01"}),
    )
    .await;
    let progress = json!({"completed_on": "2099-03-03", "version": item["version"]});
    let body = assert_problem(
        app.put_json(
            &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
            Some(&app.admin_token),
            &progress,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "completed_on", "{body}");
    assert!(body.to_string().contains("cn-workdays.toml"), "{body}");
}
