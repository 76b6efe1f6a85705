//! Rules found in review: what a unit may not see before the notice, what is frozen once a
//! period is final, one appeal per item, who may not decide an appeal, and bad path input.

use crate::assessment_support::{ok, submit_u1, world};
use crate::helpers::{assert_problem, spawn_app};
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

#[tokio::test]
async fn the_recheck_stays_hidden_from_the_unit_until_the_notice_and_freezes_when_final() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-03-01", "reason": "材料补充"}),
    )
    .await;
    // Decided scores cannot be typed in.
    let typed = json!({"version": 0, "items": {"2.2": {"input": {"score": "4"}}}});
    let body = assert_problem(
        app.put_as(&format!("{base}/self-assessment"), &w.unit1, &typed)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "items.2.2.input", "{body}");
    // Reviews wait for the submission.
    app.advance(&w.period, "review").await;
    let review = json!({"input": {"points": "4"}, "version": 0});
    assert_problem(
        app.put_as(&format!("{base}/reviews/2.2"), &w.r1.1, &review)
            .await,
        409,
    )
    .await;
    // The extended unit still submits during the review phase (a longer extension first).
    submit_u1(&app, &w).await;

    ok(app
        .put_as(
            &format!("{base}/reviews/2.2"),
            &w.r1.1,
            &json!({"input": {"points": "4"}, "version": 0}),
        )
        .await)
    .await;
    ok(app
        .put_as(
            &format!("{base}/report"),
            &w.r1.1,
            &json!({"body": "内部意见：台账缺失", "version": 0}),
        )
        .await)
    .await;
    let form = reqwest::multipart::Form::new()
        .text("item_code", "2.2")
        .part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("复核记录.pdf"),
        );
    let resp = app
        .client
        .post(app.url(&format!("{base}/evidence")))
        .bearer_auth(&w.r1.1)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let evidence = ok(resp).await;

    // Before the notice the unit sees none of it.
    let history = ok(app.get(&format!("{base}/history"), Some(&w.unit1)).await).await;
    assert!(
        !history.to_string().contains("内部意见") && !history.to_string().contains("review.save"),
        "{history}"
    );
    assert_problem(
        app.get(&format!("{base}/reports"), Some(&w.unit1)).await,
        403,
    )
    .await;
    let listed = ok(app.get(&format!("{base}/evidence"), Some(&w.unit1)).await).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["attached_to"] != "review"),
        "{listed}"
    );
    let download = format!("/api/v1/evidence/{}", evidence["id"].as_str().unwrap());
    assert_problem(app.get(&download, Some(&w.unit1)).await, 404).await;

    // From the notice on it does.
    app.advance(&w.period, "appeal").await;
    let history = ok(app.get(&format!("{base}/history"), Some(&w.unit1)).await).await;
    assert!(history.to_string().contains("review.save"), "{history}");
    ok(app.get(&format!("{base}/reports"), Some(&w.unit1)).await).await;
    assert_eq!(app.get(&download, Some(&w.unit1)).await.status(), 200);

    // One open appeal per item; the reviewer of the item may not decide it.
    let lodge = json!({"item_code": "2.2", "reason": "复核扣分无依据"});
    let appeal = ok(app
        .post_json(&format!("{base}/appeals"), Some(&w.unit1), &lodge)
        .await)
    .await;
    assert_problem(
        app.post_json(&format!("{base}/appeals"), Some(&w.unit1), &lodge)
            .await,
        409,
    )
    .await;
    let decide = format!(
        "/api/v1/appeals/{}/decision",
        appeal["id"].as_str().unwrap()
    );
    let decision = json!({"upheld": false, "reason": "维持复核结果", "version": 1});
    assert_problem(app.post_json(&decide, Some(&w.r1.1), &decision).await, 403).await;

    // Final waits for the notice window and for every appeal to be decided.
    let blocked = assert_problem(app.try_advance(&w.period, "final").await, 409).await;
    let detail = blocked["detail"].as_str().unwrap();
    assert!(
        detail.contains("公示期至") && detail.contains("县住建局 评分项 2.2"),
        "{blocked}"
    );
    app.pass_notice();
    let blocked = assert_problem(app.try_advance(&w.period, "final").await, 409).await;
    let detail = blocked["detail"].as_str().unwrap();
    assert!(
        !detail.contains("公示期至") && detail.contains("县住建局 评分项 2.2"),
        "{blocked}"
    );
    ok(app
        .post_json(&decide, Some(&app.admin_token), &decision)
        .await)
    .await;

    // Final: nothing that feeds the result can change any more, not even a correction.
    app.advance(&w.period, "final").await;
    let correction = json!({"upheld": true, "score": "4", "reason": "更正", "version": 2});
    assert_problem(
        app.post_json(&decide, Some(&app.admin_token), &correction)
            .await,
        409,
    )
    .await;
    let supervision = json!({"title": "补登", "assigned_on": "2023-03-01"});
    assert_problem(
        app.post_json(
            &format!("{base}/supervision-items"),
            Some(&app.admin_token),
            &supervision,
        )
        .await,
        409,
    )
    .await;
    let form = reqwest::multipart::Form::new()
        .text("item_code", "2.2")
        .part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("迟交.pdf"),
        );
    let resp = app
        .client
        .post(app.url(&format!("{base}/evidence")))
        .bearer_auth(&app.admin_token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_problem(resp, 409).await;
}

#[tokio::test]
async fn bad_notice_lengths_and_control_characters_in_paths_are_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for days in [0, 31, 10_000_000] {
        let resp = app
            .post_json(
                &format!("/api/v1/periods/{}/phase", w.period),
                Some(&app.admin_token),
                &json!({"to": "self_assessment", "version": 1, "notice_days": days}),
            )
            .await;
        let body = assert_problem(resp, 422).await;
        assert_eq!(body["errors"][0]["field"], "notice_days");
    }
    let resp = app
        .get(
            &format!("/api/v1/periods/{}%00/units/x/self-assessment", w.period),
            Some(&app.admin_token),
        )
        .await;
    let body = assert_problem(resp, 400).await;
    assert_eq!(body["errors"][0]["field"], "path");
    let resp = app
        .get(
            &format!(
                "/api/v1/periods/{}/units/{}/history?item=%01",
                w.period, w.u1
            ),
            Some(&app.admin_token),
        )
        .await;
    assert_problem(resp, 400).await;
}
