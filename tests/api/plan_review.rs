//! Issue 8 as a second engineer tried to break it (their probes, kept as tests once each gap
//! was closed): ledger items, extensions against amended deadlines, what may change during
//! the notice, overflowing counts, undated ledger facts, appeal decisions and their scope,
//! conflicts and flags that could deadlock 定稿, a final result without its rubric file.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::assessment_support::{good_input, ok, submit_u1, unit_form, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{project, seed, serve};

fn dec(v: &Value) -> Decimal {
    v.as_str().expect("decimal text").parse().expect("decimal")
}

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

async fn version(app: &TestApp, period: &str) -> Value {
    app.get_ok(&format!("/api/v1/periods/{period}"), &app.admin_token)
        .await["version"]
        .clone()
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

fn at(text: &str) -> jiff::Timestamp {
    kaoping::domain::period::parse_deadline("t", text).unwrap()
}

/// Issue: "no self-declared way out" / ledger metrics feed the item. A town whose ledger has no
/// handover inspection (and no project) types `measured: 1` for the ledger items 2.3, 2.4, 2.8,
/// 3.5; nobody re-checks them; the unit's own figure scores full marks.
#[tokio::test]
async fn ledger_items_never_take_the_units_own_figure_even_when_the_ledger_is_empty() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "p", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [l.unit_town], "roles": {&l.unit_town: "濉溪镇"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.advance(&period, "self_assessment").await;
    let form = unit_form(&app, &period, &l.unit_town).await;
    let f28 = form.iter().find(|i| i["code"] == "2.8").unwrap();
    assert_eq!(f28["entered_by_unit"], false, "{f28}");
    // The unit cannot type a figure for a ledger item.
    let typed = app
        .put_as(
            &format!(
                "/api/v1/periods/{period}/units/{}/self-assessment",
                l.unit_town
            ),
            &unit_token(&app, &l.unit_town).await,
            &json!({"version": 0, "items": {"2.8": {"input": {"measured": "1"}}}}),
        )
        .await;
    let body = assert_problem(typed, 422).await;
    assert_eq!(body["errors"][0]["field"], "items.2.8.input", "{body}");
    let token = unit_token(&app, &l.unit_town).await;
    save_and_submit(
        &app,
        &period,
        &l.unit_town,
        &token,
        &json!(good_entries(&form)),
    )
    .await;
    app.advance(&period, "review").await;
    app.advance(&period, "appeal").await;
    let r = result(&app, &period, &l.unit_town).await;
    // Expected: a ledger item is measured from the ledger (or scored as not done / left for
    // the reviewers), never from the unit's unreviewed say-so.
    let self_scored: Vec<String> = ["2.3", "2.4", "2.8", "3.5"]
        .into_iter()
        .filter(|code| {
            let item = scored(&r, code);
            source(&r, code)["source"]["code"] == "self_score"
                && dec(&item["score"]) == dec(&item["max"])
        })
        .map(|c| format!("{c}={}", scored(&r, c)["score"]))
        .collect();
    assert!(
        self_scored.is_empty(),
        "ledger items scored full from the unit's own unreviewed figure: {self_scored:?}"
    );
    for code in ["2.3", "2.4", "2.8", "3.5"] {
        assert_eq!(source(&r, code)["source"]["code"], "ledger_empty", "{code}");
    }
}

/// Issue: "A period can be corrected … amend a period's deadlines". A unit given an extension
/// (to 2098-01-01) keeps it after the period's own deadline is amended later (to 2098-06-01):
/// on 2098-03-01 every other unit may still save, the unit that was given *more* time may not.
#[tokio::test]
async fn an_extension_never_becomes_shorter_after_the_period_is_amended() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2098-01-01", "reason": "材料未齐"}),
    )
    .await;
    let v = version(&app, &w.period).await;
    ok(patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"self_deadline": "2098-06-01", "reason": "统一延后", "version": v}),
    )
    .await)
    .await;
    app.clock().set(at("2098-03-01T10:00"));
    let save = |code: &str| json!({"version": 0, "items": {code: {"input": {"points": "1"}}}});
    let path = |u: &str| format!("/api/v1/periods/{}/units/{u}/self-assessment", w.period);
    let other = app.put_as(&path(&w.u2), &w.unit2, &save("6.1")).await;
    let other_status = other.status().as_u16();
    let extended = app.put_as(&path(&w.u1), &w.unit1, &save("2.2")).await;
    let status = extended.status().as_u16();
    let body = extended.text().await.unwrap();
    // 6.1 is a bonus (awards), so the other unit's body may be 422; what matters is it is not 409.
    assert_ne!(other_status, 409, "other unit locked out too");
    assert_eq!(status, 200, "the extended unit is locked out first: {body}");
}

