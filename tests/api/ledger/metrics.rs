//! Campaign metrics match hand-computed values.

use serde_json::Value;

use super::fixture::{project, seed, serve};
use crate::helpers::{assert_problem, spawn_app};

fn ratio(m: &Value, key: &str) -> (i64, i64, String, Option<bool>) {
    let r = &m[key];
    (
        r["numerator"].as_i64().unwrap(),
        r["denominator"].as_i64().unwrap(),
        r["rate"].as_str().map_or("-".into(), str::to_owned),
        r["met"].as_bool(),
    )
}

#[tokio::test]
async fn metrics_match_hand_computed_values() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    // 濉溪镇: four projects. Park: one.
    let p1 = project(&app, "T1", &l.nanguan, Some(("2022-01-01", 7, 4))).await;
    let p2 = project(&app, "T2", &l.nanguan, Some(("2023-06-30", 5, 2))).await;
    let p3 = project(&app, "T3", &l.dongguan, Some(("2023-07-01", 9, 9))).await;
    let _p4 = project(&app, "T4", &l.dongguan, None).await;
    let k1 = project(&app, "K1", &l.park_community, Some(("2020-01-01", 3, 3))).await;
    serve(&app, &p1, &l.company_a, "2020-01-01", None).await;
    serve(&app, &p2, &l.company_a, "2021-01-01", Some("2023-06-29")).await;
    serve(&app, &p3, &l.company_b, "2023-01-01", None).await;
    serve(&app, &k1, &l.company_b, "2019-01-01", None).await;

    let town = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2023-06-30", l.town),
            &app.admin_token,
        )
        .await;
    assert_eq!(town["projects"], 4);
    // Served on 2023-06-30: T1 (A), T3 (B); T2's contract ended the day before.
    assert_eq!(ratio(&town, "service_coverage"), (2, 4, "0.5".into(), None));
    // Formed by 2023-06-30: T1, T2 (T3 formed the next day) → 2/4 < 90%.
    assert_eq!(
        ratio(&town, "committee_formation"),
        (2, 4, "0.5".into(), Some(false))
    );
    // (4 + 2) / (7 + 5) = 0.5 → exactly the 50% line, met.
    assert_eq!(
        ratio(&town, "committee_party_share"),
        (6, 12, "0.5".into(), Some(true))
    );
    // Serving companies A (Party organisation) and B (none): 1/2.
    assert_eq!(
        ratio(&town, "company_party_organisation"),
        (1, 2, "0.5".into(), Some(false))
    );

    let community = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2023-07-01", l.dongguan),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        ratio(&community, "committee_formation"),
        (1, 2, "0.5".into(), Some(false))
    );
    assert_eq!(
        ratio(&community, "committee_party_share"),
        (9, 9, "1".into(), Some(true))
    );

    let county = app
        .get_ok("/api/v1/metrics?as_of=2023-07-01", &app.admin_token)
        .await;
    assert_eq!(county["scope"], "county");
    assert_eq!(
        ratio(&county, "committee_formation"),
        (4, 5, "0.8".into(), Some(false))
    );
    assert_eq!(
        ratio(&county, "committee_party_share"),
        (18, 24, "0.75".into(), Some(true))
    );
    assert_eq!(
        ratio(&county, "service_coverage"),
        (3, 5, "0.6".into(), None)
    );
    let types = county["by_management_type"].as_array().unwrap();
    assert_eq!(types.len(), 5);

    assert_problem(
        app.get("/api/v1/metrics?as_of=2023-02-30", Some(&app.admin_token))
            .await,
        422,
    )
    .await;
    assert_problem(
        app.get("/api/v1/metrics?scope=nope", Some(&app.admin_token))
            .await,
        404,
    )
    .await;
}
