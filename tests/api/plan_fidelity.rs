//! The plan's rules as written (issue 8), walked end to end: who is scored on what, claims of
//! "not applicable", a period created with the plan's own dates, a final that is final, and
//! appeal decisions that keep the item's rules.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::assessment_support::{World, good_input, ok, submit_u1, unit_form, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{project, seed};

fn dec(v: &Value) -> Decimal {
    v.as_str().expect("decimal text").parse().expect("decimal")
}

fn codes(form: &[Value]) -> Vec<String> {
    form.iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

fn form_item<'a>(form: &'a [Value], code: &str) -> &'a Value {
    form.iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in the form"))
}

/// Good inputs for every item the unit enters itself.
fn good_entries(form: &[Value]) -> BTreeMap<String, Value> {
    form.iter()
        .filter(|i| i["entered_by_unit"] == true)
        .filter_map(|i| {
            Some((
                i["code"].as_str()?.to_owned(),
                json!({"input": good_input(i)?}),
            ))
        })
        .collect()
}

async fn unit(app: &TestApp, name: &str, unit_type: &str, region: Option<&str>) -> String {
    app.admin_post(
        "/api/v1/units",
        json!({"name": name, "unit_type": unit_type, "region_id": region}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn unit_token(app: &TestApp, unit_id: &str) -> String {
    app.create_token(json!({"name": "联络员", "role": "unit", "unit_id": unit_id}))
        .await
        .1
}

async fn patch(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(&app.admin_token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn save_and_submit(app: &TestApp, period: &str, unit_id: &str, token: &str, items: &Value) {
    let base = format!("/api/v1/periods/{period}/units/{unit_id}/self-assessment");
    let saved = ok(app
        .put_as(&base, token, &json!({"version": 0, "items": items}))
        .await)
    .await;
    ok(app
        .post_json(
            &format!("{base}/submit"),
            Some(token),
            &json!({"version": saved["version"]}),
        )
        .await)
    .await;
}

async fn result(app: &TestApp, period: &str, unit_id: &str) -> Value {
    app.get_ok(
        &format!("/api/v1/periods/{period}/units/{unit_id}/result"),
        &app.admin_token,
    )
    .await
}

fn source<'a>(result: &'a Value, code: &str) -> &'a Value {
    result["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap()
}

fn scored<'a>(result: &'a Value, code: &str) -> &'a Value {
    result["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn a_park_and_every_other_unit_type_is_scored_on_its_own_plan_duties() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let police = unit(&app, "县公安局", "department", None).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2023 年度目标考核", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [l.unit_town, l.unit_park, l.unit_dept, police],
                   "roles": {&l.unit_town: "濉溪镇", &l.unit_park: "濉溪经济开发区"}}),
        )
        .await;
    let period = period["id"].as_str().unwrap().to_owned();
    let view = app
        .get_ok(&format!("/api/v1/periods/{period}"), &app.admin_token)
        .await;
    let role_of = |id: &str| {
        view["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_id"] == id)
            .unwrap()["plan_role"]
            .clone()
    };
    assert_eq!(role_of(&l.unit_park), "濉溪经济开发区");
    // Bound by its ledger name.
    assert_eq!(role_of(&l.unit_dept), "县住建局");
    assert_eq!(role_of(&police), "县公安局");

    // 县住建局: the tasks 附件2 names it for, and not 2.6 (县委政法委's) nor 1.2 (the towns').
    let bureau = unit_form(&app, &period, &l.unit_dept).await;
    assert_eq!(
        form_item(&bureau, "1.1")["duty"],
        json!({"duty": {"code": "named", "label": "方案点名的责任单位"}, "lead": true})
    );
    assert_eq!(
        form_item(&bureau, "2.2")["duty"],
        json!({"duty": {"code": "named", "label": "方案点名的责任单位"}, "lead": false})
    );
    for absent in ["1.2", "2.6", "6.2", "7.1", "7.2"] {
        assert!(!codes(&bureau).contains(&absent.to_owned()), "{absent}");
    }
    // 县公安局 is a member no task names: only the supervision item and the bonus.
    let police_form = unit_form(&app, &period, &police).await;
    assert_eq!(codes(&police_form), ["5.1", "6.1"]);
    // The park carries the towns' tasks, by name.
    let park = unit_form(&app, &period, &l.unit_park).await;
    assert_eq!(form_item(&park, "2.3")["duty"]["duty"]["code"], "named");
    assert!(!codes(&park).contains(&"2.7".to_owned()));

    app.advance(&period, "self_assessment").await;
    for (id, form) in [
        (&l.unit_town, unit_form(&app, &period, &l.unit_town).await),
        (&l.unit_park, park),
        (&l.unit_dept, bureau),
    ] {
        let token = unit_token(&app, id).await;
        save_and_submit(&app, &period, id, &token, &json!(good_entries(&form))).await;
    }
    // 县公安局 never submits: from the notice on its missing entries score 0.
    app.advance(&period, "review").await;
    app.advance(&period, "appeal").await;
    for id in [&l.unit_town, &l.unit_park, &l.unit_dept, &police] {
        let r = result(&app, &period, id).await;
        assert!(r["result"]["total"].is_string(), "{r}");
    }
    let park = result(&app, &period, &l.unit_park).await;
    assert_eq!(park["unit"]["unit_type"]["code"], "park");
    // The park's ledger holds no projects or inspections: its ledger items (2.3, 2.4, 2.8, 3.5
    // = 15 points) are not done, and its own say-so is never taken for them. 80.2 of 96 →
    // 80.2 × 100 / 96 = 83.54.
    for code in ["2.3", "2.4", "2.8", "3.5"] {
        assert_eq!(
            source(&park, code)["source"]["code"],
            "ledger_empty",
            "{code}"
        );
        assert_eq!(dec(&scored(&park, code)["score"]), Decimal::ZERO);
    }
    assert_eq!(source(&park, "2.7")["source"]["code"], "not_scored");
    assert_eq!(
        dec(&park["result"]["total"]),
        "83.54".parse::<Decimal>().unwrap()
    );
    // Nothing found in supervision: 10 of 10 applicable points → 100.
    let police = result(&app, &period, &police).await;
    assert_eq!(dec(&police["result"]["total"]), Decimal::from(100));
    assert_eq!(source(&police, "6.1")["duty"]["duty"]["code"], "by_type");
}

