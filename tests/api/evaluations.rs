//! On-site evaluations (第三方现场测评) end to end: an inspector opens and fills one, submits
//! it; the bureau accepts it; the company objects to a finding and the bureau upholds it.
//! Expected scores are worked by hand from the shipped `rubrics/service-quality.toml` (the
//! same sheets as `domain::credit::evaluation::tests`): sheet 1 — 1.1 no-guard ×1 (−2),
//! 2.2 broken-light ×3 (−1.5), 6.2 at 0.95 (full) — is 96.50; sheet 2 — 1.1 no-log ×1 (−1),
//! 6.2 不适用 — is 91 × 100 / 92 = 98.913… → 98.91; the visit is their mean 97.705 → 97.71.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{Ledger, audit_actions, project, seed, serve, token};

struct Visit {
    app: TestApp,
    l: Ledger,
    inspector: String,
    project: String,
}

async fn visit() -> Visit {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let project = project(&app, "XQ-1", &l.nanguan, None).await;
    serve(&app, &project, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    Visit {
        app,
        l,
        inspector,
        project,
    }
}

fn sheets(version: i64) -> Value {
    json!({
        "version": version,
        "inspectors": ["张三", "李四"],
        "findings": [
            {"sheet": 1, "item": "1.1", "finding": "no-guard", "note": "门岗无人", "location": "北门"},
            {"sheet": 1, "item": "2.2", "finding": "broken-light", "count": 3},
            {"sheet": 2, "item": "1.1", "finding": "no-log"}
        ],
        "measures": [{"sheet": 1, "item": "6.2", "value": "0.95"}],
        "not_applicable": [{"sheet": 2, "item": "6.2", "reason": "检查期内无投诉"}]
    })
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let resp = app.post_json(path, Some(token), &body).await;
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn an_evaluation_goes_from_draft_to_accepted_and_an_upheld_objection_stops_a_finding_counting()
 {
    let Visit {
        app,
        l,
        inspector,
        project,
    } = visit().await;
    let new =
        json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["张三", "李四"]});
    let e = post(&app, "/api/v1/evaluations", &inspector, new).await;
    let id = e["id"].as_str().unwrap().to_owned();
    assert_eq!(e["status"], json!({"code": "draft", "label": "草稿"}));
    assert_eq!(
        (e["company_name"].as_str(), e["project_name"].as_str()),
        (Some("甲物业"), Some("小区XQ-1"))
    );
    assert!(e.get("score").is_none(), "6.2 has no measure yet");
    assert_eq!(e["missing"][0]["field"], "measures", "{e}");
    let message = e["missing"][0]["message"].as_str().unwrap();
    assert!(message.contains("第 1 张检查表缺少检查项 6.2"), "{e}");
    let resp = app
        .put_json(
            &format!("/api/v1/evaluations/{id}/sheets"),
            Some(&inspector),
            &sheets(1),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let e: Value = resp.json().await.unwrap();
    assert_eq!(e["score"]["total"], "97.71");
    assert_eq!(e["score"]["grade"], "优秀");
    assert_eq!(e["score"]["sheets"][0]["total"], "96.50");
    assert_eq!(
        e["findings"][1]["finding_title"],
        "公共照明损坏未修复（每处）"
    );
    let e = post(
        &app,
        &format!("/api/v1/evaluations/{id}/submit"),
        &inspector,
        json!({"version": 2}),
    )
    .await;
    assert_eq!(e["status"]["code"], "submitted");
    let e = post(
        &app,
        &format!("/api/v1/evaluations/{id}/accept"),
        &app.admin_token,
        json!({"version": 3}),
    )
    .await;
    assert_eq!(e["status"]["code"], "accepted");
    // Accepted on the test's today, 2026-06-15: five days to object.
    assert_eq!(
        (e["accepted_on"].as_str(), e["objection_until"].as_str()),
        (Some("2026-06-15"), Some("2026-06-20"))
    );
    let company = token(&app, "company", json!({"company_id": l.company_a})).await;
    let o = json!({"finding": 0, "reason": "当日门岗人员临时巡逻，有值班记录"});
    let e = post(
        &app,
        &format!("/api/v1/evaluations/{id}/objections"),
        &company,
        o,
    )
    .await;
    let objection = &e["findings"][0]["objection"];
    assert_eq!(objection["status"]["code"], "pending");
    assert_eq!(
        e["score"]["total"], "97.71",
        "a pending objection changes nothing"
    );
    let decision = json!({"version": 1, "uphold": true, "reason": "值班记录属实"});
    let path = format!(
        "/api/v1/evaluation-objections/{}/decision",
        objection["id"].as_str().unwrap()
    );
    let e = post(&app, &path, &app.admin_token, decision.clone()).await;
    // Sheet 1 without no-guard: 100 − 1.5 = 98.50; (98.50 + 98.91) / 2 = 98.705 → 98.71.
    assert_eq!(e["findings"][0]["counts"], false);
    assert_eq!(
        e["findings"][0]["objection"]["status"],
        json!({"code": "upheld", "label": "成立"})
    );
    assert_eq!(e["score"]["sheets"][0]["total"], "98.50");
    assert_eq!(e["score"]["total"], "98.71");
    let item = &e["score"]["sheets"][0]["items"][0];
    assert_eq!(item["code"], "1.1");
    assert!(
        item["explanation"]
            .as_str()
            .unwrap()
            .contains("no-guard ×1 经异议于 2026-06-15 认定成立"),
        "{item}"
    );
    assert_eq!(
        e["findings"].as_array().unwrap().len(),
        3,
        "the finding stays, marked"
    );
    // Decided once.
    assert_problem(
        app.post_json(&path, Some(&app.admin_token), &decision)
            .await,
        409,
    )
    .await;
    assert_eq!(
        audit_actions(&app, &id).await,
        [
            "evaluation.create",
            "evaluation.update",
            "evaluation.update",
            "evaluation.update"
        ]
    );
    let objection_id = objection["id"].as_str().unwrap();
    assert_eq!(
        audit_actions(&app, objection_id).await,
        ["evaluation_objection.create", "evaluation_objection.update"]
    );
}

#[tokio::test]
async fn each_party_sees_only_what_it_may_and_writes_only_its_own() {
    let Visit {
        app,
        l,
        inspector,
        project,
    } = visit().await;
    let new = json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["张三"]});
    let e = post(&app, "/api/v1/evaluations", &inspector, new).await;
    let id = e["id"].as_str().unwrap().to_owned();
    let one = format!("/api/v1/evaluations/{id}");
    let company_a = token(&app, "company", json!({"company_id": l.company_a})).await;
    let company_b = token(&app, "company", json!({"company_id": l.company_b})).await;
    let town = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let park = token(&app, "unit", json!({"unit_id": l.unit_park})).await;
    let other_inspector = token(&app, "inspector", json!({})).await;
    // A draft is the inspectors' and the bureau's business only.
    assert_problem(app.get(&one, Some(&company_a)).await, 404).await;
    assert_problem(app.get(&one, Some(&town)).await, 404).await;
    app.get_ok(&one, &other_inspector).await;
    let body = json!({"version": 1, "inspectors": ["王五"]});
    let sheets_path = format!("{one}/sheets");
    assert_problem(
        app.put_json(&sheets_path, Some(&other_inspector), &body)
            .await,
        403,
    )
    .await;
    assert_problem(
        app.post_json("/api/v1/evaluations", Some(&company_a), &json!({}))
            .await,
        403,
    )
    .await;
    let mut s = sheets(1);
    s["inspectors"] = json!(["张三"]);
    s["findings"] = json!([{"item": "1.1", "finding": "no-guard"}]);
    s["not_applicable"] = json!([]);
    let resp = app.put_json(&sheets_path, Some(&inspector), &s).await;
    assert_eq!(resp.status(), 200);
    post(
        &app,
        &format!("{one}/submit"),
        &inspector,
        json!({"version": 2}),
    )
    .await;
    let accept = format!("{one}/accept");
    assert_problem(
        app.post_json(&accept, Some(&inspector), &json!({"version": 3}))
            .await,
        403,
    )
    .await;
    post(&app, &accept, &app.admin_token, json!({"version": 3})).await;
    // Accepted: the serving company and the town's unit read it; the others do not.
    assert_eq!(
        app.get_ok(&one, &company_a).await["score"]["total"],
        "98.00"
    );
    app.get_ok(&one, &town).await;
    assert_problem(app.get(&one, Some(&company_b)).await, 404).await;
    assert_problem(app.get(&one, Some(&park)).await, 404).await;
    let list = app.get_ok("/api/v1/evaluations", &company_b).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let list = app
        .get_ok(
            &format!("/api/v1/evaluations?project_id={project}"),
            &company_a,
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Another company may not object; nor may anyone after the window.
    let o = json!({"finding": 0, "reason": "有异议"});
    let objections = format!("{one}/objections");
    assert_problem(app.post_json(&objections, Some(&company_b), &o).await, 404).await;
    app.clock().set("2026-06-20T15:59:00Z".parse().unwrap()); // 2026-06-20 23:59 Beijing: last day
    let late = json!({"finding": 0, "reason": "最后一天提出"});
    post(&app, &objections, &company_a, late).await;
    app.clock().set("2026-06-20T16:00:00Z".parse().unwrap()); // 2026-06-21 00:00 Beijing
    let p = assert_problem(app.post_json(&objections, Some(&company_a), &o).await, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("2026-06-20"), "{p}");
    // The refusal names the request field it is about, not the path.
    assert_eq!(p["errors"][0]["field"], "finding", "{p}");
}

