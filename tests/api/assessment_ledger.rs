//! A town's committee rates come from the ledger into its result, with the metric in the trace.

use std::collections::BTreeMap;

use crate::assessment_support::{good_input, items_for, ok};
use crate::helpers::spawn_app;
use crate::ledger::fixture::{project, seed};
use serde_json::{Value, json};

#[tokio::test]
async fn threshold_items_use_the_ledger_metrics_of_the_town() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    // 濉溪镇: 4 projects, 3 with committees (5 members, 3 of them Party members):
    // formation 3/4 = 0.75, Party share 9/15 = 0.6.
    for (i, community) in [&l.nanguan, &l.nanguan, &l.dongguan]
        .into_iter()
        .enumerate()
    {
        project(
            &app,
            &format!("P{i}"),
            community,
            Some(("2023-03-01", 5, 3)),
        )
        .await;
    }
    project(&app, "P9", &l.dongguan, None).await;
    let (_, unit) = app
        .create_token(json!({"name": "濉溪镇", "role": "unit", "unit_id": l.unit_town}))
        .await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2023", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01", "unit_ids": [l.unit_town]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.advance(&period, "self_assessment").await;
    let entries: BTreeMap<String, Value> = items_for(&app, "town")
        .await
        .iter()
        .filter_map(|i| {
            Some((
                i["code"].as_str()?.to_owned(),
                json!({"input": good_input(i)?}),
            ))
        })
        .collect();
    let base = format!("/api/v1/periods/{period}/units/{}", l.unit_town);
    ok(app
        .put_as(
            &format!("{base}/self-assessment"),
            &unit,
            &json!({"version": 0, "items": entries}),
        )
        .await)
    .await;
    let submit = format!("{base}/self-assessment/submit");
    ok(app
        .post_json(&submit, Some(&unit), &json!({"version": 1}))
        .await)
    .await;

    let result = ok(app
        .get(&format!("{base}/result"), Some(&app.admin_token))
        .await)
    .await;
    let source = |code: &str| {
        result["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code)
            .unwrap()
            .clone()
    };
    let formation = source("2.3");
    assert_eq!(formation["source"], "ledger", "{formation}");
    assert_eq!(formation["metric"]["numerator"], 3);
    assert_eq!(formation["metric"]["denominator"], 4);
    assert_eq!(formation["metric"]["met"], false);
    let item = |code: &str| {
        result["result"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    // Efficacy between floor 0.5 and target 0.9: 6 × (60 + 40 × 0.625)% = 5.1, although the
    // unit typed in the full target.
    let score: rust_decimal::Decimal = item("2.3")["score"].as_str().unwrap().parse().unwrap();
    assert_eq!(score, rust_decimal_macros::dec!(5.1));
    let party = source("2.4");
    assert_eq!(party["metric"]["numerator"], 9);
    assert_eq!(party["metric"]["denominator"], 15);
    assert_eq!(party["metric"]["met"], true);
}

/// Supervision records price item 5.1 and a public criticism (通报批评) fires veto 7.2, which
/// caps the grade at 良好 however high the points.
#[tokio::test]
async fn a_public_criticism_caps_the_grade_through_the_supervision_records() {
    let app = spawn_app().await;
    let w = crate::assessment_support::world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-01-01", "reason": "测试"}),
    )
    .await;
    let entries: BTreeMap<String, Value> = items_for(&app, "department")
        .await
        .iter()
        .filter_map(|i| {
            Some((
                i["code"].as_str()?.to_owned(),
                json!({"input": good_input(i)?}),
            ))
        })
        .collect();
    ok(app
        .put_as(
            &format!("{base}/self-assessment"),
            &w.unit1,
            &json!({"version": 0, "items": entries}),
        )
        .await)
    .await;
    // The unit cannot type in the supervision items.
    let resp = app
        .put_as(
            &format!("{base}/self-assessment"),
            &w.unit1,
            &json!({"version": 1, "items": {"7.2": {"input": {"veto": false}}}}),
        )
        .await;
    crate::helpers::assert_problem(resp, 422).await;
    let submit = format!("{base}/self-assessment/submit");
    ok(app
        .post_json(&submit, Some(&w.unit1), &json!({"version": 1}))
        .await)
    .await;

    let before = ok(app
        .get(&format!("{base}/result"), Some(&app.admin_token))
        .await)
    .await;
    assert_eq!(
        before["result"]["grade"]["grade"], "优秀",
        "{}",
        before["result"]["grade"]
    );

    let item = app
        .admin_post(
            &format!("{base}/supervision-items"),
            json!({"title": "整改小区违建", "assigned_on": "2023-03-01"}),
        )
        .await;
    let progress = json!({"completed_on": "2023-03-03", "feedback_on": "2023-03-06", "public_criticism": true, "version": item["version"]});
    ok(app
        .put_as(
            &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
            &app.admin_token,
            &progress,
        )
        .await)
    .await;

    let after = ok(app
        .get(&format!("{base}/result"), Some(&app.admin_token))
        .await)
    .await;
    assert_eq!(
        after["result"]["grade"]["grade"], "良好",
        "{}",
        after["result"]["grade"]
    );
    assert_eq!(after["supervision"]["public_criticism"], 1);
    let source = after["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "7.2")
        .unwrap()
        .clone();
    assert_eq!(source["source"], "supervision");
    let item = after["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "5.1")
        .unwrap()
        .clone();
    let score: rust_decimal::Decimal = item["score"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        score,
        rust_decimal_macros::dec!(7),
        "10 − 3 for the criticism: {item}"
    );
}
