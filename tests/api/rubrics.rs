//! Rubrics over HTTP and at start-up: list, full tree, dry run, refusal of invalid or changed files.

use crate::helpers::{assert_problem, spawn_app, test_settings};
use kaoping::startup::Application;
use serde_json::{Value, json};

fn golden_town() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/rubric_fixtures/golden/unit-assessment-town.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn rubrics_are_listed_with_their_hashes_to_every_role() {
    let app = spawn_app().await;
    let u1 = app.create_unit("县住建局").await;
    let (_, unit) = app
        .create_token(json!({"name": "u", "role": "unit", "unit_id": u1}))
        .await;
    let list: Value = app
        .get("/api/v1/rubrics", Some(&unit))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "unit-assessment",
        "service-quality",
        "satisfaction",
        "credit",
        "composite",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {list}");
    }
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|r| r["hash"].as_str().unwrap().len() == 64)
    );
    assert_problem(app.get("/api/v1/rubrics", None).await, 401).await;
}

#[tokio::test]
async fn one_rubric_comes_as_a_full_tree() {
    let app = spawn_app().await;
    let resp = app
        .get(
            "/api/v1/rubrics/unit-assessment-2023/2",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    assert!(
        text.contains("督查督办事项办理") && text.contains("\"5.1\""),
        "{}",
        &text[..200.min(text.len())]
    );
    assert_problem(
        app.get(
            "/api/v1/rubrics/unit-assessment-2023/99",
            Some(&app.admin_token),
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn a_dry_run_returns_the_total_grade_and_trace() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &golden_town(),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let result: Value = resp.json().await.unwrap();
    assert_eq!(result["total"], "80.73", "{result}");
    assert_eq!(result["grade"]["grade"], "良好");
    let item = result["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "2.3")
        .unwrap();
    let score: rust_decimal::Decimal = item["score"].as_str().unwrap().parse().unwrap();
    assert_eq!(score, rust_decimal_macros::dec!(5.4));
    assert!(result["rubric_hash"].as_str().unwrap().len() == 64);
}

#[tokio::test]
async fn a_dry_run_with_a_score_off_its_step_is_422_naming_the_item() {
    let app = spawn_app().await;
    let mut input = golden_town();
    input["items"]["1.3"] = json!({"points": "3.3"});
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &input,
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert!(body["errors"].to_string().contains("1.3"), "{body}");
    input["items"]["1.3"] = json!({"points": "lots"});
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &input,
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert!(
        body["errors"][0]["field"].as_str().unwrap().contains("1.3"),
        "{body}"
    );
}

/// Two questionnaires scoring 80 and 88 (the ten answers' mean; equal dimension weights).
/// With both households of the estate answering the interval has zero width; with one household
/// the population is wrong and named. No interval, with the reason, from one response.
#[tokio::test]
async fn a_satisfaction_dry_run_states_its_interval_and_refuses_a_population_too_small() {
    let app = spawn_app().await;
    let qs = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
    let answers = |labels: [&str; 10]| -> serde_json::Value {
        let map: serde_json::Map<String, serde_json::Value> = qs
            .iter()
            .zip(labels)
            .map(|(q, l)| (q.to_string(), json!(l)))
            .collect();
        json!({"answers": map, "seconds": 300})
    };
    let r80 = answers([
        "非常满意",
        "非常满意",
        "非常满意",
        "满意",
        "满意",
        "满意",
        "满意",
        "一般",
        "一般",
        "一般",
    ]);
    let r88 = answers([
        "非常满意",
        "非常满意",
        "非常满意",
        "非常满意",
        "非常满意",
        "满意",
        "满意",
        "满意",
        "满意",
        "一般",
    ]);
    let path = "/api/v1/rubrics/satisfaction/1/dry-run";
    let resp = app
        .post_json(
            path,
            Some(&app.admin_token),
            &json!({"responses": [r80, r88], "households": 2}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let result: serde_json::Value = resp.json().await.unwrap();
    let interval = &result["interval"];
    let index: rust_decimal::Decimal = result["index"].as_str().unwrap().parse().unwrap();
    assert_eq!(index, rust_decimal_macros::dec!(84), "{result}");
    assert_eq!(
        (interval["n"].as_u64(), interval["population"].as_u64()),
        (Some(2), Some(2))
    );
    // Published at the satisfaction rubric's `[statistics]` places: the correction √(1 − 2/2)
    // at 4, the bounds (both the mean 84, by hand) at 2.
    assert_eq!(interval["fpc"], "0.0000", "{interval}");
    assert_eq!(interval["bounds"]["lower"], "84.00", "{interval}");
    assert_eq!(interval["bounds"]["upper"], "84.00", "{interval}");
    let resp = app
        .post_json(
            path,
            Some(&app.admin_token),
            &json!({"responses": [r80], "households": 40}),
        )
        .await;
    let result: serde_json::Value = resp.json().await.unwrap();
    let missing = &result["interval"]["missing"];
    assert_eq!(missing["code"], "single_response", "{result}");
    assert!(
        missing["label"]
            .as_str()
            .unwrap()
            .contains("只有 1 份有效问卷"),
        "{result}"
    );
    assert!(result["interval"].get("bounds").is_none_or(|b| b.is_null()));
    let body = assert_problem(
        app.post_json(
            path,
            Some(&app.admin_token),
            &json!({"responses": [r80, r88], "households": 1}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "households", "{body}");
}

#[tokio::test]
async fn an_invalid_rubric_stops_start_up_naming_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(dir.path()).await;
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/rubric_fixtures/duplicate-code.toml"
    );
    std::fs::copy(fixture, rubrics.join("broken.toml")).unwrap();
    settings.rubrics_dir = rubrics;
    let err = Application::build(settings)
        .await
        .err()
        .expect("start-up refused")
        .to_string();
    assert!(
        err.contains("broken.toml:29:8: duplicate code 1.1"),
        "{err}"
    );
}

#[tokio::test]
async fn a_changed_rubric_with_the_same_version_is_refused_once_scores_exist() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(dir.path()).await;
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).unwrap();
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics/composite.toml");
    let text = std::fs::read_to_string(shipped).unwrap();
    std::fs::write(rubrics.join("composite.toml"), &text).unwrap();
    settings.rubrics_dir = rubrics.clone();

    let app = Application::build(settings.clone()).await.unwrap();
    let db = app.state().db.clone();
    drop(app);
    // Edited before any score: accepted, the new hash is recorded.
    std::fs::write(
        rubrics.join("composite.toml"),
        format!("{text}\n# reworded\n"),
    )
    .unwrap();
    Application::build(settings.clone())
        .await
        .expect("unscored version may change");
    // Once a score uses the version, a further change is refused.
    let mut tx = db.begin().await.unwrap();
    kaoping::store::rubrics::mark_scored(&mut tx, "composite", 1, "2026-01-01T00:00:00.000000Z")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    std::fs::write(
        rubrics.join("composite.toml"),
        format!("{text}\n# reworded again\n"),
    )
    .unwrap();
    let err = Application::build(settings)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("publish a new version"), "{err}");
}

#[tokio::test]
async fn dry_runs_with_absurd_numbers_are_422_not_a_crash() {
    let app = spawn_app().await;
    let mut input = golden_town();
    input["adjustments"] = json!([{"label": "自评失实", "points": "79228162514264337593543950335"}, {"label": "x", "points": "1"}]);
    let resp = app
        .post_json(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            Some(&app.admin_token),
            &input,
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(
        body["errors"][0]["field"], "adjustments[0].points",
        "{body}"
    );
    let credit = json!({"company": "c", "as_of": "2023-12-31", "records": [],
        "projects": [{"project": "p", "quality": "90", "floor_area": "10000000000000000000000000000"}]});
    let resp = app
        .post_json(
            "/api/v1/rubrics/credit/1/dry-run",
            Some(&app.admin_token),
            &credit,
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(
        body["errors"][0]["field"], "projects[0].floor_area",
        "{body}"
    );
    // The server is still there.
    assert_eq!(app.get("/healthz", None).await.status(), 200);
}

#[tokio::test]
async fn a_share_typed_as_a_percentage_is_422_naming_the_item_and_the_share() {
    let app = spawn_app().await;
    let url = "/api/v1/rubrics/service-quality/1/dry-run";
    let mut input = json!({"subject": "某小区", "items": {"6.2": {"measured": "95"}}});
    let resp = app.post_json(url, Some(&app.admin_token), &input).await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "items.6.2", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("0.95") && message.contains("6.2"),
        "{body}"
    );
    // Entered as the share it is, full marks: the total carries the rubric's two places.
    input["items"]["6.2"] = json!({"measured": "0.95"});
    let resp = app.post_json(url, Some(&app.admin_token), &input).await;
    assert_eq!(resp.status(), 200);
    let result: Value = resp.json().await.unwrap();
    assert_eq!(result["total"], "100.00", "{result}");
    assert_eq!(result["unrounded_total"], "100", "{result}");
    assert_eq!(
        result["grade"]["steps"][0],
        "总分 100.00 ≥ 90 → 优秀 (band)"
    );
}

/// Six subjects in one dry run against the golden rubric `tests/rubric_fixtures/golden/
/// exact-ranking.toml`; the expected totals, ranks and quota grades are the hand computation
/// written out above `golden_exact_threshold_vetoed_last_and_quota_tie` in `tests/rubrics.rs`
/// (the vetoed B ranks last although its total is highest; C and D, tied across the quota
/// line, both drop to 良好 under `drop-all`).
#[tokio::test]
async fn a_dry_run_of_several_subjects_ranks_and_grades_them_as_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let golden = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/rubric_fixtures/golden/exact-ranking.toml"
    );
    std::fs::copy(golden, dir.path().join("exact-ranking.toml")).unwrap();
    let rubrics_dir = dir.path().to_owned();
    let app = crate::helpers::spawn_app_with(|s| s.rubrics_dir = rubrics_dir).await;
    let unit = |name: &str, measured: &str, index: &str, points: &str, veto: bool| {
        json!({"subject": name, "items": {"1.1": {"measured": measured}, "1.2": {"points": "2"},
            "2.1": {"index": index}, "2.2": {"points": points}, "2.3": {"veto": veto}}})
    };
    let subjects = json!({"subjects": [
        unit("A", "0.9", "100", "40", false),
        unit("B", "0.95", "100", "45", true),
        unit("C", "0.7", "98", "40", false),
        unit("D", "0.9", "94", "40", false),
        unit("E", "0.92", "96", "40", false),
        unit("F", "0.5", "80", "28", false),
    ]});
    let path = "/api/v1/rubrics/golden-exact-ranking/1/dry-run";
    let out = app.admin_post(path, subjects.clone()).await;
    let totals: Vec<&str> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"].as_str().unwrap())
        .collect();
    assert_eq!(
        totals,
        ["95.00", "100.00", "92.00", "92.00", "93.00", "70.00"]
    );
    assert_eq!(out["ranks"], json!([1, 6, 3, 3, 2, 5]));
    let grades: Vec<&str> = out["quota"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["grade"].as_str().unwrap())
        .collect();
    assert_eq!(grades, ["优秀", "不合格", "良好", "良好", "优秀", "合格"]);
    assert_eq!(out["quota"][2]["before"], "优秀");
    assert_eq!(out["quota"][2]["demoted"], true);
    // Each subject's result is the one a single dry run gives.
    let single = app.admin_post(path, subjects["subjects"][2].clone()).await;
    assert_eq!(single, out["results"][2]);
    // An empty set, and a bad input named by its subject's place.
    let resp = app
        .post_json(path, Some(&app.admin_token), &json!({"subjects": []}))
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "subjects", "{body}");
    let mut bad = subjects.clone();
    bad["subjects"][4]["items"]["1.2"] = json!({"points": "1.3"});
    let resp = app.post_json(path, Some(&app.admin_token), &bad).await;
    let body = assert_problem(resp, 422).await;
    assert!(
        body["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("subjects[4].items.1.2"),
        "{body}"
    );
}