async fn field_of(app: &TestApp, resp: reqwest::Response) -> String {
    let _ = app;
    let p = assert_problem(resp, 422).await;
    p["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let Visit {
        app,
        l,
        inspector,
        project,
    } = visit().await;
    let unserved = crate::ledger::fixture::project(&app, "XQ-2", &l.nanguan, None).await;
    let cases = [
        (
            json!({"project_id": unserved, "visit_on": "2023-05-10", "inspectors": ["张三"]}),
            "visit_on",
        ),
        (
            json!({"project_id": project, "visit_on": "2022-12-31", "inspectors": ["张三"]}),
            "visit_on",
        ),
        (
            json!({"project_id": project, "visit_on": "2023-02-30", "inspectors": ["张三"]}),
            "visit_on",
        ),
        (
            json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["张三", "张三"]}),
            "inspectors[1]",
        ),
        (
            json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["甲", "乙", "丙"]}),
            "inspectors",
        ),
    ];
    for (body, field) in cases {
        let resp = app
            .post_json("/api/v1/evaluations", Some(&inspector), &body)
            .await;
        assert_eq!(field_of(&app, resp).await, field, "{body}");
    }
    let missing = json!({"project_id": "nope", "visit_on": "2023-05-10", "inspectors": ["张三"]});
    assert_problem(
        app.post_json("/api/v1/evaluations", Some(&inspector), &missing)
            .await,
        404,
    )
    .await;
    let new =
        json!({"project_id": project, "visit_on": "2023-05-10", "inspectors": ["张三", "李四"]});
    let e = post(&app, "/api/v1/evaluations", &inspector, new.clone()).await;
    let id = e["id"].as_str().unwrap();
    let resp = app
        .post_json("/api/v1/evaluations", Some(&inspector), &new)
        .await;
    assert_eq!(
        field_of(&app, resp).await,
        "visit_on",
        "one per project and day"
    );
    // Incomplete sheets cannot be submitted.
    let submit = format!("/api/v1/evaluations/{id}/submit");
    let resp = app
        .post_json(&submit, Some(&inspector), &json!({"version": 1}))
        .await;
    assert_eq!(field_of(&app, resp).await, "measures");
    // A wrong line refuses the whole write.
    let mut bad = sheets(1);
    bad["findings"][2]["finding"] = json!("no-such");
    let path = format!("/api/v1/evaluations/{id}/sheets");
    let resp = app.put_json(&path, Some(&inspector), &bad).await;
    assert_eq!(field_of(&app, resp).await, "findings[2].finding");
    let mut bad = sheets(1);
    bad["measures"][0]["value"] = json!("九成");
    let resp = app.put_json(&path, Some(&inspector), &bad).await;
    assert_eq!(field_of(&app, resp).await, "measures[0].value");
    // A share typed as a percentage is refused at once, not saved and later called missing.
    let mut bad = sheets(1);
    bad["measures"][0]["value"] = json!("96");
    let resp = app.put_json(&path, Some(&inspector), &bad).await;
    assert_eq!(field_of(&app, resp).await, "measures[0].value");
    let e = app
        .get_ok(&format!("/api/v1/evaluations/{id}"), &inspector)
        .await;
    assert_eq!(
        (
            e["version"].as_i64(),
            e["findings"].as_array().map(Vec::len)
        ),
        (Some(1), Some(0))
    );
    assert_eq!(audit_actions(&app, id).await, ["evaluation.create"]);
}