/// Issue: the admin may amend "deadlines and notice length … while it is not final". During
/// the public notice the admin can also switch on an optional rule the plan lacks (7.2) — the
/// published result's grade changes without a new notice.
#[tokio::test]
async fn optional_rules_cannot_be_switched_on_during_the_public_notice() {
    let app = spawn_app().await;
    let w = world(&app).await;
    crate::assessment_support::county_ledger_meeting_targets(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    // One 通报批评 on record.
    let item = app
        .admin_post(
            &format!(
                "/api/v1/periods/{}/units/{}/supervision-items",
                w.period, w.u1
            ),
            json!({"title": "督办", "assigned_on": "2023-03-01", "deadline": "2023-03-10"}),
        )
        .await;
    ok(app
        .put_as(
            &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
            &app.admin_token,
            &json!({"completed_on": "2023-03-09", "feedback_on": "2023-03-09",
                    "public_criticism": true, "version": 1}),
        )
        .await)
    .await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    let published = result(&app, &w.period, &w.u1).await;
    assert_eq!(
        published["result"]["grade"]["grade"], "优秀",
        "{}",
        published["result"]["grade"]
    );
    let v = version(&app, &w.period).await;
    let resp = patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"options": ["7.2"], "reason": "公示期间加规则", "version": v}),
    )
    .await;
    let status = resp.status().as_u16();
    let after = result(&app, &w.period, &w.u1).await;
    assert!(
        status == 409 || status == 422,
        "options amended during the notice ({status}); grade now {}",
        after["result"]["grade"]["grade"]
    );
    assert_eq!(after["result"], published["result"]);
}

/// Same, for roles: unbinding 县住建局 during the notice removes every named duty.
#[tokio::test]
async fn plan_roles_cannot_be_rebound_during_the_public_notice() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    let before = result(&app, &w.period, &w.u1).await;
    let v = version(&app, &w.period).await;
    let resp = patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"roles": {&w.u1: null}, "reason": "公示期间改角色", "version": v}),
    )
    .await;
    let status = resp.status().as_u16();
    let after = result(&app, &w.period, &w.u1).await;
    assert!(
        status == 409 || status == 422,
        "roles amended during the notice ({status}): applicable {} -> {}",
        before["result"]["applicable"],
        after["result"]["applicable"]
    );
}

/// 5xx for client input: two supervision items each sent back 3,000,000,000 times (a u32 the
/// API accepts) overflow the findings tally.
#[tokio::test]
async fn huge_sent_back_counts_are_refused_and_never_break_the_result() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for _ in 0..2 {
        let item = app
            .admin_post(
                &format!(
                    "/api/v1/periods/{}/units/{}/supervision-items",
                    w.period, w.u1
                ),
                json!({"title": "督办", "assigned_on": "2023-03-01", "deadline": "2023-03-10"}),
            )
            .await;
        let resp = app
            .put_as(
                &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
                &app.admin_token,
                &json!({"sent_back": 3_000_000_000u32, "version": 1}),
            )
            .await;
        let s = resp.status().as_u16();
        assert!(s == 200 || s == 422, "update: {s}");
    }
    let resp = app
        .get(
            &format!("/api/v1/periods/{}/units/{}/result", w.period, w.u1),
            Some(&app.admin_token),
        )
        .await;
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap_or_default();
    assert!(status < 500, "{status}: {body}");
    if status == 200 {
        let r: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            dec(&scored(&r, "5.1")["score"]),
            Decimal::ZERO,
            "{}",
            scored(&r, "5.1")
        );
    }
}

