//! Published snapshots: immutable and numbered, the same bytes for the same inputs, a new
//! number with a reason and a diff for changed ones; the public notice without a token.

use serde_json::json;

use super::golden_period;
use crate::assessment_support::ok;
use crate::helpers::assert_problem;
use crate::ledger::fixture::audit_actions;

#[tokio::test]
async fn a_snapshot_is_reproducible_and_a_changed_input_gives_a_new_one_with_its_diff() {
    let g = golden_period().await;
    let app = &g.app;
    let snapshots = format!("/api/v1/periods/{}/snapshots", g.period);
    let public = format!("/api/v1/public/results/{}", g.period);
    // Published with a notice from tomorrow (2026-06-16) for the rubric's 5 working days:
    // 06-17, 06-18, (06-19 端午 and the weekend rest) 06-22, 06-23, 06-24.
    let first = app
        .admin_post(&snapshots, json!({"notice_from": "2026-06-16"}))
        .await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["notice_from"], "2026-06-16");
    assert_eq!(first["notice_to"], "2026-06-24");
    assert!(
        first.get("reason").is_none() && first.get("diff").is_none(),
        "{first}"
    );
    assert_eq!(first["rubrics"][0]["id"], "golden-period-results");
    assert_eq!(first["inputs_hash"].as_str().unwrap().len(), 64);
    // Recomputing the unchanged inputs gives the very bytes published (same SHA-256 of the
    // JSON), and publishing them again is refused.
    let current = app
        .get_ok(
            &format!("/api/v1/periods/{}/results", g.period),
            &app.admin_token,
        )
        .await;
    assert_eq!(current["content_hash"], first["content_hash"]);
    assert_eq!(current["results"], first["content"]);
    let again = app
        .post_json(&snapshots, Some(&app.admin_token), &json!({}))
        .await;
    let body = assert_problem(again, 409).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("第 1 号快照完全相同"),
        "{body}"
    );
    // Before the notice begins, the public sees nothing.
    let resp = app.get(&public, None).await;
    assert_problem(resp, 404).await;
    // A changed input after publication: 单位H gets an overdue supervision item (3.1 10 → 8,
    // total 97 → 95). Publishing needs a reason and gives number 2 with the differences.
    g.supervise(
        "H",
        json!({"title": "维修资金使用公示", "assigned_on": "2026-06-01", "deadline": "2026-06-05"}),
    )
    .await;
    let resp = app
        .post_json(&snapshots, Some(&app.admin_token), &json!({}))
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "reason", "{body}");
    let second = app
        .admin_post(&snapshots, json!({"reason": "补录单位H逾期督办事项"}))
        .await;
    assert_eq!(second["number"], 2);
    assert_eq!(second["reason"], "补录单位H逾期督办事项");
    assert_eq!(second["previous_hash"], first["content_hash"]);
    assert_ne!(second["inputs_hash"], first["inputs_hash"]);
    let diff = second["diff"].as_array().unwrap();
    let h_total = diff
        .iter()
        .find(|d| d["name"] == "单位H" && d["field"] == "总分")
        .unwrap_or_else(|| panic!("{second}"));
    assert_eq!(
        (&h_total["before"], &h_total["after"]),
        (&json!("97.00"), &json!("95.00"))
    );
    // The first snapshot is untouched; the list has both, oldest first; each publication has
    // its own audit entry.
    let one = app
        .get_ok(&format!("{snapshots}/1"), &app.admin_token)
        .await;
    assert_eq!(one["content_hash"], first["content_hash"]);
    assert_eq!(one["content"], first["content"]);
    let list = app.get_ok(&snapshots, &app.admin_token).await;
    let numbers: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2]);
    for s in [&first, &second] {
        assert_eq!(
            audit_actions(app, s["id"].as_str().unwrap()).await,
            ["result_snapshot.publish"]
        );
    }
    let resp = app
        .get(&format!("{snapshots}/3"), Some(&app.admin_token))
        .await;
    assert_problem(resp, 404).await;
}

