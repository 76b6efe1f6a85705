//! Handover inspections (承接查验): recorded by the admin with optimistic versions, read through
//! project visibility, validated field by field, and counted by the 1/3 metric.

use serde_json::{Value, json};

use super::fixture::{project, seed, serve, token};
use crate::helpers::{TestApp, assert_problem, spawn_app};

fn inspection(on: &str, group: i64, owners: i64) -> Value {
    json!({"inspected_on": on, "group_size": group, "owner_representatives": owners,
           "note": "社区牵头，县住建局、镇、业主代表、企业参加"})
}

/// Records an inspection of `project` as admin and returns its id.
async fn inspect(app: &TestApp, project: &str, on: &str, group: i64, owners: i64) -> String {
    let v = app
        .admin_post(
            &format!("/api/v1/projects/{project}/handover-inspections"),
            inspection(on, group, owners),
        )
        .await;
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn inspections_are_recorded_listed_and_updated_with_versions() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "T1", &l.nanguan, None).await;
    let path = format!("/api/v1/projects/{p}/handover-inspections");
    let created = app.admin_post(&path, inspection("2023-03-01", 9, 3)).await;
    assert_eq!(created["version"], 1);
    assert_eq!(created["project_id"], p.as_str());
    assert_eq!(created["owners_at_least_one_third"], true);
    let id = created["id"].as_str().unwrap();
    inspect(&app, &p, "2023-01-15", 10, 3).await;

    let list = app.get_ok(&path, &app.admin_token).await;
    let rows: Vec<(&str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["inspected_on"].as_str().unwrap(),
                h["owners_at_least_one_third"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("2023-01-15", false), ("2023-03-01", true)]);

    let one = format!("/api/v1/handover-inspections/{id}");
    let mut change = inspection("2023年3月2日", 10, 3);
    change["version"] = json!(1);
    let updated = app.put_json(&one, Some(&app.admin_token), &change).await;
    assert_eq!(updated.status(), 200);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(
        (
            updated["inspected_on"].as_str().unwrap(),
            updated["version"].as_i64().unwrap(),
            updated["owners_at_least_one_third"].as_bool().unwrap()
        ),
        ("2023-03-02", 2, false)
    );
    // Someone still holding version 1 is refused and overwrites nothing.
    let mut stale = inspection("2023-03-01", 9, 9);
    stale["version"] = json!(1);
    let body = assert_problem(
        app.put_json(&one, Some(&app.admin_token), &stale).await,
        409,
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("当前版本 2"),
        "{body}"
    );
    let list = app.get_ok(&path, &app.admin_token).await;
    assert_eq!(list[1]["owner_representatives"], 3);
    // An update needs a version; a create must not carry one.
    let body = assert_problem(
        app.put_json(
            &one,
            Some(&app.admin_token),
            &inspection("2023-03-01", 9, 3),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "version");
    let mut with_version = inspection("2023-03-01", 9, 3);
    with_version["version"] = json!(1);
    let body = assert_problem(
        app.post_json(&path, Some(&app.admin_token), &with_version)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "version");
    // Unknown project or inspection: 404.
    assert_problem(
        app.post_json(
            "/api/v1/projects/nope/handover-inspections",
            Some(&app.admin_token),
            &inspection("2023-03-01", 9, 3),
        )
        .await,
        404,
    )
    .await;
    let mut any = inspection("2023-03-01", 9, 3);
    any["version"] = json!(1);
    assert_problem(
        app.put_json(
            "/api/v1/handover-inspections/nope",
            Some(&app.admin_token),
            &any,
        )
        .await,
        404,
    )
    .await;
    // Both writes are in the audit trail.
    let history = app
        .get_ok(
            &format!("/api/v1/audit/history?subject_type=handover_inspection&subject_id={id}"),
            &app.admin_token,
        )
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["handover_inspection.create", "handover_inspection.update"],
        "{history}"
    );
}

#[tokio::test]
async fn inspections_are_read_through_project_visibility_and_written_by_admin_only() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "T1", &l.nanguan, None).await;
    serve(&app, &p, &l.company_a, "2020-01-01", None).await;
    let id = inspect(&app, &p, "2020-01-01", 9, 3).await;
    let path = format!("/api/v1/projects/{p}/handover-inspections");

    let own_town = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let other_town = token(&app, "unit", json!({"unit_id": l.unit_park})).await;
    let department = token(&app, "unit", json!({"unit_id": l.unit_dept})).await;
    let serving = token(&app, "company", json!({"company_id": l.company_a})).await;
    let stranger = token(&app, "company", json!({"company_id": l.company_b})).await;
    let inspector = token(&app, "inspector", json!({})).await;
    for (who, t) in [
        ("own town", &own_town),
        ("department", &department),
        ("serving company", &serving),
        ("inspector", &inspector),
    ] {
        let list = app.get_ok(&path, t).await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{who}");
        assert_eq!(list[0]["id"], id.as_str(), "{who}");
    }
    for t in [&other_town, &stranger] {
        assert_problem(app.get(&path, Some(t)).await, 404).await;
    }
    let mut update = inspection("2020-01-01", 9, 0);
    update["version"] = json!(1);
    for t in [&own_town, &serving, &inspector] {
        assert_problem(
            app.post_json(&path, Some(t), &inspection("2020-01-01", 9, 3))
                .await,
            403,
        )
        .await;
        assert_problem(
            app.put_json(
                &format!("/api/v1/handover-inspections/{id}"),
                Some(t),
                &update,
            )
            .await,
            403,
        )
        .await;
    }
    assert_eq!(app.get_ok(&path, &app.admin_token).await[0]["version"], 1);
}

