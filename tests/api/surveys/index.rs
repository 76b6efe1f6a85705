//! Required samples, batches, validity and the index against an independent computation;
//! `kaoping survey verify`.

use reqwest::StatusCode;
use serde_json::json;

use super::{answers, project, round, survey, varied};
use crate::helpers::{assert_problem, spawn_app};
use crate::ledger::fixture;

#[tokio::test]
async fn required_samples_follow_cochran_with_the_floor_and_small_estates_in_full() {
    let app = spawn_app().await;
    let ledger = fixture::seed(&app).await;
    let big = project(&app, &ledger, "P1000", 1000).await;
    let mid = project(&app, &ledger, "P100", 100).await;
    let small = project(&app, &ledger, "P12", 12).await;
    let r = round(&app, "样本量", &[big.clone(), mid.clone(), small.clone()]).await;
    let required = |id: &str| {
        r["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["project_id"] == id)
            .unwrap()["required"]
            .as_i64()
            .unwrap()
    };
    // n₀ = 1.959964²·0.25/0.05² = 384.146; 1000: 384.146/(1 + 383.146/1000) = 277.7 → 278;
    // 100: 384.146/(1 + 383.146/100) = 79.5 → 80; 12 ≤ the floor of 30: all 12.
    assert_eq!(
        (required(&big), required(&mid), required(&small)),
        (278, 80, 12)
    );
    // The default batch: the requirement plus a 20% reserve.
    let round_id = r["id"].as_str().unwrap();
    let v = app
        .admin_post(
            &format!("/api/v1/surveys/{round_id}/batches"),
            json!({"project_id": big, "distributor": "第三方", "distributor_kind": "third_party"}),
        )
        .await;
    assert_eq!(v["codes"].as_array().unwrap().len(), 278 + 56);
}

#[tokio::test]
async fn a_company_may_not_hand_out_its_own_projects_codes_nor_a_batch_below_ten() {
    let s = survey(&[("P1", 100)], 10).await;
    let (app, p) = (&s.app, &s.projects[0]);
    fixture::serve(app, p, &s.ledger.company_a, "2026-01-01", None).await;
    let path = format!("/api/v1/surveys/{}/batches", s.round);
    let own = json!({"project_id": p, "distributor": "某物业", "distributor_kind": "other",
                     "company_id": s.ledger.company_a, "codes": 10});
    let resp = app.post_json(&path, Some(&app.admin_token), &own).await;
    assert_eq!(
        assert_problem(resp, 422).await["errors"][0]["field"],
        "company_id"
    );
    let other = json!({"project_id": p, "distributor": "另一物业", "distributor_kind": "other",
                       "company_id": s.ledger.company_b, "codes": 10});
    assert_eq!(
        app.post_json(&path, Some(&app.admin_token), &other)
            .await
            .status(),
        StatusCode::OK
    );
    let small = json!({"project_id": p, "distributor": "李四", "distributor_kind": "grid_worker", "codes": 9});
    let resp = app.post_json(&path, Some(&app.admin_token), &small).await;
    assert_eq!(
        assert_problem(resp, 422).await["errors"][0]["field"],
        "codes"
    );
}

/// The shipped questionnaire's positions per question (0 = 非常满意) of eight valid
/// questionnaires; the same as `domain::survey::tests`.
pub const ROWS: [[usize; 10]; 8] = [
    [0, 1, 1, 2, 0, 1, 1, 1, 2, 3],
    [1, 1, 2, 2, 1, 1, 0, 1, 1, 1],
    [0, 0, 1, 1, 1, 2, 1, 1, 0, 1],
    [2, 3, 2, 2, 1, 1, 3, 2, 2, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
    [0, 1, 0, 0, 1, 0, 0, 1, 0, 0],
    [4, 3, 2, 2, 3, 3, 2, 1, 2, 2],
    [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
];

/// Expected values computed independently with scipy 1.17.1 / numpy 2.4.6 from the
/// respondents' scores x = [75, 78, 84, 60, 82, 94, 47, 70] (each the mean of its five
/// dimension means): `m = x.mean()`, `s = x.std(ddof=1)`, `t = scipy.stats.t.ppf(0.975, 7)`,
/// `fpc = sqrt(1 − 8/40)`, bounds `m ∓ t·s/√8·fpc`; share satisfied 3/8 — s = 14.7430371,
/// t = 2.3646243, se = 4.6621577, fpc = 0.8944272, bounds 62.7257489 and 84.7742511 — as
/// published at `rubrics/satisfaction.toml`'s `[statistics]` places (rounded by hand: bounds
/// and centre 2, spread figures 4, shares 4); response rate 11/12 = 0.91666… → "0.9167".
#[tokio::test]
async fn the_index_and_its_interval_match_an_independent_computation() {
    let s = survey(&[("P1", 40)], 12).await;
    for (row, code) in ROWS.iter().zip(&s.codes) {
        let body = answers(code, &row.map(Some), 300);
        assert_eq!(s.submit(&body).await.status(), StatusCode::OK);
    }
    // One of each validity rule: too fast, straight-lined, too many unanswered.
    let fast = answers(&s.codes[8], &ROWS[0].map(Some), 20);
    let straight = answers(&s.codes[9], &[Some(1); 10], 300);
    let mut blanks = [Some(1); 10];
    blanks[..3].copy_from_slice(&[None; 3]);
    blanks[3] = Some(0);
    let blank = answers(&s.codes[10], &blanks, 300);
    for b in [fast, straight, blank] {
        assert_eq!(s.submit(&b).await.status(), StatusCode::OK);
    }
    let v = s.index(&format!("project:{}", s.projects[0])).await;
    let t = &v["total"];
    assert_eq!(t["index"]["index"], "73.75", "{v}");
    assert_eq!(t["index"]["valid"], 8);
    assert_eq!(
        t["index"]["invalid"],
        json!([
            {"reason": {"code": "too_fast", "label": "用时过短"}, "count": 1},
            {"reason": {"code": "too_many_unanswered", "label": "未答题过多"}, "count": 1},
            {"reason": {"code": "straight_lined", "label": "全部同一答案"}, "count": 1}
        ])
    );
    assert_eq!(t["index"]["share_satisfied"], "0.3750");
    assert_eq!(t["index"]["meets_benchmark"], false);
    let i = &t["index"]["interval"];
    assert_eq!(
        (&i["std_dev"], &i["fpc"]),
        (&json!("14.7430"), &json!("0.8944")),
        "{i}"
    );
    let b = &i["bounds"];
    assert_eq!(
        (&b["t"], &b["standard_error"]),
        (&json!("2.3646"), &json!("4.6622"))
    );
    assert_eq!(
        (&b["lower"], &b["upper"]),
        (&json!("62.73"), &json!("84.77")),
        "{i}"
    );
    assert_eq!((&b["mean"], &b["df"]), (&json!("73.75"), &json!(7)));
    let dims: Vec<&str> = t["index"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["mean"].as_str().unwrap())
        .collect();
    assert_eq!(dims, ["71.25", "72.50", "73.75", "75.63", "75.63"]);
    // 40 households need 37 (Cochran with the correction): provisional, 29 short.
    assert_eq!(
        (t["provisional"].clone(), t["shortfall"].clone()),
        (json!(true), json!(29))
    );
    assert_eq!(t["responses"], 11);
    assert_eq!(t["response_rate"], "0.9167");
}

#[tokio::test]
async fn survey_verify_finds_a_corrupted_aggregate() {
    let s = survey(&[("P1", 100)], 10).await;
    for code in &s.codes[..3] {
        assert_eq!(s.submit(&varied(code)).await.status(), StatusCode::OK);
    }
    let ok = s.app.cli(&["survey", "verify", &s.round]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains("3 responses"), "{out}");
    sqlx::query("UPDATE survey_stats SET total = total + 1 WHERE stat = 'score'")
        .execute(&s.app.state.db.pool)
        .await
        .unwrap();
    let bad = s.app.cli(&["survey", "verify", &s.round]);
    let out = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{out}");
    assert!(out.contains("score"), "{out}");
}

#[tokio::test]
async fn a_batch_of_lookalike_answers_is_flagged_for_the_bureau_and_still_counted() {
    let s = survey(&[("P1", 100)], 10).await;
    for code in &s.codes[..6] {
        let body = answers(code, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 1].map(Some), 100);
        assert_eq!(s.submit(&body).await.status(), StatusCode::OK);
    }
    let v = s.index("").await;
    let line = &v["projects"][0];
    assert_eq!(line["figures"]["index"]["valid"], 6);
    let codes: Vec<&str> = line["flags"][0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["bunched", "identical", "flat"], "{v}");
    let label = line["flags"][0]["flags"][0]["label"].as_str().unwrap();
    assert_eq!(label, "集中在同一小时提交", "{v}");
}