#[tokio::test]
async fn a_claim_of_not_applicable_counts_only_once_a_reviewer_confirms_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let county = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "濉溪县", "level": "county"}),
        )
        .await;
    let region = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "新城镇", "level": "town", "parent_id": county["id"]}),
        )
        .await;
    // A town the plan does not name: the towns' tasks are its duty by type only.
    let town = unit(&app, "新城镇", "town", region["id"].as_str()).await;
    let token = unit_token(&app, &town).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "新城镇考核", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [town, w.u1]}),
        )
        .await;
    let period = period["id"].as_str().unwrap().to_owned();
    app.admin_post(
        &format!("/api/v1/periods/{period}/assignments"),
        json!({"team_id": w.team_a, "unit_id": town}),
    )
    .await;
    app.advance(&period, "self_assessment").await;
    let form = unit_form(&app, &period, &town).await;
    assert_eq!(form_item(&form, "1.3")["duty"]["duty"]["code"], "by_type");

    // 县住建局 cannot claim its own named duty away.
    let bureau = unit_token(&app, &w.u1).await;
    let claim = json!({"not_applicable": {"reason": "本局不负责"}});
    let refused = assert_problem(
        app.put_as(
            &format!("/api/v1/periods/{period}/units/{}/self-assessment", w.u1),
            &bureau,
            &json!({"version": 0, "items": {"2.2": {"input": claim}}}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        refused["errors"][0]["field"], "items.2.2.input",
        "{refused}"
    );
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不能申报不适用"),
        "{refused}"
    );

    // An optional rule the period did not enable takes no input.
    let off = assert_problem(
        app.put_as(
            &format!("/api/v1/periods/{period}/units/{town}/self-assessment"),
            &token,
            &json!({"version": 0, "items": {"6.2": {"input": {"awards": {"promoted": 1}}}}}),
        )
        .await,
        422,
    )
    .await;
    assert!(off.to_string().contains("未启用"), "{off}");

    // The new town claims 1.3 does not apply; unconfirmed, it scores as not done.
    let mut entries = good_entries(&form);
    entries.insert(
        "1.3".into(),
        json!({"input": {"not_applicable": {"reason": "本镇尚无物业小区，无需建立三张清单"}}}),
    );
    save_and_submit(&app, &period, &town, &token, &json!(entries)).await;
    app.advance(&period, "review").await;
    let before = result(&app, &period, &town).await;
    assert_eq!(
        source(&before, "1.3")["source"]["code"],
        "unconfirmed_claim"
    );
    let item = scored(&before, "1.3");
    assert_eq!(
        (item["applicable"].clone(), dec(&item["score"])),
        (json!(true), Decimal::ZERO)
    );

    // A reviewer confirms the claim: the item leaves the unit's scoring.
    ok(app
        .put_as(
            &format!("/api/v1/periods/{period}/units/{town}/reviews/1.3"),
            &w.r1.1,
            &json!({"input": {"not_applicable": {"reason": "核实：辖区无物业小区"}}, "version": 0}),
        )
        .await)
    .await;
    let after = result(&app, &period, &town).await;
    assert_eq!(
        source(&after, "1.3")["source"]["code"],
        "confirmed_not_applicable"
    );
    let item = scored(&after, "1.3");
    assert_eq!(item["applicable"], false);
    assert!(
        item["explanation"].as_str().unwrap().contains("经复核确认"),
        "{item}"
    );
    assert!(dec(&after["result"]["total"]) > dec(&before["result"]["total"]));
}