/// Measured as of the task's deadline, as far as the ledger records dates: committee formation,
/// service periods and handover inspections are dated; whether a company has a Party
/// organisation, a committee's members and a project's entry are not, so the trace says those
/// are today's ledger values rather than claiming them as of the day.
#[tokio::test]
async fn undated_ledger_facts_are_named_as_todays_values_in_the_trace() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "P1", &l.nanguan, Some(("2022-01-01", 5, 3))).await;
    serve(&app, &p, &l.company_b, "2022-01-01", None).await; // 乙物业: no Party organisation
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "p", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2023-06-30", "review_deadline": "2023-07-31",
                   "unit_ids": [l.unit_town], "roles": {&l.unit_town: "濉溪镇"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for to in ["self_assessment", "review", "appeal"] {
        app.advance(&period, to).await;
    }
    let r = result(&app, &period, &l.unit_town).await;
    let party_org = &source(&r, "3.5")["metric"];
    assert_eq!(party_org["as_of"], "2023-07-31", "{party_org}");
    assert!(
        party_org["dated"]
            .as_str()
            .unwrap()
            .contains("党组织取台账现值"),
        "{party_org}"
    );
    let members = &source(&r, "2.4")["metric"];
    assert!(
        members["dated"]
            .as_str()
            .unwrap()
            .contains("成员及党员人数取台账现值"),
        "{members}"
    );
    let formation = &source(&r, "2.3")["metric"];
    assert!(
        formation["dated"]
            .as_str()
            .unwrap()
            .contains("业委会按成立日期判断"),
        "{formation}"
    );
}

/// A reviewer marks an item the unit scored itself "not applicable" (there is no claim to
/// confirm). The review is accepted (200) but has no effect: the result takes the unit's self
/// score as if nobody had re-checked it.
#[tokio::test]
async fn a_reviewer_cannot_raise_a_not_applicable_claim_the_unit_never_made() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    // 6.1 is 县住建局's duty by type only (applies to every department).
    let resp = app
        .put_as(
            &format!("/api/v1/periods/{}/units/{}/reviews/6.1", w.period, w.u1),
            &w.r1.1,
            &json!({"input": {"not_applicable": {"reason": "不适用"}}, "version": 0}),
        )
        .await;
    let status = resp.status().as_u16();
    let r = result(&app, &w.period, &w.u1).await;
    let s = source(&r, "6.1");
    assert!(
        status == 422 || s["source"]["code"] != "self_score",
        "reviewer's N/A accepted ({status}) and ignored: {s}"
    );
}

/// Appeal decisions are scores "checked against the item's range and step like any input":
/// 1.1 is a deadline item (6 points, −1 per started week late), so 5.7 is no score its method
/// can give; it is accepted.
#[tokio::test]
async fn an_appeal_decision_on_a_deadline_item_must_be_a_score_its_method_gives() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let appeal = ok(app
        .post_json(
            &format!("{base}/appeals"),
            Some(&w.unit1),
            &json!({"item_code": "1.1", "reason": "按时完成"}),
        )
        .await)
    .await;
    let resp = app
        .post_json(
            &format!(
                "/api/v1/appeals/{}/decision",
                appeal["id"].as_str().unwrap()
            ),
            Some(&app.admin_token),
            &json!({"upheld": true, "score": "5.7", "reason": "酌情", "version": 1}),
        )
        .await;
    let status = resp.status().as_u16();
    assert_eq!(
        status, 422,
        "5.7 accepted for a deadline item (max 6, 1-point lateness steps)"
    );
}

/// An appeal on an item that is not the unit's duty (2.6 is 县委政法委's and the towns') or an
/// optional rule the period did not enable (7.1) is accepted, and holds 定稿 until decided.
#[tokio::test]
async fn appeals_on_items_outside_the_units_scoring_are_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let mut statuses = Vec::new();
    for code in ["2.6", "7.1"] {
        let resp = app
            .post_json(
                &format!("{base}/appeals"),
                Some(&w.unit1),
                &json!({"item_code": code, "reason": "申诉"}),
            )
            .await;
        statuses.push((code, resp.status().as_u16()));
    }
    assert!(
        statuses.iter().all(|(_, s)| *s == 422),
        "appeals on unscored items: {statuses:?}"
    );
}

/// Final with the notice window still open is refused; an amended notice_days during the
/// notice moves its end (both sides).
#[tokio::test]
async fn final_waits_for_the_amended_notice() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    assert_problem(app.try_advance(&w.period, "final").await, 409).await;
    let v = version(&app, &w.period).await;
    let p = ok(patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"notice_days": 30, "reason": "延长公示", "version": v}),
    )
    .await)
    .await;
    assert!(p["appeal_deadline"].is_string());
    // 10 days on: a 3-day notice would be over, a 30-working-day one is not.
    assert!(app.clock().advance(jiff::Span::new().days(10)));
    assert_problem(app.try_advance(&w.period, "final").await, 409).await;
}

