//! Project quality feeding company credit, as of a day. Worked by hand from the shipped rubrics:
//! `service-quality.toml` scores the visits (P1: 1.1 no-guard −2 and 2.2 broken-light 3 × 0.5,
//! 6.2 at 0.95 → 96.50; P2: 1.1 no-log −1, 6.2 at 0.95 → 99.00); `composite.toml` has no
//! survey round for them and no complaint about them, so each project's quality is
//! (0.4 × inspection + 0.3 × 100 daily) / 0.7, the survey's weight re-normalised (96.50 →
//! 98.00, 99.00 → 99.428… → 99.43, 98.50 → 99.142… → 99.14, 98.00 → 98.857… → 98.86);
//! `credit.toml` weighs the projects by floor area
//! (6,000 and 4,000 m²: a 60/40 split), rounds to two places, deducts 6 for a moderate record
//! and grades AAA ≥ 85 only without bad records, AA ≥ 80.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::ledger::fixture::{project_json, seed, serve, token};

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let resp = app.post_json(path, Some(token), &body).await;
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.unwrap()
}

pub(crate) async fn project(app: &TestApp, code: &str, community: &str, area: &str) -> String {
    let mut body = project_json(code, community, None);
    body["floor_area"] = json!(area);
    app.admin_post("/api/v1/projects", body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Opens, fills, submits and accepts an evaluation; returns its id.
pub(crate) async fn evaluated(
    app: &TestApp,
    inspector: &str,
    project: &str,
    day: &str,
    findings: Value,
) -> String {
    let new = json!({"project_id": project, "visit_on": day, "inspectors": ["张三"]});
    let id = post(app, "/api/v1/evaluations", inspector, new).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheets = json!({"version": 1, "inspectors": ["张三"], "findings": findings,
                        "measures": [{"item": "6.2", "value": "0.95"}]});
    let resp = app
        .put_json(
            &format!("/api/v1/evaluations/{id}/sheets"),
            Some(inspector),
            &sheets,
        )
        .await;
    assert_eq!(resp.status(), 200);
    post(
        app,
        &format!("/api/v1/evaluations/{id}/submit"),
        inspector,
        json!({"version": 2}),
    )
    .await;
    post(
        app,
        &format!("/api/v1/evaluations/{id}/accept"),
        &app.admin_token,
        json!({"version": 3}),
    )
    .await;
    id
}

async fn rating(app: &TestApp, company: &str, day: &str) -> Value {
    app.get_ok(
        &format!("/api/v1/companies/{company}/credit?as_of={day}"),
        &app.admin_token,
    )
    .await
}

fn qualities(r: &Value) -> Vec<Option<String>> {
    r["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["quality"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn accepted_evaluations_weigh_in_by_floor_area_from_the_day_they_are_accepted() {
    let app = spawn_app().await;
    // 2023-06-01 10:00 in Beijing: inside the 2023 rubrics' window.
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p1 = project(&app, "P1", &l.nanguan, "6000").await;
    let p2 = project(&app, "P2", &l.nanguan, "4000").await;
    serve(&app, &p1, &l.company_a, "2023-01-01", None).await;
    serve(&app, &p2, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    let e1 = evaluated(
        &app,
        &inspector,
        &p1,
        "2023-05-10",
        json!([
            {"item": "1.1", "finding": "no-guard"},
            {"item": "2.2", "finding": "broken-light", "count": 3}
        ]),
    )
    .await;
    evaluated(
        &app,
        &inspector,
        &p2,
        "2023-05-11",
        json!([{"item": "1.1", "finding": "no-log"}]),
    )
    .await;
    // The day before acceptance nothing is rated.
    let before = rating(&app, &l.company_a, "2023-05-31").await;
    assert_eq!(
        (before["grade"].as_str(), before["rated"].as_bool()),
        (Some("未评级"), Some(false))
    );
    // From acceptance: (98.00 × 6000 + 99.43 × 4000) / 10000 = 98.572 → 98.57, AAA.
    let r = rating(&app, &l.company_a, "2023-06-01").await;
    assert_eq!(qualities(&r), [Some("98.00".into()), Some("99.43".into())]);
    assert_eq!(
        (r["score"].as_str(), r["grade"].as_str()),
        (Some("98.57"), Some("AAA"))
    );
    assert!(
        r["projects"][0]["quality_line"]
            .as_str()
            .unwrap()
            .contains("现场测评 2023-05-10"),
        "{r}"
    );
    // A moderate record (−6): 92.57, and with a bad record AAA is out: AA.
    let record = json!({"kind": "moderate", "recorded_on": "2023-06-01", "reference": "濉住建〔2023〕9号",
                        "issuer": "濉溪县住房和城乡建设局"});
    app.admin_post(
        &format!("/api/v1/companies/{}/conduct-records", l.company_a),
        record,
    )
    .await;
    let r = rating(&app, &l.company_a, "2023-06-01").await;
    assert_eq!(
        (r["score"].as_str(), r["grade"].as_str()),
        (Some("92.57"), Some("AA"))
    );
    // The company objects to P1's no-guard finding; upheld on 2023-06-03.
    let company = token(&app, "company", json!({"company_id": l.company_a})).await;
    let e = post(
        &app,
        &format!("/api/v1/evaluations/{e1}/objections"),
        &company,
        json!({"finding": 0, "reason": "有值班记录"}),
    )
    .await;
    let objection = e["findings"][0]["objection"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(app.clock().set("2023-06-03T02:00:00Z".parse().unwrap()));
    post(
        &app,
        &format!("/api/v1/evaluation-objections/{objection}/decision"),
        &app.admin_token,
        json!({"version": 1, "uphold": true, "reason": "属实"}),
    )
    .await;
    // Upheld, the finding was wrong from the start: it no longer counts on any day, also
    // before the decision (a day already published is corrected). P1's inspection is 98.50,
    // its quality 99.14: (99.14 × 6000 + 99.43 × 4000) / 10000 = 99.256; − 6 = 93.256 → 93.26.
    let r = rating(&app, &l.company_a, "2023-06-02").await;
    assert_eq!(r["score"].as_str(), Some("93.26"));
    let r = rating(&app, &l.company_a, "2023-06-03").await;
    assert_eq!(qualities(&r), [Some("99.14".into()), Some("99.43".into())]);
    assert_eq!(r["score"].as_str(), Some("93.26"));
}

/// P1 (6,000 m²) passes from company A to company B on 2023-07-01, and A takes over P2
/// (4,000 m²) that day. A's visit to P1 (96.50, accepted 2023-06-01) stays A's: it rates A
/// while A serves P1 and never rates B, whose own visit (1.1 no-log −1 → 99.00) rates it;
/// A is then rated on P2 alone (2.1 no-record −2 → 98.00). No survey and no complaint, so
/// each quality is (0.4 × inspection + 30) / 0.7 (96.50 → 98.00, 98.00 → 98.86, 99.00 → 99.43).
#[tokio::test]
async fn a_measurement_stays_with_the_company_whose_service_it_measured() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let (a, b) = (&l.company_a, &l.company_b);
    let p1 = project(&app, "P1", &l.nanguan, "6000").await;
    let p2 = project(&app, "P2", &l.dongguan, "4000").await;
    serve(&app, &p1, a, "2023-01-01", Some("2023-06-30")).await;
    let inspector = token(&app, "inspector", json!({})).await;
    evaluated(
        &app,
        &inspector,
        &p1,
        "2023-05-10",
        json!([
            {"item": "1.1", "finding": "no-guard"},
            {"item": "2.2", "finding": "broken-light", "count": 3}
        ]),
    )
    .await;
    assert!(app.clock().set("2023-08-01T02:00:00Z".parse().unwrap()));
    serve(&app, &p1, b, "2023-07-01", None).await;
    serve(&app, &p2, a, "2023-07-01", None).await;
    evaluated(
        &app,
        &inspector,
        &p1,
        "2023-07-20",
        json!([{"item": "1.1", "finding": "no-log"}]),
    )
    .await;
    evaluated(
        &app,
        &inspector,
        &p2,
        "2023-07-21",
        json!([{"item": "2.1", "finding": "no-record"}]),
    )
    .await;
    let june = rating(&app, a, "2023-06-15").await;
    assert_eq!(qualities(&june), [Some("98.00".into())]);
    assert_eq!(june["score"].as_str(), Some("98.00"));
    let august = rating(&app, a, "2023-08-01").await;
    assert_eq!(august["projects"][0]["project_name"], "小区P2");
    assert_eq!(
        (qualities(&august), august["score"].as_str()),
        (vec![Some("98.86".into())], Some("98.86"))
    );
    let b_rating = rating(&app, b, "2023-08-01").await;
    assert_eq!(
        (qualities(&b_rating), b_rating["score"].as_str()),
        (vec![Some("99.43".into())], Some("99.43"))
    );
    // Before B's own visit was accepted, A's old score does not rate B: nothing is rated.
    assert!(app.clock().set("2023-08-02T02:00:00Z".parse().unwrap()));
    let b_july = rating(&app, b, "2023-07-15").await;
    assert_eq!(b_july["grade"], "未评级");
}

/// The bureau may date its acceptance (results delivered late for an earlier period): the
/// evaluation counts from that day — never before the visit nor after today.
#[tokio::test]
async fn an_acceptance_dated_back_counts_from_its_day() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p1 = project(&app, "P1", &l.nanguan, "6000").await;
    serve(&app, &p1, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    let new = json!({"project_id": p1, "visit_on": "2023-05-10", "inspectors": ["张三"]});
    let id = post(&app, "/api/v1/evaluations", &inspector, new).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheets = json!({"version": 1, "inspectors": ["张三"],
        "findings": [{"item": "1.1", "finding": "no-guard"},
                     {"item": "2.2", "finding": "broken-light", "count": 3}],
        "measures": [{"item": "6.2", "value": "0.95"}]});
    let path = format!("/api/v1/evaluations/{id}/sheets");
    assert_eq!(
        app.put_json(&path, Some(&inspector), &sheets)
            .await
            .status(),
        200
    );
    post(
        &app,
        &format!("/api/v1/evaluations/{id}/submit"),
        &inspector,
        json!({"version": 2}),
    )
    .await;
    let accept = format!("/api/v1/evaluations/{id}/accept");
    for bad in ["2023-05-09", "2023-06-02"] {
        let resp = app
            .post_json(
                &accept,
                Some(&app.admin_token),
                &json!({"version": 3, "on": bad}),
            )
            .await;
        let p = crate::helpers::assert_problem(resp, 422).await;
        assert_eq!(p["errors"][0]["field"], "on", "{p}");
    }
    let e = post(
        &app,
        &accept,
        &app.admin_token,
        json!({"version": 3, "on": "2023-05-15"}),
    )
    .await;
    assert_eq!(e["accepted_on"], "2023-05-15");
    // Counts from 2023-05-15: 96.50 with daily 100 → (38.6 + 30) / 0.7 = 98.00.
    assert_eq!(
        rating(&app, &l.company_a, "2023-05-14").await["grade"],
        "未评级"
    );
    assert_eq!(
        rating(&app, &l.company_a, "2023-05-15").await["score"],
        "98.00"
    );
}
