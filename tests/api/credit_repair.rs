//! Credit repair (信用修复) by the shipped `rubrics/credit.toml`: a moderate record (−6) may be
//! repaired once its rectification is accepted and 3 months (一般失信's minimum publicity,
//! [NDRC-REPAIR-2023]) have passed since its date; approved, it stops counting from the decision
//! day and stays in the history. By hand: no rated project, so the quality part is the base
//! 60; with the record 60 − 6 = 54.00, below 60 with a bad record → C; without it nothing is
//! rated at all (未评级).

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{audit_actions, seed, token};

fn at(app: &TestApp, day: &str) {
    // 10:00 in Beijing on `day`.
    assert!(app.clock().set(format!("{day}T02:00:00Z").parse().unwrap()));
}

async fn record(app: &TestApp, company: &str, kind: &str, on: &str, reference: &str) -> Value {
    let body = json!({"kind": kind, "recorded_on": on, "reference": reference,
                      "issuer": "濉溪县住房和城乡建设局"});
    app.admin_post(
        &format!("/api/v1/companies/{company}/conduct-records"),
        body,
    )
    .await
}

async fn rating(app: &TestApp, company: &str, day: &str) -> (String, String) {
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{company}/credit?as_of={day}"),
            &app.admin_token,
        )
        .await;
    let s = |k: &str| {
        r[k].as_str()
            .unwrap_or_else(|| panic!("{k}: {r}"))
            .to_owned()
    };
    (s("score"), s("grade"))
}

#[tokio::test]
async fn a_rectified_record_is_repaired_after_its_minimum_publicity_period() {
    let app = spawn_app().await;
    at(&app, "2023-03-15");
    let l = seed(&app).await;
    let a = l.company_a.clone();
    let company = token(&app, "company", json!({"company_id": a})).await;
    let other = token(&app, "company", json!({"company_id": l.company_b})).await;
    let r = record(&app, &a, "moderate", "2023-03-15", "濉住建〔2023〕21号").await;
    let id = r["id"].as_str().unwrap().to_owned();
    assert_eq!(r["repair_from"], "2023-06-15", "{r}");
    let apply = format!("/api/v1/conduct-records/{id}/repair-applications");
    let why = json!({"reason": "已按要求完成整改"});
    // Before the rectification is accepted: refused, naming why.
    let p = assert_problem(app.post_json(&apply, Some(&company), &why).await, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("整改尚未"), "{p}");
    at(&app, "2023-04-01");
    let rect = format!("/api/v1/conduct-records/{id}/rectification");
    let r = app
        .admin_post(&rect, json!({"version": 1, "note": "整改到位"}))
        .await;
    assert_eq!(r["rectified_on"], "2023-04-01");
    // The day before the three months are over: refused with the first day allowed.
    at(&app, "2023-06-14");
    let p = assert_problem(app.post_json(&apply, Some(&company), &why).await, 409).await;
    assert!(
        p["detail"].as_str().unwrap().contains("2023-06-15 起"),
        "{p}"
    );
    at(&app, "2023-06-15");
    // Another company may not apply for A's record; A may, once at a time.
    assert_problem(app.post_json(&apply, Some(&other), &why).await, 404).await;
    let resp = app.post_json(&apply, Some(&company), &why).await;
    assert_eq!(resp.status(), 200);
    let application: Value = resp.json().await.unwrap();
    assert_eq!(application["status"]["label"], "待审核");
    assert_problem(app.post_json(&apply, Some(&company), &why).await, 409).await;
    // Approved on 2023-06-20: the record counts on the 19th, not from the 20th.
    at(&app, "2023-06-20");
    let app_id = application["id"].as_str().unwrap().to_owned();
    let decision = format!("/api/v1/repair-applications/{app_id}/decision");
    let d = app
        .admin_post(
            &decision,
            json!({"version": 1, "approve": true, "reason": "符合修复条件"}),
        )
        .await;
    assert_eq!(
        (d["status"]["code"].as_str(), d["decided_on"].as_str()),
        (Some("approved"), Some("2023-06-20"))
    );
    assert_eq!(
        rating(&app, &a, "2023-06-19").await,
        ("54.00".into(), "C".into())
    );
    // From the 20th nothing counts and no project is rated: 未评级, the record shown as not
    // counting.
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{a}/credit?as_of=2023-06-20"),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        (r["grade"].as_str(), r["records"][0]["counts"].as_bool()),
        (Some("未评级"), Some(false))
    );
    // The record stays, ended as repaired, with the decision named.
    let list = app
        .get_ok(&format!("/api/v1/companies/{a}/conduct-records"), &company)
        .await;
    assert_eq!(list[0]["end_kind"]["label"], "信用修复");
    assert!(list[0]["end_reason"].as_str().unwrap().contains(&app_id));
    assert_eq!(
        audit_actions(&app, &id).await,
        [
            "conduct_record.create",
            "conduct_record.update",
            "conduct_record.update"
        ]
    );
    assert_eq!(
        audit_actions(&app, &app_id).await,
        ["credit_repair.create", "credit_repair.update"]
    );
    // Decided once; the company's list shows it; another company cannot read it.
    let again = json!({"version": 2, "approve": false, "reason": "x"});
    assert_problem(
        app.post_json(&decision, Some(&app.admin_token), &again)
            .await,
        409,
    )
    .await;
    let mine = app
        .get_ok(
            &format!("/api/v1/companies/{a}/repair-applications"),
            &company,
        )
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let resp = app
        .get(
            &format!("/api/v1/companies/{a}/repair-applications"),
            Some(&other),
        )
        .await;
    assert_problem(resp, 404).await;
}