/// After 定稿, GET …/reviews still recomputes: a conflict declared afterwards drops that
/// reviewer's entries and changes the `combined` the bureau reads, while …/result keeps the
/// stored figure — the two disagree.
#[tokio::test]
async fn no_conflict_declared_after_final_moves_the_reviews_view() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    ok(app
        .put_as(
            &format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1),
            &w.r1.1,
            &json!({"input": {"points": "1"}, "reason_code": "mismatch", "comment": "不符", "version": 0}),
        )
        .await)
    .await;
    app.advance(&w.period, "appeal").await;
    app.pass_notice();
    app.advance(&w.period, "final").await;
    let stored = result(&app, &w.period, &w.u1).await;
    let reviews_before = app
        .get_ok(
            &format!("/api/v1/periods/{}/units/{}/reviews", w.period, w.u1),
            &app.admin_token,
        )
        .await;
    let resp = app
        .post_json(
            "/api/v1/reviewer-conflicts",
            Some(&app.admin_token),
            &json!({"reviewer_id": w.r1.0, "unit_id": w.u1, "reason": "亲属"}),
        )
        .await;
    let conflict_status = resp.status().as_u16();
    let reviews_after = app
        .get_ok(
            &format!("/api/v1/periods/{}/units/{}/reviews", w.period, w.u1),
            &app.admin_token,
        )
        .await;
    let again = result(&app, &w.period, &w.u1).await;
    assert_eq!(again, stored);
    let pick = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "2.2")
            .unwrap()["combined"]
            .clone()
    };
    assert_eq!(
        pick(&reviews_before),
        pick(&reviews_after),
        "conflict after final ({conflict_status}) changed the reviews view"
    );
}

/// Roles: wrong type, unknown role, bound twice, unknown unit; options that do not exist or
/// are not optional; input for an item that is not the unit's duty. (Expected to hold.)
#[tokio::test]
async fn bindings_options_and_duties_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let market = app.create_unit("县市场局").await;
    let base = json!({"name": "p", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                      "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                      "unit_ids": [l.unit_town, l.unit_dept, market]});
    let cases = [
        (
            json!({"roles": {&l.unit_dept: "濉溪镇"}}),
            format!("roles.{}", l.unit_dept),
        ),
        (
            json!({"roles": {&market: "县公安"}}),
            format!("roles.{market}"),
        ),
        (
            json!({"roles": {&market: "县住建局"}}),
            format!("roles.{market}"),
        ),
        (
            json!({"roles": {"nope": "县住建局"}}),
            "roles.nope".to_owned(),
        ),
        (json!({"options": ["9.9"]}), "options[0]".to_owned()),
        (json!({"options": ["2.2"]}), "options[0]".to_owned()),
    ];
    for (extra, field) in cases {
        let mut body = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = assert_problem(
            app.post_json("/api/v1/periods", Some(&app.admin_token), &body)
                .await,
            422,
        )
        .await;
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&field.as_str()), "{field}: {p}");
    }
    let period = app.admin_post("/api/v1/periods", base.clone()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.advance(&period, "self_assessment").await;
    let token = unit_token(&app, &l.unit_dept).await;
    let p = assert_problem(
        app.put_as(
            &format!(
                "/api/v1/periods/{period}/units/{}/self-assessment",
                l.unit_dept
            ),
            &token,
            &json!({"version": 0, "items": {"1.2": {"input": {"done": "2023-02-01"}}}}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "items.1.2.input", "{p}");
}

/// Claims confirmed by 2 of 2, split 1/1 (needs a third), then 1 of 3: only a majority
/// confirms. (Expected to hold.)
#[tokio::test]
async fn a_claim_needs_a_majority_of_reviewers() {
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
    let town = app
        .admin_post(
            "/api/v1/units",
            json!({"name": "新城镇", "unit_type": "town", "region_id": region["id"]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = unit_token(&app, &town).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "p", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01", "unit_ids": [town]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{period}/assignments"),
            json!({"team_id": team, "unit_id": town}),
        )
        .await;
    }
    app.advance(&period, "self_assessment").await;
    let form = unit_form(&app, &period, &town).await;
    let mut entries = good_entries(&form);
    for code in ["1.3", "2.2"] {
        entries.insert(
            code.into(),
            json!({"input": {"not_applicable": {"reason": "无物业小区"}}}),
        );
    }
    save_and_submit(&app, &period, &town, &token, &json!(entries)).await;
    app.advance(&period, "review").await;
    let path = |code: &str| format!("/api/v1/periods/{period}/units/{town}/reviews/{code}");
    let confirm = json!({"input": {"not_applicable": {"reason": "属实"}}, "version": 0});
    let score = json!({"input": {"points": "4"}, "reason_code": "mismatch", "comment": "有小区", "version": 0});
    // 1.3: both confirm.
    ok(app.put_as(&path("1.3"), &w.r1.1, &confirm).await).await;
    ok(app.put_as(&path("1.3"), &w.r2.1, &confirm).await).await;
    // 2.2: one confirms, one scores → needs a third.
    ok(app.put_as(&path("2.2"), &w.r1.1, &confirm).await).await;
    ok(app.put_as(&path("2.2"), &w.r2.1, &score).await).await;
    assert_problem(app.try_advance(&period, "appeal").await, 409).await;
    ok(app.put_as(&path("2.2"), &w.r3.1, &score).await).await;
    let r = result(&app, &period, &town).await;
    assert_eq!(
        source(&r, "1.3")["source"]["code"],
        "confirmed_not_applicable"
    );
    assert_eq!(source(&r, "2.2")["source"]["code"], "combined");
    assert_eq!(dec(&scored(&r, "2.2")["score"]), Decimal::from(4));
    app.advance(&period, "appeal").await;
}

/// Optional rules are fixed once the re-check starts, so an item flagged for a third reviewer
/// can never be switched out of scoring under the reviewers; the third review settles it and
/// the notice opens.
#[tokio::test]
async fn optional_rules_are_fixed_once_the_recheck_starts() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    let v = version(&app, &w.period).await;
    ok(patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"options": ["6.2"], "reason": "启用", "version": v}),
    )
    .await)
    .await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let path = format!("/api/v1/periods/{}/units/{}/reviews/6.2", w.period, w.u1);
    ok(app
        .put_as(
            &path,
            &w.r1.1,
            &json!({"input": {"awards": {"promoted": 2}}, "reason_code": "other", "comment": "推广两次", "version": 0}),
        )
        .await)
    .await;
    ok(app
        .put_as(
            &path,
            &w.r2.1,
            &json!({"input": {"awards": {}}, "version": 0}),
        )
        .await)
    .await;
    let v = version(&app, &w.period).await;
    let off = patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"options": [], "reason": "停用", "version": v}),
    )
    .await;
    assert_problem(off, 409).await;
    let held = assert_problem(app.try_advance(&w.period, "appeal").await, 409).await;
    assert!(held.to_string().contains("评分项 6.2"), "{held}");
    ok(app
        .put_as(
            &path,
            &w.r3.1,
            &json!({"input": {"awards": {}}, "version": 0}),
        )
        .await)
    .await;
    app.advance(&w.period, "appeal").await;
}

