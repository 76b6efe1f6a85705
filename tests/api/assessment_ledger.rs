//! A town's committee rates come from the ledger into its result, with the metric in the trace.

use std::collections::BTreeMap;

use crate::assessment_support::{good_input, ok, unit_form};
use crate::helpers::spawn_app;
use crate::ledger::fixture::{project, seed};
use serde_json::{Value, json};

#[tokio::test]
async fn threshold_items_use_the_ledger_metrics_of_the_town() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    // 濉溪镇: 4 projects, 3 with committees formed in 2023 (5 members, 3 of them Party members):
    // as of the items' deadline 2023-06-30, formation 3/4 = 0.75 and every committee is at
    // least half Party members (3/3). A fifth project's committee, formed in 2026 with 1 Party
    // member of 5, counts toward neither 2023 target, though its project is in the ledger.
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
    project(&app, "P8", &l.dongguan, Some(("2026-01-01", 5, 1))).await;
    let (_, unit) = app
        .create_token(json!({"name": "濉溪镇", "role": "unit", "unit_id": l.unit_town}))
        .await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            // The ledger calls the unit 濉溪镇人民政府; the bureau binds it to the plan's 濉溪镇.
            json!({"name": "2023", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01", "unit_ids": [l.unit_town],
                   "roles": {&l.unit_town: "濉溪镇"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = app
        .get_ok(&format!("/api/v1/periods/{period}"), &app.admin_token)
        .await;
    assert_eq!(view["units"][0]["plan_role"], "濉溪镇", "{view}");
    app.advance(&period, "self_assessment").await;
    let entries: BTreeMap<String, Value> = unit_form(&app, &period, &l.unit_town)
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
    assert_eq!(formation["source"]["code"], "ledger", "{formation}");
    let measured = &formation["metric"];
    assert_eq!(measured["as_of"], "2023-06-30", "{formation}");
    assert_eq!(measured["ratio"]["numerator"], 3);
    // The 2026 project exists but had no committee on 2023-06-30.
    assert_eq!(measured["ratio"]["denominator"], 5);
    assert_eq!(measured["ratio"]["met"], false);
    assert_eq!(measured["scope"], "濉溪镇人民政府辖区");
    assert_eq!(formation["duty"]["duty"]["code"], "named", "{formation}");
    assert_eq!(measured["eligible"].as_array().unwrap().len(), 5);
    let item = |code: &str| {
        result["result"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    // Efficacy between floor 0.5 and target 0.9 at 3/5 = 0.6: t = 0.25, 6 × (60 + 40 × 0.25)%
    // = 4.2, although the unit typed in the full target.
    let score: rust_decimal::Decimal = item("2.3")["score"].as_str().unwrap().parse().unwrap();
    assert_eq!(score, rust_decimal_macros::dec!(4.2));
    // Its line names the metric with its counts, scope, day and counted types — and no
    // combination of self scores stands beside a ledger figure.
    let line = item("2.3")["explanation"].as_str().unwrap().to_owned();
    assert!(
        line.starts_with("台账 业委会组建率 3/5（濉溪镇人民政府辖区，截至 2023-06-30，计入："),
        "{line}"
    );
    assert!(line.contains("= 4.2"), "{line}");
    assert!(formation["combined"].is_null(), "{formation}");
    for i in result["result"]["items"].as_array().unwrap() {
        let text = i["explanation"].as_str().unwrap();
        assert!(!text.contains("既定得分"), "{i}");
        if ["2.3", "2.4", "2.8", "3.5"].contains(&i["code"].as_str().unwrap()) {
            assert!(!text.contains("暂用自评"), "{i}");
        }
    }
    let party = source("2.4");
    assert_eq!(party["metric"]["measure"], "业委会党员比例达标率");
    assert_eq!(party["metric"]["ratio"]["numerator"], 3);
    assert_eq!(party["metric"]["ratio"]["denominator"], 3);
    assert_eq!(party["metric"]["ratio"]["met"], true);
}

/// Supervision records price item 5.1, and a public criticism (通报批评) is charged there once;
/// the optional veto 7.2 (no 优秀 that year) caps the grade at 良好 only when the period
/// enables it.
#[tokio::test]
async fn a_public_criticism_is_charged_once_and_caps_the_grade_only_when_enabled() {
    let app = spawn_app().await;
    let w = crate::assessment_support::world(&app).await;
    // 县住建局's ledger items are measured county-wide: a county that meets its targets.
    crate::assessment_support::county_ledger_meeting_targets(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-01-01", "reason": "测试"}),
    )
    .await;
    let entries: BTreeMap<String, Value> = unit_form(&app, &w.period, &w.u1)
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
            &json!({"version": 1, "items": {"5.1": {"input": {"findings": {}}}}}),
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

    let once = ok(app
        .get(&format!("{base}/result"), Some(&app.admin_token))
        .await)
    .await;
    assert_eq!(
        once["result"]["grade"]["grade"], "优秀",
        "{}",
        once["result"]
    );
    assert!(once["result"]["vetoes"].as_array().unwrap().is_empty());

    // The bureau enables the optional rule 7.2 for this period, with a reason.
    let period = ok(app
        .get(
            &format!("/api/v1/periods/{}", w.period),
            Some(&app.admin_token),
        )
        .await)
    .await;
    let enabled = app
        .client
        .patch(app.url(&format!("/api/v1/periods/{}", w.period)))
        .bearer_auth(&app.admin_token)
        .json(&json!({"options": ["7.2"], "reason": "局务会决定：通报批评者不评优秀", "version": period["version"]}))
        .send()
        .await
        .unwrap();
    ok(enabled).await;
    let after = ok(app
        .get(&format!("{base}/result"), Some(&app.admin_token))
        .await)
    .await;
    assert_eq!(
        after["result"]["grade"]["grade"], "良好",
        "{}",
        after["result"]["grade"]
    );
    assert_eq!(after["result"]["total"], once["result"]["total"]);
    assert_eq!(after["supervision"]["public_criticism"], 1);
    let source = after["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "7.2")
        .unwrap()
        .clone();
    assert_eq!(source["source"]["code"], "supervision");
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