#[tokio::test]
async fn the_notice_is_public_during_and_after_its_window_and_publishing_is_the_bureaus() {
    let g = golden_period().await;
    let app = &g.app;
    let snapshots = format!("/api/v1/periods/{}/snapshots", g.period);
    // Only the bureau publishes; a reviewer reads; a unit does neither.
    let resp = app
        .post_json(&snapshots, Some(&g.reviewer), &json!({}))
        .await;
    let body = assert_problem(resp, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("发布考核结果"),
        "{body}"
    );
    let resp = app.get(&snapshots, Some(g.token("A"))).await;
    assert_problem(resp, 403).await;
    // A notice cannot start in the past.
    let resp = app
        .post_json(
            &snapshots,
            Some(&app.admin_token),
            &json!({"notice_from": "2026-06-01"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "notice_from", "{body}");
    let first = ok(app
        .post_json(
            &snapshots,
            Some(&app.admin_token),
            &json!({"notice_days": 3}),
        )
        .await)
    .await;
    // 2026-06-15 + 3 working days: 06-16, 06-17, 06-18.
    assert_eq!(
        (&first["notice_from"], &first["notice_to"]),
        (&json!("2026-06-15"), &json!("2026-06-18"))
    );
    let public = format!("/api/v1/public/results/{}", g.period);
    let notice = ok(app.get(&public, None).await).await;
    assert_eq!(notice["status"], "公示中");
    assert_eq!(notice["snapshot_number"], 1);
    assert_eq!(notice["content_hash"], first["content_hash"]);
    let rows: Vec<(String, String, String, u64)> = notice["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit_name"].as_str().unwrap().to_owned(),
                u["total"].as_str().unwrap().to_owned(),
                u["grade"].as_str().unwrap().to_owned(),
                u["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows[0], ("单位A".into(), "97.00".into(), "优秀".into(), 1));
    assert_eq!(
        rows[7],
        ("单位F".into(), "100.00".into(), "不合格".into(), 8)
    );
    // After the window it is still readable, said to be over.
    app.pass_notice();
    let after = ok(app.get(&public, None).await).await;
    assert_eq!(after["status"], "公示期满");
    assert_eq!(after["units"], notice["units"]);
    // An unknown period has no notice.
    let resp = app.get("/api/v1/public/results/nope", None).await;
    assert_problem(resp, 404).await;
}

#[tokio::test]
async fn a_final_period_ranks_its_stored_results_and_nothing_is_published_before_the_notice() {
    let g = golden_period().await;
    let app = &g.app;
    let results = format!("/api/v1/periods/{}/results", g.period);
    let before = app.get_ok(&results, &app.admin_token).await;
    // 定稿 after the notice: the ranking is made of the results stored then, the same figures.
    app.pass_notice();
    app.advance(&g.period, "final").await;
    let after = app.get_ok(&results, &app.admin_token).await;
    let figures = |v: &serde_json::Value| -> Vec<(String, String, u64, String)> {
        v["results"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["unit_name"].as_str().unwrap().to_owned(),
                    u["total"].as_str().unwrap().to_owned(),
                    u["rank"].as_u64().unwrap(),
                    u["grade"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(figures(&after), figures(&before));
    // The stored results (with their own hashes) and the later day are inputs: the hash moved.
    assert_ne!(
        after["results"]["inputs_hash"],
        before["results"]["inputs_hash"]
    );
    let snapshot = app
        .admin_post(
            &format!("/api/v1/periods/{}/snapshots", g.period),
            json!({}),
        )
        .await;
    assert_eq!(snapshot["content_hash"], after["content_hash"]);
    let explained = app
        .get_ok(
            &format!("/api/v1/periods/{}/results/units/{}", g.period, g.unit("C")),
            &app.admin_token,
        )
        .await;
    assert_eq!(explained["standing"]["rank"], 4);
    assert!(
        explained["result"]["finalized"]["result_hash"].is_string(),
        "{explained}"
    );
    // A period still in draft has nothing to publish.
    let draft = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "草稿周期", "rubric_id": "golden-period-results", "rubric_version": 1,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [g.unit("A")]}),
        )
        .await;
    let resp = app
        .post_json(
            &format!(
                "/api/v1/periods/{}/snapshots",
                draft["id"].as_str().unwrap()
            ),
            Some(&app.admin_token),
            &json!({}),
        )
        .await;
    let body = assert_problem(resp, 409).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("公示开始后才能发布"),
        "{body}"
    );
}