/// 定稿 returns the stored result "and later changes to any input never alter it". The bureau
/// publishes the next rubric version and removes the old file: the stored results of the final
/// period can no longer be read at all.
#[tokio::test]
async fn a_final_result_survives_the_rubric_file_leaving_the_folder() {
    let rubrics = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rubrics.path().join(path.file_name().unwrap())).unwrap();
    }
    let dir = rubrics.path().to_owned();
    let app = crate::helpers::spawn_app_with(|s| s.rubrics_dir = dir.clone()).await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    app.advance(&w.period, "appeal").await;
    app.pass_notice();
    app.advance(&w.period, "final").await;
    let stored = result(&app, &w.period, &w.u1).await;
    std::fs::remove_file(dir.join("unit-assessment-2023.toml")).unwrap();
    let settings = kaoping::config::Settings {
        database_url: app.database_url.clone(),
        ..crate::helpers::test_settings(app.dir.path()).await
    };
    let settings = kaoping::config::Settings {
        rubrics_dir: dir.clone(),
        ..settings
    };
    let second = kaoping::startup::Application::build_with_clock(
        settings,
        kaoping::clock::Clock::settable(app.clock().now()),
    )
    .await;
    let Ok(second) = second else {
        // Refusing to start is also a defensible answer.
        return;
    };
    let addr = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let resp = app
        .client
        .get(format!(
            "{addr}/api/v1/periods/{}/units/{}/result",
            w.period, w.u1
        ))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    let list = app
        .client
        .get(format!("{addr}/api/v1/periods"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(
        (status, list),
        (200, 200),
        "stored final result / period list unreadable: {body}"
    );
    let again: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(again, stored);
}

/// A reviewer conflict declared during the notice drops that reviewer's entry; an item it had
/// settled (third review) is flagged again, and no one can review any more: 定稿 is held with
/// no way forward short of declaring more conflicts.
#[tokio::test]
async fn a_conflict_cannot_be_declared_once_the_recheck_is_published() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let path = format!("/api/v1/periods/{}/units/{}/reviews/2.2", w.period, w.u1);
    let review = |points: &str| json!({"input": {"points": points}, "reason_code": "mismatch", "comment": "核减", "version": 0});
    ok(app.put_as(&path, &w.r1.1, &review("4")).await).await;
    ok(app.put_as(&path, &w.r3.1, &review("1")).await).await;
    ok(app.put_as(&path, &w.r2.1, &review("3")).await).await;
    app.advance(&w.period, "appeal").await;
    let declared = app
        .post_json(
            "/api/v1/reviewer-conflicts",
            Some(&app.admin_token),
            &json!({"reviewer_id": w.r2.0, "unit_id": w.u1, "reason": "亲属"}),
        )
        .await
        .status()
        .as_u16();
    app.pass_notice();
    let resp = app.try_advance(&w.period, "final").await;
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    let fourth = app
        .put_as(&path, &w.r2.1, &review("3"))
        .await
        .status()
        .as_u16();
    assert!(
        declared != 200 || status == 200,
        "conflict accepted during the notice ({declared}); final held ({status}: {body}); reviews closed ({fourth})"
    );
}

