//! Complaints and petitions (信访投诉) and the daily-evaluation component they make. Worked by
//! hand from the shipped rubrics: `service-quality.toml` scores P1's visit 96.50 (1.1 no-guard
//! −2, 2.2 broken-light 3 × 0.5, 6.2 at 0.95); `composite.toml` `[daily]` takes 2 points per
//! upheld complaint and 2 more per complaint not resolved within its channel's limit (hotline 7
//! days, petition 60, bureau 15), from a base of 100; with no survey, quality is
//! (0.4 × inspection + 0.3 × daily) / 0.7 at two places half-up; one project, so the company's
//! credit score is that quality.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{Ledger, audit_actions, count, project_json, seed, serve, token};

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let resp = app.post_json(path, Some(token), &body).await;
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.unwrap()
}

async fn project(app: &TestApp, code: &str, community: &str) -> String {
    let mut body = project_json(code, community, None);
    body["floor_area"] = json!("6000");
    app.admin_post("/api/v1/projects", body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// P1 in 南关 served by company A from 2023-01-01, its visit of 2023-05-10 accepted on
/// 2023-06-01 (96.50).
async fn rated_project(app: &TestApp) -> (Ledger, String) {
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(app).await;
    let p1 = project(app, "P1", &l.nanguan).await;
    serve(app, &p1, &l.company_a, "2023-01-01", None).await;
    let inspector = token(app, "inspector", json!({})).await;
    let new = json!({"project_id": p1, "visit_on": "2023-05-10", "inspectors": ["张三"]});
    let id = post(app, "/api/v1/evaluations", &inspector, new).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheets = json!({"version": 1, "inspectors": ["张三"],
        "findings": [{"item": "1.1", "finding": "no-guard"},
                     {"item": "2.2", "finding": "broken-light", "count": 3}],
        "measures": [{"item": "6.2", "value": "0.95"}]});
    let resp = app
        .put_json(
            &format!("/api/v1/evaluations/{id}/sheets"),
            Some(&inspector),
            &sheets,
        )
        .await;
    assert_eq!(resp.status(), 200);
    post(
        app,
        &format!("/api/v1/evaluations/{id}/submit"),
        &inspector,
        json!({"version": 2}),
    )
    .await;
    let admin = app.admin_token.clone();
    post(
        app,
        &format!("/api/v1/evaluations/{id}/accept"),
        &admin,
        json!({"version": 3}),
    )
    .await;
    (l, p1)
}

fn complaint(project: &str, channel: &str, reference: &str, received: &str) -> Value {
    json!({"project_id": project, "channel": channel, "category": "cleaning",
           "reference": reference, "received_on": received, "summary": "楼道垃圾未及时清运"})
}

async fn credit(app: &TestApp, company: &str, day: &str) -> Value {
    app.get_ok(
        &format!("/api/v1/companies/{company}/credit?as_of={day}"),
        &app.admin_token,
    )
    .await
}

#[tokio::test]
async fn complaints_take_points_from_the_daily_component_as_of_each_day() {
    let app = spawn_app().await;
    let (l, p1) = rated_project(&app).await;
    let admin = app.admin_token.clone();
    // Without complaints the daily component is the base: (38.6 + 30) / 0.7 = 98 → 98.00.
    let r = credit(&app, &l.company_a, "2023-06-01").await;
    assert_eq!(r["score"].as_str(), Some("98.00"), "{r}");
    // H1: 12345, received 05-02, resolved 05-05 upheld — in time (due 05-09): −2.
    let mut h1 = complaint(&p1, "hotline", "H1", "2023-05-02");
    h1["resolution"] = json!({"resolved_on": "2023-05-05", "outcome": "属实", "note": "已清运"});
    let h1 = post(&app, "/api/v1/complaints", &admin, h1).await;
    assert_eq!(h1["due_on"], "2023-05-09");
    assert_eq!(h1["handling"]["label"], "按时办结");
    assert_eq!(h1["channel"]["label"], "12345政务服务便民热线");
    assert_eq!(h1["company_name"], "甲物业");
    // H2: petition, received 05-03, open: due 05-03 + 60 days = 07-02.
    let h2 = post(
        &app,
        "/api/v1/complaints",
        &admin,
        complaint(&p1, "信访来信（含网上信访）", "H2", "2023-05-03"),
    )
    .await;
    assert_eq!(
        (h2["due_on"].as_str(), h2["handling"]["code"].as_str()),
        (Some("2023-07-02"), Some("open"))
    );
    // H3: bureau, received 05-10 (due 05-25), resolved 05-30 not upheld — late: −2.
    let h3 = post(
        &app,
        "/api/v1/complaints",
        &admin,
        complaint(&p1, "bureau", "H3", "2023-05-10"),
    )
    .await;
    let id3 = h3["id"].as_str().unwrap().to_owned();
    let resolved = post(&app, &format!("/api/v1/complaints/{id3}/resolution"), &admin,
        json!({"version": 1, "resolved_on": "2023-05-30", "outcome": "not-upheld", "note": "经核实不属实"})).await;
    assert_eq!(resolved["handling"]["label"], "超时办结");
    assert_eq!(resolved["outcome"]["label"], "不属实");
    // As of 06-01: daily 100 − 2 − 2 = 96; (38.6 + 28.8) / 0.7 = 96.2857… → 96.29.
    let r = credit(&app, &l.company_a, "2023-06-01").await;
    assert_eq!(r["score"].as_str(), Some("96.29"), "{r}");
    let line = r["projects"][0]["quality_line"].as_str().unwrap();
    assert!(
        line.contains("H1 属实") && line.contains("H3 未按时办结") && !line.contains("H2"),
        "{line}"
    );
    // As of 05-20 (before acceptance) nothing is rated at all: complaints never rate alone.
    let r = credit(&app, &l.company_a, "2023-05-20").await;
    assert_eq!(r["rated"].as_bool(), Some(false), "{r}");
    // On 07-03 H2 is overdue: −2 more, daily 94; (38.6 + 28.2) / 0.7 = 95.4285… → 95.43.
    assert!(app.clock().set("2023-07-05T02:00:00Z".parse().unwrap()));
    assert_eq!(
        credit(&app, &l.company_a, "2023-07-02").await["score"].as_str(),
        Some("96.29")
    );
    assert_eq!(
        credit(&app, &l.company_a, "2023-07-03").await["score"].as_str(),
        Some("95.43")
    );
    // H3 withdrawn from 07-04 (entered in error): it counts on the days before only.
    let w = post(
        &app,
        &format!("/api/v1/complaints/{id3}/withdrawal"),
        &admin,
        json!({"version": 2, "on": "2023-07-04", "reason": "重复登记"}),
    )
    .await;
    assert_eq!(w["withdrawn_on"], "2023-07-04");
    assert_eq!(
        credit(&app, &l.company_a, "2023-07-03").await["score"].as_str(),
        Some("95.43")
    );
    assert_eq!(
        credit(&app, &l.company_a, "2023-07-04").await["score"].as_str(),
        Some("96.29")
    );
    assert_eq!(
        audit_actions(&app, &id3).await,
        ["complaint.create", "complaint.update", "complaint.update"]
    );
    // Still listed, with its withdrawal; newest first.
    let all = app
        .get_ok(&format!("/api/v1/complaints?project_id={p1}"), &admin)
        .await;
    let refs: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["H3", "H2", "H1"]);
    assert_eq!(all[1]["handling"]["label"], "超期未办结");
}

#[tokio::test]
async fn bad_complaints_are_refused_naming_the_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let (l, p1) = rated_project(&app).await;
    let admin = app.admin_token.clone();
    let field = |v: &Value| {
        v["errors"][0]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let cases = [
        (json!({"channel": "wechat"}), "channel"),
        (json!({"category": "noise"}), "category"),
        (json!({"received_on": "2023-06-02"}), "received_on"),
        // No company served P1 before 2023-01-01.
        (json!({"received_on": "2022-12-31"}), "received_on"),
        (
            json!({"resolution": {"resolved_on": "2023-04-30", "outcome": "upheld", "note": "x"}}),
            "resolved_on",
        ),
        (
            json!({"resolution": {"resolved_on": "2023-05-03", "outcome": "maybe", "note": "x"}}),
            "outcome",
        ),
        // Residents' phone and ID numbers stay out of the record.
        (json!({"summary": "业主13912345678反映漏水"}), "summary"),
        (
            json!({"resolution": {"resolved_on": "2023-05-03", "outcome": "upheld",
                                  "note": "已回访 340621198001011234"}}),
            "note",
        ),
    ];
    for (patch, expected) in cases {
        let mut body = complaint(&p1, "hotline", "X1", "2023-05-01");
        body.as_object_mut()
            .unwrap()
            .extend(patch.as_object().unwrap().clone());
        let resp = app
            .post_json("/api/v1/complaints", Some(&admin), &body)
            .await;
        let problem = assert_problem(resp, 422).await;
        assert!(
            field(&problem).starts_with(expected),
            "{expected}: {problem}"
        );
    }
    assert_eq!(count(&app, "complaints").await, 0);
    let unknown = complaint("no-such-project", "hotline", "X1", "2023-05-01");
    let resp = app
        .post_json("/api/v1/complaints", Some(&admin), &unknown)
        .await;
    assert!(resp.status().is_client_error());
    // The same number on the same channel twice: the second is refused.
    let first = post(
        &app,
        "/api/v1/complaints",
        &admin,
        complaint(&p1, "hotline", "X1", "2023-05-01"),
    )
    .await;
    let resp = app
        .post_json(
            "/api/v1/complaints",
            Some(&admin),
            &complaint(&p1, "hotline", "X1", "2023-05-02"),
        )
        .await;
    assert_eq!(field(&assert_problem(resp, 422).await), "reference");
    // Resolved once only; a stale version is a conflict.
    let id = first["id"].as_str().unwrap();
    let resolve =
        json!({"version": 1, "resolved_on": "2023-05-03", "outcome": "upheld", "note": "已处理"});
    post(
        &app,
        &format!("/api/v1/complaints/{id}/resolution"),
        &admin,
        resolve.clone(),
    )
    .await;
    let resp = app
        .post_json(
            &format!("/api/v1/complaints/{id}/resolution"),
            Some(&admin),
            &resolve,
        )
        .await;
    assert_problem(resp, 409).await;
    let again =
        json!({"version": 2, "resolved_on": "2023-05-03", "outcome": "upheld", "note": "再次"});
    let resp = app
        .post_json(
            &format!("/api/v1/complaints/{id}/resolution"),
            Some(&admin),
            &again,
        )
        .await;
    assert_problem(resp, 409).await;
    assert_eq!(count(&app, "complaints").await, 1);
    let _ = l;
}

#[tokio::test]
async fn each_role_reads_only_its_own_complaints_and_only_the_bureau_writes() {
    let app = spawn_app().await;
    let (l, p1) = rated_project(&app).await;
    let admin = app.admin_token.clone();
    let c = post(
        &app,
        "/api/v1/complaints",
        &admin,
        complaint(&p1, "hotline", "R1", "2023-05-02"),
    )
    .await;
    let id = c["id"].as_str().unwrap();
    let company_a = token(&app, "company", json!({"company_id": l.company_a})).await;
    let company_b = token(&app, "company", json!({"company_id": l.company_b})).await;
    let town = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let park = token(&app, "unit", json!({"unit_id": l.unit_park})).await;
    let inspector = token(&app, "inspector", json!({})).await;
    for (who, sees) in [
        (&company_a, 1),
        (&company_b, 0),
        (&town, 1),
        (&park, 0),
        (&inspector, 1),
    ] {
        let list = app.get_ok("/api/v1/complaints", who).await;
        assert_eq!(list.as_array().unwrap().len(), sees, "{list}");
        let one = app
            .get(&format!("/api/v1/complaints/{id}"), Some(who))
            .await;
        assert_eq!(one.status(), if sees == 1 { 200 } else { 404 });
    }
    // Company A asking for B's complaints gets none of them (and never A's under B's name).
    let other = app
        .get_ok(
            &format!("/api/v1/complaints?company_id={}", l.company_b),
            &company_a,
        )
        .await;
    assert_eq!(other.as_array().unwrap().len(), 0);
    let resp = app
        .post_json(
            "/api/v1/complaints",
            Some(&company_a),
            &complaint(&p1, "hotline", "R2", "2023-05-02"),
        )
        .await;
    assert_problem(resp, 403).await;
    let resp = app
        .post_json(
            &format!("/api/v1/complaints/{id}/withdrawal"),
            Some(&town),
            &json!({"version": 1, "reason": "x"}),
        )
        .await;
    assert_problem(resp, 403).await;
}
