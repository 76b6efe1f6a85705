//! Company credit: conduct records typed by the shipped `credit` rubric, ended but never
//! deleted, and ratings as of a date. Expected scores are computed by hand from
//! `rubrics/credit.toml`: no project quality is recorded yet, so the quality part is the
//! rubric's `base` 60; award-county +3, moderate −6 ([SHANGHAI-SCORING]); 12-month windows
//! ([YANTAI-2022-13]); bands AAA ≥ 85 (no bad), AA ≥ 80, A ≥ 70, B ≥ 60, below 60 B without and
//! C with a bad record; alert lines 6 / 9 / 12.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{project, seed, serve, token};

fn record(kind: &str, on: &str, reference: &str) -> Value {
    json!({"kind": kind, "recorded_on": on, "reference": reference,
           "issuer": "濉溪县住房和城乡建设局"})
}

async fn problem_field(app: &TestApp, path: &str, body: Value) -> String {
    let resp = app.post_json(path, Some(&app.admin_token), &body).await;
    let p = assert_problem(resp, 422).await;
    p["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn rating(app: &TestApp, company: &str, day: &str) -> Value {
    app.get_ok(
        &format!("/api/v1/companies/{company}/credit?as_of={day}"),
        &app.admin_token,
    )
    .await
}

#[tokio::test]
async fn records_are_typed_by_the_rubric_and_refused_field_by_field() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let path = format!("/api/v1/companies/{}/conduct-records", l.company_a);
    let r = app
        .admin_post(&path, record("moderate", "2023-04-01", "濉住建〔2023〕7号"))
        .await;
    assert_eq!(r["points"], "-6");
    assert_eq!(r["valid_until"], "2024-03-31"); // 12 months: [2023-04-01, 2024-04-01)
    assert_eq!(
        r["kind"],
        json!({"code": "moderate", "label": "一般不良行为"})
    );
    assert_eq!(r["conduct"], json!({"code": "bad", "label": "不良行为"}));
    assert_eq!(r["company_name"], "甲物业");
    assert!(r["created_at"].as_str().unwrap().ends_with("+08:00"));
    // The same document for the same company again: refused, naming the field.
    let again = record("minor", "2023-04-02", "濉住建〔2023〕7号");
    assert_eq!(problem_field(&app, &path, again).await, "reference");
    // …but another company may be named in the same document.
    let b = format!("/api/v1/companies/{}/conduct-records", l.company_b);
    app.admin_post(&b, record("minor", "2023-04-01", "濉住建〔2023〕7号"))
        .await;
    let cases = [
        (record("nope", "2023-04-01", "1号"), "kind"),
        (record("minor", "2023-02-30", "2号"), "recorded_on"),
        (record("minor", "2027-01-01", "3号"), "recorded_on"), // no rubric then, and future
        (
            json!({"kind": "minor", "recorded_on": "2023-04-01", "reference": "4号",
                "issuer": "县住建局", "points": "5"}),
            "points",
        ),
        (
            json!({"kind": "minor", "recorded_on": "2023-04-01", "reference": "5号",
                "issuer": "县住建局", "valid_until": "2023-03-31"}),
            "valid_until",
        ),
        (
            json!({"kind": "award-city", "recorded_on": "2023-04-01", "reference": "6号",
                "issuer": "县住建局", "rectify_by": "2023-05-01"}),
            "rectify_by",
        ),
    ];
    for (body, field) in cases {
        assert_eq!(
            problem_field(&app, &path, body.clone()).await,
            field,
            "{body}"
        );
    }
    // Nothing half-written: only the first record is there.
    let list = app.get_ok(&path, &app.admin_token).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_the_bureau_writes_and_a_company_reads_only_its_own() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let a = format!("/api/v1/companies/{}/conduct-records", l.company_a);
    app.admin_post(&a, record("minor", "2023-04-01", "1号"))
        .await;
    let company_a = token(&app, "company", json!({"company_id": l.company_a})).await;
    let company_b = token(&app, "company", json!({"company_id": l.company_b})).await;
    let unit = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let inspector = token(&app, "inspector", json!({})).await;
    let resp = app
        .post_json(
            &a,
            Some(&company_a),
            &record("award-city", "2023-04-01", "2号"),
        )
        .await;
    assert_problem(resp, 403).await;
    assert_eq!(
        app.get_ok(&a, &company_a).await.as_array().unwrap().len(),
        1
    );
    assert_eq!(
        app.get_ok(&a, &inspector).await.as_array().unwrap().len(),
        1
    );
    assert_problem(app.get(&a, Some(&company_b)).await, 404).await;
    assert_problem(app.get(&a, Some(&unit)).await, 403).await;
    let credit_a = format!("/api/v1/companies/{}/credit?as_of=2023-06-01", l.company_a);
    assert_problem(app.get(&credit_a, Some(&company_b)).await, 404).await;
    // The list: everyone for the bureau, its own for a company.
    let all = app
        .get_ok("/api/v1/credit?as_of=2023-06-01", &app.admin_token)
        .await;
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["company_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["乙物业", "甲物业"]);
    let own = app
        .get_ok("/api/v1/credit?as_of=2023-06-01", &company_b)
        .await;
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["company_name"], "乙物业");
    assert_eq!(own[0]["grade"], "未评级");
}