#[tokio::test]
async fn a_future_date_or_more_owners_than_members_is_422_naming_the_field() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "T1", &l.nanguan, None).await;
    let path = format!("/api/v1/projects/{p}/handover-inspections");
    // 00:30 on 1 July in Beijing is still 30 June in UTC: the day is Beijing's.
    app.clock().set("2023-06-30T16:30:00Z".parse().unwrap());
    inspect(&app, &p, "2023-07-01", 6, 2).await;
    let field_of = |body: &Value| body["errors"][0]["field"].as_str().unwrap().to_owned();
    let body = assert_problem(
        app.post_json(
            &path,
            Some(&app.admin_token),
            &inspection("2023-07-02", 6, 2),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(field_of(&body), "inspected_on", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("晚于今天 2023-07-01"),
        "{body}"
    );
    let body = assert_problem(
        app.post_json(
            &path,
            Some(&app.admin_token),
            &inspection("2023-06-01", 6, 7),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(field_of(&body), "owner_representatives", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("超过查验组人数"),
        "{body}"
    );
    // Every broken field at once; the same rules on update.
    let bad = json!({"inspected_on": "2023-02-30", "group_size": 0, "owner_representatives": -1,
                     "note": "a\u{7}b"});
    let body = assert_problem(
        app.post_json(&path, Some(&app.admin_token), &bad).await,
        422,
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "inspected_on",
            "group_size",
            "owner_representatives",
            "note"
        ],
        "{body}"
    );
    let id = inspect(&app, &p, "2023-06-01", 6, 2).await;
    let mut future = inspection("2023-08-01", 6, 2);
    future["version"] = json!(1);
    let body = assert_problem(
        app.put_json(
            &format!("/api/v1/handover-inspections/{id}"),
            Some(&app.admin_token),
            &future,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(field_of(&body), "inspected_on");
    assert_eq!(
        app.get_ok(&path, &app.admin_token)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn ratio(m: &Value) -> (i64, i64, Option<String>, Option<bool>) {
    let r = &m["handover_owner_representation"];
    (
        r["numerator"].as_i64().unwrap(),
        r["denominator"].as_i64().unwrap(),
        r["rate"].as_str().map(str::to_owned),
        r["met"].as_bool(),
    )
}

#[tokio::test]
async fn the_metric_counts_inspections_meeting_one_third_by_the_date() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let t1 = project(&app, "T1", &l.nanguan, None).await;
    let t2 = project(&app, "T2", &l.dongguan, None).await;
    let k1 = project(&app, "K1", &l.park_community, None).await;
    inspect(&app, &t1, "2023-03-01", 9, 3).await; // 9 ≥ 9: met at the line
    inspect(&app, &t1, "2023-04-01", 10, 3).await; // 9 < 10: not met
    inspect(&app, &t2, "2023-06-30", 6, 2).await; // met, on the day itself
    inspect(&app, &t2, "2023-07-01", 9, 0).await; // after the date
    inspect(&app, &k1, "2023-01-01", 3, 1).await; // the park: another scope

    let town = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2023-06-30", l.town),
            &app.admin_token,
        )
        .await;
    assert_eq!(
        ratio(&town),
        (2, 3, Some("0.666667".into()), Some(false)),
        "{town}"
    );
    let r = &town["handover_owner_representation"];
    assert_eq!(r["target"], "1");
    assert!(r["rule"].as_str().unwrap().contains("1/3"), "{r}");

    let county = app
        .get_ok("/api/v1/metrics?as_of=2023-07-01", &app.admin_token)
        .await;
    assert_eq!(ratio(&county), (3, 5, Some("0.6".into()), Some(false)));
    let park = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2023-07-01", l.park),
            &app.admin_token,
        )
        .await;
    assert_eq!(ratio(&park), (1, 1, Some("1".into()), Some(true)));
    // Nothing held by the date: no rate and nothing decided.
    let before = app
        .get_ok(
            &format!("/api/v1/metrics?scope={}&as_of=2022-12-31", l.town),
            &app.admin_token,
        )
        .await;
    assert_eq!(ratio(&before), (0, 0, None, None));
    // A town unit's own metrics count only its area's inspections.
    let unit = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let own = app.get_ok("/api/v1/metrics?as_of=2023-07-01", &unit).await;
    assert_eq!(own["scope"], "town");
    assert_eq!(ratio(&own), (2, 4, Some("0.5".into()), Some(false)));
}

#[tokio::test]
async fn the_contract_documents_every_inspection_field_and_the_metric() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    for path in [
        "/api/v1/projects/{id}/handover-inspections",
        "/api/v1/handover-inspections/{id}",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} missing");
    }
    let schemas = &spec["components"]["schemas"];
    for schema in ["HandoverInspectionBody", "HandoverInspection"] {
        let props = schema_properties(schemas, schema);
        for (name, p) in props {
            assert!(
                p["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{schema}.{name} undocumented"
            );
        }
    }
    let metrics = schema_properties(schemas, "Metrics");
    assert!(metrics.contains_key("handover_owner_representation"));
}

fn schema_properties<'a>(schemas: &'a Value, name: &str) -> &'a serde_json::Map<String, Value> {
    schemas[name]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {name} missing"))
}