/// With the optional veto 7.1 enabled, two reviewers split (one fires it, one does not): the
/// tie fires the veto (不合格) and nothing asks for a third reviewer, while a split on a
/// not-applicable claim or a score does.
#[tokio::test]
async fn a_split_veto_goes_to_a_third_reviewer() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    let v = version(&app, &w.period).await;
    ok(patch(
        &app,
        &format!("/api/v1/periods/{}", w.period),
        &json!({"options": ["7.1"], "reason": "启用", "version": v}),
    )
    .await)
    .await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let path = format!("/api/v1/periods/{}/units/{}/reviews/7.1", w.period, w.u1);
    ok(app
        .put_as(&path, &w.r1.1, &json!({"input": {"veto": true}, "reason_code": "other", "comment": "事故", "version": 0}))
        .await)
    .await;
    ok(app
        .put_as(
            &path,
            &w.r2.1,
            &json!({"input": {"veto": false}, "version": 0}),
        )
        .await)
    .await;
    let r = result(&app, &w.period, &w.u1).await;
    let grade = r["result"]["grade"]["grade"].clone();
    let advanced = app.try_advance(&w.period, "appeal").await.status().as_u16();
    assert!(
        grade != "不合格" || advanced == 409,
        "1 of 2 reviewers vetoed: grade {grade}, notice opened ({advanced})"
    );
}

/// Extreme but well-formed inputs never produce a 5xx.
#[tokio::test]
async fn extreme_inputs_are_never_a_5xx() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.advance(&w.period, "self_assessment").await;
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-06-30", "reason": "测试"}),
    )
    .await;
    let path = format!(
        "/api/v1/periods/{}/units/{}/self-assessment",
        w.period, w.u1
    );
    let mut bad = Vec::new();
    let mut version = 0;
    for input in [
        json!({"1.1": {"input": {"done": "9999-12-31"}}}),
        json!({"1.1": {"input": {"done": "0001-01-01"}}}),
        json!({"2.12": {"input": {"findings": {"no-board": 4294967295u32, "incomplete": 4294967295u32}}}}),
        json!({"6.1": {"input": {"awards": {"demo-project": 4294967295u32}}}}),
        json!({"2.3": {"input": {"measured": "79228162514264337593543950335"}}}),
        json!({"2.1": {"input": {"index": "79228162514264337593543950335"}}}),
        json!({"2.2": {"input": {"points": "-0"}}}),
    ] {
        let resp = app
            .put_as(
                &path,
                &w.unit1,
                &json!({"version": version, "items": input}),
            )
            .await;
        let s = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if s >= 500 || s == 409 {
            bad.push((input, s, body));
        } else if s == 200 {
            version = body["version"].as_i64().unwrap();
        }
    }
    let r = app
        .get(
            &format!("/api/v1/periods/{}/units/{}/result", w.period, w.u1),
            Some(&app.admin_token),
        )
        .await
        .status()
        .as_u16();
    assert!(r < 500, "result {r}");
    assert!(bad.is_empty(), "{bad:?}");
}