#[tokio::test]
async fn a_rating_counts_what_is_valid_on_its_day() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let a = &l.company_a;
    let p1 = project(&app, "P1", &l.nanguan, None).await;
    let p2 = project(&app, "P2", &l.dongguan, None).await;
    serve(&app, &p1, a, "2021-01-01", None).await;
    serve(&app, &p2, a, "2021-01-01", Some("2023-06-30")).await;
    // Nothing rated before any record: 未评级, no score.
    let before = rating(&app, a, "2023-03-01").await;
    assert_eq!(
        (before["rated"].clone(), before["grade"].clone()),
        (json!(false), json!("未评级"))
    );
    assert!(before.get("score").is_none());
    assert_eq!(before["projects"].as_array().unwrap().len(), 2);
    // The trace ends by saying so, not with a grade for the base score.
    let last = before["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap();
    assert!(last.contains("未评级") && !last.contains("→ B"), "{before}");
    let path = format!("/api/v1/companies/{a}/conduct-records");
    app.admin_post(&path, record("award-county", "2023-03-05", "表彰1号"))
        .await;
    let bad = app
        .admin_post(&path, record("moderate", "2023-04-01", "处罚7号"))
        .await;
    // 2023-03-10: 60 + 3 = 63 → B.
    let march = rating(&app, a, "2023-03-10").await;
    assert_eq!(
        (march["score"].clone(), march["grade"].clone()),
        (json!("63.00"), json!("B"))
    );
    // 2023-12-31: 60 + 3 − 6 = 57, below 60 with a bad record → C; the 6-point alert line.
    let december = rating(&app, a, "2023-12-31").await;
    assert_eq!(
        (december["score"].clone(), december["grade"].clone()),
        (json!("57.00"), json!("C"))
    );
    assert_eq!(
        december["alerts"],
        json!([{"points": "6", "measure": "警示"}])
    );
    assert_eq!(december["uses"]["renewal"], "不得续签，依法清出市场");
    // P2's service ended on 2023-06-30: only P1 is served at the year's end.
    assert_eq!(december["projects"].as_array().unwrap().len(), 1);
    assert!(december["steps"][0].as_str().unwrap().contains("小区P1"));
    let refs: Vec<&str> = december["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["表彰1号", "处罚7号"]);
    // Withdrawn from 2023-10-01: it counted before, not from that day on; the row stays.
    let end = format!(
        "/api/v1/conduct-records/{}/end",
        bad["id"].as_str().unwrap()
    );
    let body =
        json!({"version": 1, "how": "撤销", "on": "2023-10-01", "reason": "复议撤销原处罚决定"});
    let ended = app.admin_post(&end, body.clone()).await;
    assert_eq!(
        ended["end_kind"],
        json!({"code": "withdrawn", "label": "撤销"})
    );
    assert_eq!(ended["version"], 2);
    assert_eq!(rating(&app, a, "2023-09-30").await["grade"], "C");
    let after = rating(&app, a, "2023-12-31").await;
    assert_eq!(
        (after["score"].clone(), after["grade"].clone()),
        (json!("63.00"), json!("B"))
    );
    assert_eq!(after["records"][1]["counts"], false);
    assert_eq!(after["records"][1]["ended_on"], "2023-10-01");
    // A record ends once; a stale version is refused.
    let again = json!({"version": 2, "how": "repaired", "reason": "再次"});
    assert_problem(
        app.post_json(&end, Some(&app.admin_token), &again).await,
        409,
    )
    .await;
    assert_eq!(
        app.get_ok(&path, &app.admin_token)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Every change is in the audit trail.
    let actions: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_entries WHERE subject_type = 'conduct_record' ORDER BY seq",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        actions,
        [
            "conduct_record.create",
            "conduct_record.create",
            "conduct_record.update"
        ]
    );
    // A day no credit rubric covers is refused, naming the field.
    let resp = app
        .get(
            &format!("/api/v1/companies/{a}/credit?as_of=2024-06-01"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(
        assert_problem(resp, 422).await["errors"][0]["field"],
        "as_of"
    );
}
