//! Enumerations in responses are `{code, label}` everywhere (period members' unit type, a
//! batch's distributor kind, a rating's record kinds, the audit trail's actor role, metrics by
//! management type); figures are published at their precision and numbers are never changed
//! silently (a conduct record's points, a batch's reserve share).

use serde_json::{Value, json};

use crate::assessment_support::world;
use crate::helpers::{assert_problem, spawn_app};

fn assert_labelled(v: &Value, code: &str) {
    assert_eq!(v["code"], code, "{v}");
    let label = v["label"]
        .as_str()
        .unwrap_or_else(|| panic!("no label: {v}"));
    assert!(!label.is_ascii(), "{v}");
}

#[tokio::test]
async fn period_members_and_the_audit_trail_answer_code_and_label() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p = app
        .get_ok(&format!("/api/v1/periods/{}", w.period), &app.admin_token)
        .await;
    assert_labelled(&p["units"][0]["unit_type"], "department");
    let (id, _) = app
        .create_token(json!({"name": "第三方", "role": "inspector"}))
        .await;
    let h = app
        .get_ok(
            &format!("/api/v1/audit/history?subject_type=token&subject_id={id}"),
            &app.admin_token,
        )
        .await;
    let entry = h
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or_else(|| h["items"][0].clone());
    assert_labelled(&entry["actor_role"], "admin");
}

#[tokio::test]
async fn credit_records_batches_and_metrics_answer_code_and_label() {
    let app = spawn_app().await;
    let l = crate::ledger::fixture::seed(&app).await;
    let path = format!("/api/v1/companies/{}/conduct-records", l.company_a);
    app.admin_post(
        &path,
        json!({"kind": "moderate", "recorded_on": "2023-04-01", "reference": "濉住建〔2023〕7号",
               "issuer": "濉溪县住房和城乡建设局"}),
    )
    .await;
    let r = app
        .get_ok(
            &format!("/api/v1/companies/{}/credit?as_of=2023-06-30", l.company_a),
            &app.admin_token,
        )
        .await;
    assert_labelled(&r["records"][0]["kind"], "moderate");
    let m = app.get_ok("/api/v1/metrics", &app.admin_token).await;
    let first = &m["by_management_type"][0]["management_type"];
    assert!(
        first["code"].is_string() && first["label"].is_string(),
        "{m}"
    );
}