#[tokio::test]
async fn a_rejected_application_leaves_the_record_counting_and_repair_is_never_direct() {
    let app = spawn_app().await;
    at(&app, "2023-03-15");
    let l = seed(&app).await;
    let a = l.company_a.clone();
    let company = token(&app, "company", json!({"company_id": a})).await;
    let r = record(&app, &a, "minor", "2023-03-15", "濉住建〔2023〕22号").await;
    let id = r["id"].as_str().unwrap().to_owned();
    // The bureau cannot end a record as repaired without an application.
    let end = format!("/api/v1/conduct-records/{id}/end");
    let direct = json!({"version": 1, "how": "repaired", "reason": "直接修复"});
    let p = assert_problem(
        app.post_json(&end, Some(&app.admin_token), &direct).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "how", "{p}");
    app.admin_post(
        &format!("/api/v1/conduct-records/{id}/rectification"),
        json!({"version": 1, "note": "已整改"}),
    )
    .await;
    at(&app, "2023-07-01");
    let apply = format!("/api/v1/conduct-records/{id}/repair-applications");
    let first: Value = app
        .post_json(&apply, Some(&company), &json!({"reason": "已整改"}))
        .await
        .json()
        .await
        .unwrap();
    let decision = format!(
        "/api/v1/repair-applications/{}/decision",
        first["id"].as_str().unwrap()
    );
    let d = app
        .admin_post(
            &decision,
            json!({"version": 1, "approve": false, "reason": "整改材料不全"}),
        )
        .await;
    assert_eq!(d["status"]["label"], "不予修复");
    // Still counting (60 − 2 = 58, below 60 with a bad record: C); a new application may follow.
    assert_eq!(
        rating(&app, &a, "2023-07-02").await,
        ("58.00".into(), "C".into())
    );
    let resp = app
        .post_json(&apply, Some(&company), &json!({"reason": "补充材料"}))
        .await;
    assert_eq!(resp.status(), 200);
    // Only companies apply; a good record needs no repair.
    assert_problem(
        app.post_json(&apply, Some(&app.admin_token), &json!({"reason": "x"}))
            .await,
        403,
    )
    .await;
    let good = record(&app, &a, "award-county", "2023-03-15", "濉住建〔2023〕23号").await;
    let good_apply = format!(
        "/api/v1/conduct-records/{}/repair-applications",
        good["id"].as_str().unwrap()
    );
    let p = assert_problem(
        app.post_json(&good_apply, Some(&company), &json!({"reason": "x"}))
            .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("只有不良"), "{p}");
}