#[tokio::test]
async fn a_period_created_with_the_plans_own_dates_can_be_amended_with_a_reason() {
    let app = spawn_app().await;
    let u = app.create_unit("县住建局").await;
    let token = unit_token(&app, &u).await;
    // 附件2: most tasks end 2023-06-30; the re-check follows in July.
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2023 年度目标考核", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2023-06-30", "review_deadline": "2023-07-31", "unit_ids": [u]}),
        )
        .await;
    let id = period["id"].as_str().unwrap().to_owned();
    assert_eq!(period["self_deadline"], "2023-06-30T23:59:59+08:00");
    app.advance(&id, "self_assessment").await;
    let save = json!({"version": 0, "items": {"2.2": {"input": {"points": "4"}}}});
    let path = format!("/api/v1/periods/{id}/units/{u}/self-assessment");
    assert_problem(app.put_as(&path, &token, &save).await, 409).await;
    // An extension cannot pass the review deadline: the message says what to do.
    let late = assert_problem(
        app.post_json(
            &format!("/api/v1/periods/{id}/units/{u}/extension"),
            Some(&app.admin_token),
            &json!({"self_deadline": "2099-06-30", "reason": "补交"}),
        )
        .await,
        422,
    )
    .await;
    assert!(late.to_string().contains("复核截止时间"), "{late}");

    let current = app
        .get_ok(&format!("/api/v1/periods/{id}"), &app.admin_token)
        .await;
    let version = current["version"].clone();
    let no_reason =
        json!({"self_deadline": "2099-06-30", "review_deadline": "2099-07-31", "version": version});
    // A missing field breaks the schema: 422 naming it, in Chinese.
    let body = assert_problem(
        patch(&app, &format!("/api/v1/periods/{id}"), &no_reason).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "reason", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("缺少必填字段"),
        "{body}"
    );
    let blank = json!({"self_deadline": "2099-06-30", "reason": " ", "version": version});
    let body = assert_problem(
        patch(&app, &format!("/api/v1/periods/{id}"), &blank).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "reason", "{body}");
    let backwards = json!({"self_deadline": "2099-07-31", "review_deadline": "2099-06-30",
                           "reason": "系统上线晚于方案时限", "version": version});
    let body = assert_problem(
        patch(&app, &format!("/api/v1/periods/{id}"), &backwards).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "review_deadline", "{body}");
    let amend = json!({"self_deadline": "2099-06-30", "review_deadline": "2099-07-31",
                       "notice_days": 5, "reason": "系统上线晚于方案时限", "version": version});
    let amended = ok(patch(&app, &format!("/api/v1/periods/{id}"), &amend).await).await;
    assert_eq!(amended["review_deadline"], "2099-07-31T23:59:59+08:00");
    assert_eq!(amended["notice_days"], 5);
    ok(app.put_as(&path, &token, &save).await).await;
    let history = app
        .get_ok(
            &format!("/api/v1/audit/history?subject_type=period&subject_id={id}"),
            &app.admin_token,
        )
        .await;
    let entry = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "period.amend")
        .expect("an audit entry for the amendment");
    assert_eq!(entry["reason"], "系统上线晚于方案时限");
    // Stale versions are refused like any edit.
    assert_problem(
        patch(&app, &format!("/api/v1/periods/{id}"), &amend).await,
        409,
    )
    .await;
}