#[tokio::test]
async fn a_batch_answers_its_distributor_kind_labelled_and_refuses_a_reserve_over_100() {
    let s = crate::surveys::survey(&[("P-1", 50)], 10).await;
    let path = format!("/api/v1/surveys/{}/batches", s.round);
    let body = |extra: Value| {
        let mut b = json!({"project_id": s.projects[0], "distributor": "李四",
                           "distributor_kind": "社区网格员"});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    let g = s.app.admin_post(&path, body(json!({"codes": 10}))).await;
    assert_labelled(&g["distributor_kind"], "grid_worker");
    let resp = s
        .app
        .post_json(
            &path,
            Some(&s.app.admin_token),
            &body(json!({"reserve_percent": 4_294_967_295u64})),
        )
        .await;
    let p = assert_problem(resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "reserve_percent", "{p}");
}

#[tokio::test]
async fn points_with_more_places_than_the_rule_allows_are_refused() {
    let app = spawn_app().await;
    let l = crate::ledger::fixture::seed(&app).await;
    let path = format!("/api/v1/companies/{}/conduct-records", l.company_a);
    let resp = app
        .post_json(
            &path,
            Some(&app.admin_token),
            &json!({"kind": "moderate", "recorded_on": "2023-04-01", "reference": "濉住建〔2023〕8号",
                    "issuer": "濉溪县住房和城乡建设局", "points": "6.0000000000000000000000000001"}),
        )
        .await;
    let p = assert_problem(resp, 422).await;
    assert_eq!(p["errors"][0]["field"], "points", "{p}");
}

/// One respondent in three satisfied: the share is published as 0.3333 (the index's two
/// places as a percentage, 33.33%), not 0.3333333333333333333333333333.
#[tokio::test]
async fn the_share_satisfied_is_published_at_the_index_precision() {
    let app = spawn_app().await;
    let qs = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
    let answers = |labels: [&str; 10]| -> Value {
        let map: serde_json::Map<String, Value> = qs
            .iter()
            .zip(labels)
            .map(|(q, l)| (q.to_string(), json!(l)))
            .collect();
        json!({"answers": map, "seconds": 300})
    };
    let (a, b, c) = ("非常满意", "满意", "一般");
    let satisfied = answers([a, a, a, b, b, b, b, c, c, c]);
    let not = answers([b, b, c, c, c, c, c, c, b, "不满意"]);
    let r = app
        .admin_post(
            "/api/v1/rubrics/satisfaction/1/dry-run",
            json!({"responses": [satisfied, not.clone(), not]}),
        )
        .await;
    assert_eq!(r["valid"], 3, "{r}");
    assert_eq!(r["share_satisfied"], "0.3333", "{r}");
    assert_eq!(r["meets_benchmark"], false, "{r}");
}

/// The self-assessment form shows every kind as `{code, label}`: whose duty, the method, and
/// its parameters (a threshold's unit, curve and below-floor rule; a deadline's lateness unit).
#[tokio::test]
async fn the_form_and_the_traces_answer_code_and_label() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let form = crate::assessment_support::unit_form(&app, &w.period, &w.u1).await;
    let item = |code: &str| form.iter().find(|i| i["code"] == code).cloned().unwrap();
    let threshold = item("2.3");
    assert!(
        threshold["duty"]["duty"]["label"].is_string(),
        "{threshold}"
    );
    let m = &threshold["method"];
    assert_labelled(&m["method"], "threshold");
    assert_labelled(&m["curve"], "efficacy");
    assert_labelled(&m["measured_in"], "share");
    assert_labelled(&m["below_floor"], "zero");
    let deadline = &item("1.1")["method"];
    assert_labelled(&deadline["method"], "deadline");
    assert!(deadline["per"]["label"].is_string(), "{deadline}");

    // A dry run's trace names each item's method the same way, and a credit dry run its
    // records' kinds with the rubric's titles.
    let tree = app
        .get_ok("/api/v1/rubrics/unit-assessment-2023/2", &app.admin_token)
        .await;
    let mut items = serde_json::Map::new();
    item_codes(&tree, &mut |code| {
        items.insert(code.into(), json!({"not_applicable": {"reason": "试算"}}));
    });
    items.insert("2.3".into(), json!({"measured": "0.7"}));
    let r = app
        .admin_post(
            "/api/v1/rubrics/unit-assessment-2023/2/dry-run",
            json!({"subject": "甲", "items": items}),
        )
        .await;
    let traced = r["items"].as_array().unwrap();
    let t = traced.iter().find(|i| i["code"] == "2.3").unwrap();
    assert_labelled(&t["method"], "threshold");
    let c = app
        .admin_post(
            "/api/v1/rubrics/credit/1/dry-run",
            json!({"company": "甲", "as_of": "2023-06-30",
                   "records": [{"kind": "moderate", "date": "2023-04-01"}]}),
        )
        .await;
    assert_eq!(
        c["records"][0]["kind"],
        json!({"code": "moderate", "label": "一般不良行为"}),
        "{c}"
    );
}

/// Calls `found` with the code of every item (an object with a `method`) in a rubric tree.
fn item_codes(v: &Value, found: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(map) => {
            if let (Some(code), true) = (
                map.get("code").and_then(Value::as_str),
                map.contains_key("method"),
            ) {
                found(code);
            }
            map.values().for_each(|c| item_codes(c, found));
        }
        Value::Array(items) => items.iter().for_each(|c| item_codes(c, found)),
        _ => {}
    }
}

/// Every published statistic is a decimal string in the spec, and its description says at
/// which declared places (`[statistics]`) it is written; none is left a bare `number`.
#[tokio::test]
async fn the_spec_says_what_each_published_statistic_is() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let schemas = &spec["components"]["schemas"];
    for (schema, field, places) in [
        ("Bounds", "lower", "scale_places"),
        ("Bounds", "upper", "scale_places"),
        ("Bounds", "mean", "scale_places"),
        ("Bounds", "t", "spread_places"),
        ("Bounds", "standard_error", "spread_places"),
        ("IndexInterval", "std_dev", "spread_places"),
        ("IndexInterval", "fpc", "spread_places"),
        ("SatisfactionIndex", "share_satisfied", "share_places"),
        ("IndexFigures", "response_rate", "share_places"),
        ("IccFigure", "value", "coefficient_places"),
        ("TeamReliability", "alpha", "coefficient_places"),
        ("ReviewerReliability", "leniency", "scale_places"),
    ] {
        let p = &schemas[schema]["properties"][field];
        assert_eq!(p["type"], "string", "{schema}.{field}: {p}");
        assert!(p["pattern"].is_string(), "{schema}.{field}: {p}");
        let doc = p["description"].as_str().unwrap_or_default();
        assert!(doc.contains(places), "{schema}.{field} names {places}: {p}");
    }
    // No statistic anywhere in a response is still an unrounded float.
    let text = schemas.to_string();
    assert!(!text.contains("\"format\":\"double\""), "a double remains");
}
