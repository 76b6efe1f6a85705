//! Reviewer reliability over HTTP against a hand-computed fixture.

use crate::assessment_support::{ok, world};
use crate::helpers::spawn_app;
use serde_json::json;

/// Team A re-checks three of 县住建局's items: 2.2 and 4.4 (4 points), 3.4 (8 points). As % of
/// the maximum:
///
/// | item | r1  | r3  | consensus |
/// |------|-----|-----|-----------|
/// | 2.2  | 100 | 75  | 87.5      |
/// | 4.4  | 75  | 50  | 62.5      |
/// | 3.4  | 100 | 75  | 87.5      |
///
/// Leniency: r1 +12.5, r3 −12.5. ICC(A,1) = ICC(2,1): grand mean 79.17; SS_rows 833.33 (df 2,
/// BMS 416.67), SS_cols 937.5 (df 1, JMS 937.5), SS_error 0 (EMS 0); ICC = 416.67 / (416.67 +
/// 2 × 937.5 / 3) = 0.4 — poor: r1 is consistently 25 points more lenient, which absolute
/// agreement counts. ICC(C,1) = (BMS − EMS) / (BMS + EMS) = 1 — excellent: the ranking of the
/// items is the same. Krippendorff's α (interval) = 0.11764705882352944 from krippendorff 0.9.0,
/// `krippendorff.alpha(reliability_data=[[100, 75, 100], [75, 50, 75]],
/// level_of_measurement="interval")`; by hand, n = 6 values, Σ_u m_u·SS_u/(m_u − 1) = 3 × 2 × 312.5
/// = 1875, SS of all six = 1770.83, α = 1 − 5 × 1875 / (6 × 1770.83) = 0.1176.
///
/// Published at the period rubric's statistics places (`unit-assessment-2023.toml` declares
/// none: coefficients 4 places, leniency at its rounding places, 2): "0.4000", "1.0000",
/// "0.1176", "12.50" and "-12.50"; the bands read the unrounded values.
#[tokio::test]
async fn leniency_iccs_and_alpha_match_the_fixture() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    app.advance(&w.period, "self_assessment").await;
    crate::assessment_support::submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    for (item, r1, r3) in [("2.2", "4", "3"), ("4.4", "3", "2"), ("3.4", "8", "6")] {
        let path = format!("{base}/reviews/{item}");
        ok(app
            .put_as(
                &path,
                &w.r1.1,
                &json!({"input": {"points": r1}, "reason_code": "mismatch", "comment": "按台账核减", "version": 0}),
            )
            .await)
        .await;
        ok(app
            .put_as(
                &path,
                &w.r3.1,
                &json!({"input": {"points": r3}, "reason_code": "mismatch", "comment": "按台账核减", "version": 0}),
            )
            .await)
        .await;
    }
    let rel = ok(app
        .get(
            &format!("/api/v1/periods/{}/reliability/{}", w.period, w.team_a),
            Some(&app.admin_token),
        )
        .await)
    .await;
    assert_eq!(rel["icc_a1"]["value"], "0.4000", "{rel}");
    assert_eq!(
        rel["icc_a1"]["agreement"],
        json!({"code": "poor", "label": "差"})
    );
    assert_eq!(rel["icc_c1"]["value"], "1.0000", "{rel}");
    assert_eq!(rel["icc_c1"]["agreement"]["code"], "excellent");
    assert_eq!(rel["icc_items"], 3);
    assert_eq!(rel["alpha"], "0.1176", "{rel}");
    assert_eq!(rel["alpha_items"], 3);
    let leniency = |id: &str| {
        rel["reviewers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["reviewer_id"] == id)
            .unwrap()["leniency"]
            .clone()
    };
    assert_eq!(leniency(&w.r1.0), "12.50", "{rel}");
    assert_eq!(leniency(&w.r3.0), "-12.50", "{rel}");
}