/// A world period in which u1 has submitted, team A re-checks it and 2.2 is disputed.
async fn disputed(app: &TestApp) -> World {
    let w = world(app).await;
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    app.advance(&w.period, "self_assessment").await;
    submit_u1(app, &w).await;
    app.advance(&w.period, "review").await;
    let review = |points: &str| {
        json!({"input": {"points": points}, "reason_code": "insufficient_evidence",
               "comment": "台账缺失", "version": 0})
    };
    let path = format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1);
    ok(app.put_as(&path, &w.r1.1, &review("4")).await).await;
    ok(app.put_as(&path, &w.r3.1, &review("1")).await).await;
    w
}

#[tokio::test]
async fn a_disputed_item_holds_the_notice_and_a_final_result_never_moves() {
    let app = spawn_app().await;
    let w = disputed(&app).await;
    let held = assert_problem(app.try_advance(&w.period, "appeal").await, 409).await;
    assert!(held.to_string().contains("县住建局 评分项 2.2"), "{held}");
    // The third reviewer settles it.
    ok(app
        .put_as(
            &format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1),
            &w.r2.1,
            &json!({"input": {"points": "3"}, "reason_code": "mismatch", "comment": "部分台账缺失", "version": 0}),
        )
        .await)
    .await;
    app.advance(&w.period, "appeal").await;
    app.pass_notice();
    app.advance(&w.period, "final").await;

    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let stored = app.get_ok(&format!("{base}/result"), &w.unit1).await;
    assert!(
        stored["finalized"]["result_hash"].as_str().unwrap().len() == 64,
        "{stored}"
    );
    // A ledger change after 定稿 moves the county's metrics, never the stored result.
    let county = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "濉溪县", "level": "county"}),
        )
        .await;
    let town = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "濉溪镇", "level": "town", "parent_id": county["id"]}),
        )
        .await;
    let community = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "南关社区", "level": "community", "parent_id": town["id"]}),
        )
        .await;
    let metrics_before = app.get_ok("/api/v1/metrics", &app.admin_token).await;
    let community = community["id"].as_str().unwrap();
    project(&app, "P-after", community, Some(("2023-03-01", 5, 3))).await;
    let metrics_after = app.get_ok("/api/v1/metrics", &app.admin_token).await;
    assert_ne!(metrics_before["projects"], metrics_after["projects"]);
    let again = app.get_ok(&format!("{base}/result"), &w.unit1).await;
    assert_eq!(again, stored);
    // And nothing can reopen it.
    let view = app
        .get_ok(&format!("/api/v1/periods/{}", w.period), &app.admin_token)
        .await;
    let reopen =
        json!({"review_deadline": "2099-12-31", "reason": "重新打开", "version": view["version"]});
    assert_problem(
        patch(&app, &format!("/api/v1/periods/{}", w.period), &reopen).await,
        409,
    )
    .await;
}

