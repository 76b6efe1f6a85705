//! Objections to conduct records (信用记录异议) by the shipped `rubrics/credit.toml`
//! (`objection_days = 15`, an assumption): the company objects within 15 days of the day a
//! record is entered (both ends counted); the record counts while the objection waits; upheld,
//! it is withdrawn from its own date and never counted; rejected, it keeps counting.
//! By hand, with no rated project the quality part is the base 60: moderate −6, minor −2.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{audit_actions, seed, token};

fn at(app: &TestApp, day: &str) {
    // 10:00 in Beijing on `day`.
    assert!(app.clock().set(format!("{day}T02:00:00Z").parse().unwrap()));
}

async fn record(app: &TestApp, company: &str, kind: &str, on: &str, reference: &str) -> String {
    let body = json!({"kind": kind, "recorded_on": on, "reference": reference,
                      "issuer": "濉溪县住房和城乡建设局"});
    let r = app
        .admin_post(
            &format!("/api/v1/companies/{company}/conduct-records"),
            body,
        )
        .await;
    r["id"].as_str().unwrap().to_owned()
}

async fn score(app: &TestApp, company: &str, day: &str) -> (String, String) {
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{company}/credit?as_of={day}"),
            &app.admin_token,
        )
        .await;
    (
        r["score"].as_str().unwrap_or_default().to_owned(),
        r["grade"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn object(app: &TestApp, who: &str, record: &str, reason: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/conduct-records/{record}/objections"),
        Some(who),
        &json!({"reason": reason}),
    )
    .await
}

#[tokio::test]
async fn an_upheld_objection_withdraws_the_record_from_its_own_date() {
    let app = spawn_app().await;
    at(&app, "2023-03-15");
    let l = seed(&app).await;
    let a = l.company_a.clone();
    let company = token(&app, "company", json!({"company_id": a})).await;
    let other = token(&app, "company", json!({"company_id": l.company_b})).await;
    let moderate = record(&app, &a, "moderate", "2023-03-15", "濉住建〔2023〕31号").await;
    record(&app, &a, "minor", "2023-03-15", "濉住建〔2023〕32号").await;
    at(&app, "2023-03-20");
    // Only the company itself objects: another company's token sees no such record; the
    // bureau is not a company.
    assert_problem(object(&app, &other, &moderate, "不是我们").await, 404).await;
    assert_problem(object(&app, &app.admin_token, &moderate, "x").await, 403).await;
    let p = assert_problem(object(&app, &company, &moderate, "  ").await, 422).await;
    assert_eq!(p["errors"][0]["field"], "reason", "{p}");
    let resp = object(&app, &company, &moderate, "该项目当日已整改完毕，记录有误").await;
    assert_eq!(resp.status(), 200);
    let o: Value = resp.json().await.unwrap();
    assert_eq!(o["objection"]["status"]["label"], "待决定", "{o}");
    assert_eq!(o["objection"]["filed_on"], "2023-03-20");
    let oid = o["objection"]["id"].as_str().unwrap().to_owned();
    // Once per record.
    assert_problem(object(&app, &company, &moderate, "再次异议").await, 409).await;
    // While it waits the record counts: 60 − 6 − 2 = 52.00, below 60 with bad records → C.
    assert_eq!(
        score(&app, &a, "2023-03-20").await,
        ("52.00".into(), "C".into())
    );
    let pending = app
        .get_ok("/api/v1/conduct-objections", &app.admin_token)
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    // Upheld on the 25th: withdrawn from its own date, so as of the 16th only the minor
    // record counts: 60 − 2 = 58.00 → C.
    at(&app, "2023-03-25");
    let decision = format!("/api/v1/conduct-objections/{oid}/decision");
    let d = app
        .admin_post(
            &decision,
            json!({"version": 1, "uphold": true, "reason": "经核实，整改已于记录前完成"}),
        )
        .await;
    assert_eq!(d["objection"]["status"]["code"], "upheld", "{d}");
    assert_eq!(d["objection"]["decided_on"], "2023-03-25");
    assert_eq!(d["record"]["ended_on"], "2023-03-15");
    assert_eq!(d["record"]["end_kind"]["label"], "撤销");
    assert!(
        d["record"]["end_reason"].as_str().unwrap().contains(&oid),
        "{d}"
    );
    assert_eq!(
        score(&app, &a, "2023-03-16").await,
        ("58.00".into(), "C".into())
    );
    // Decided once; every step is in the audit trail.
    let again = json!({"version": 2, "uphold": false, "reason": "x"});
    assert_problem(
        app.post_json(&decision, Some(&app.admin_token), &again)
            .await,
        409,
    )
    .await;
    assert_eq!(
        audit_actions(&app, &oid).await,
        ["conduct_objection.create", "conduct_objection.update"]
    );
    assert_eq!(
        audit_actions(&app, &moderate).await,
        ["conduct_record.create", "conduct_record.update"]
    );
    // A withdrawn record takes no objection; the company lists its own, another company not.
    assert_problem(object(&app, &company, &moderate, "x").await, 409).await;
    let mine = app
        .get_ok(
            &format!("/api/v1/companies/{a}/conduct-objections"),
            &company,
        )
        .await;
    assert_eq!(
        mine[0]["reason"], "该项目当日已整改完毕，记录有误",
        "{mine}"
    );
    let resp = app
        .get(
            &format!("/api/v1/companies/{a}/conduct-objections"),
            Some(&other),
        )
        .await;
    assert_problem(resp, 404).await;
    let pending = app
        .get_ok("/api/v1/conduct-objections", &app.admin_token)
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 0, "{pending}");
}

#[tokio::test]
async fn a_rejected_or_late_objection_leaves_the_record_counting() {
    let app = spawn_app().await;
    at(&app, "2023-03-15");
    let l = seed(&app).await;
    let a = l.company_a.clone();
    let company = token(&app, "company", json!({"company_id": a})).await;
    // Entered on the 15th (dated the 10th): the window runs from entry to the 30th.
    let first = record(&app, &a, "minor", "2023-03-10", "濉住建〔2023〕41号").await;
    at(&app, "2023-03-31");
    let p = assert_problem(object(&app, &company, &first, "迟到的异议").await, 409).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("最后一天为 2023-03-30"),
        "{p}"
    );
    let second = record(&app, &a, "minor", "2023-03-31", "濉住建〔2023〕42号").await;
    let o: Value = object(&app, &company, &second, "不认可")
        .await
        .json()
        .await
        .unwrap();
    let oid = o["objection"]["id"].as_str().unwrap();
    let d = app
        .admin_post(
            &format!("/api/v1/conduct-objections/{oid}/decision"),
            json!({"version": 1, "uphold": false, "reason": "证据确凿"}),
        )
        .await;
    assert_eq!(d["objection"]["status"]["label"], "不成立", "{d}");
    assert!(d["record"].get("ended_on").is_none(), "{d}");
    // Both still count: 60 − 2 − 2 = 56.00 → C.
    assert_eq!(
        score(&app, &a, "2023-03-31").await,
        ("56.00".into(), "C".into())
    );
}
