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
            json!({"name": "2023", "rubric_id": "unit-assessment-2023", "rubric_version": 1,
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