#[tokio::test]
async fn appeal_decisions_keep_the_items_step_and_a_correction_keeps_the_history() {
    let app = spawn_app().await;
    let w = disputed(&app).await;
    ok(app
        .put_as(
            &format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1),
            &w.r2.1,
            &json!({"input": {"points": "2"}, "reason_code": "mismatch", "comment": "核减", "version": 0}),
        )
        .await)
    .await;
    app.advance(&w.period, "appeal").await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let appeal = ok(app
        .post_json(
            &format!("{base}/appeals"),
            Some(&w.unit1),
            &json!({"item_code": "2.2", "reason": "台账已补齐"}),
        )
        .await)
    .await;
    let decide = format!(
        "/api/v1/appeals/{}/decision",
        appeal["id"].as_str().unwrap()
    );
    let admin = Some(app.admin_token.as_str());
    // 2.2 scores in steps of 0.5.
    let off_step = json!({"upheld": true, "score": "3.3", "reason": "部分采纳", "version": 1});
    let body = assert_problem(app.post_json(&decide, admin, &off_step).await, 422).await;
    assert_eq!(body["errors"][0]["field"], "score", "{body}");
    assert!(body.to_string().contains("步长"), "{body}");
    // A rejection carries no score; nothing is silently dropped.
    let odd = json!({"upheld": false, "score": "3", "reason": "不予采纳", "version": 1});
    assert_problem(app.post_json(&decide, admin, &odd).await, 422).await;
    let upheld = ok(app
        .post_json(
            &decide,
            admin,
            &json!({"upheld": true, "score": "3.5", "reason": "部分采纳", "version": 1}),
        )
        .await)
    .await;
    assert_eq!(upheld["decided_score"], "3.5");
    // Only the bureau corrects a decision, with a reason; the earlier one stays in the history.
    let fix = json!({"upheld": true, "score": "3", "reason": "更正：补充材料不全", "version": 2});
    // (r2 reviewed 2.2, so it may not decide the appeal at all.)
    assert_problem(app.post_json(&decide, Some(&w.r2.1), &fix).await, 403).await;
    let corrected = ok(app.post_json(&decide, admin, &fix).await).await;
    assert_eq!(corrected["decided_score"], "3");
    let r = app
        .get_ok(&format!("{base}/result"), &app.admin_token)
        .await;
    assert_eq!(dec(&scored(&r, "2.2")["score"]), Decimal::from(3));
    assert_eq!(source(&r, "2.2")["source"]["code"], "appeal");
    // The item's line names the decision and its reason, not a bare "decided score".
    assert_eq!(
        scored(&r, "2.2")["explanation"],
        "申诉裁决（维持）：3/4 分，理由：更正：补充材料不全"
    );
    let decision = &source(&r, "2.2")["appeal"];
    assert_eq!(decision["appeal_id"], appeal["id"], "{decision}");
    assert!(
        decision["decided_at"].as_str().unwrap().ends_with("+08:00"),
        "{decision}"
    );
    let history = app
        .get_ok(&format!("{base}/history?item=2.2"), &app.admin_token)
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.ends_with(&["appeal.uphold", "appeal.correct"]),
        "{actions:?}"
    );
    let last = history.as_array().unwrap().last().unwrap();
    assert!(last["before"].to_string().contains("3.5"), "{last}");
    assert_eq!(last["reason"], "更正：补充材料不全");
}
