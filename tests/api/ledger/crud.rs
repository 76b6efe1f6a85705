//! Create, read, update, list; optimistic concurrency; service periods.

use serde_json::json;

use super::fixture::{self, company_json, project, project_json, seed, serve};
use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn a_stale_version_is_refused_and_nothing_is_overwritten() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let path = format!("/api/v1/companies/{}", l.company_a);
    let read = app.get_ok(&path, &app.admin_token).await;
    assert_eq!(read["version"], 1);
    let mut first = company_json(1, "甲物业（更名）", true);
    first["version"] = json!(1);
    let resp = app.put_json(&path, Some(&app.admin_token), &first).await;
    assert_eq!(resp.status(), 200);
    let mut second = company_json(1, "甲物业（另一人）", false);
    second["version"] = json!(1);
    let body = assert_problem(
        app.put_json(&path, Some(&app.admin_token), &second).await,
        409,
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("当前版本 2"),
        "{body}"
    );
    let now = app.get_ok(&path, &app.admin_token).await;
    assert_eq!(
        (
            now["name"].as_str().unwrap(),
            now["version"].as_i64().unwrap()
        ),
        ("甲物业（更名）", 2)
    );
    // Without a version an update is refused too.
    let body = assert_problem(
        app.put_json(&path, Some(&app.admin_token), &company_json(1, "x", true))
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "version");
}

#[tokio::test]
async fn a_wrong_check_character_is_422_naming_the_expected_one() {
    let app = spawn_app().await;
    let mut bad = company_json(9, "丙物业", true);
    let good = fixture::code(9);
    let wrong = if good.ends_with('0') { "1" } else { "0" };
    bad["credit_code"] = json!(format!("{}{wrong}", &good[..17]));
    let body = assert_problem(
        app.post_json("/api/v1/companies", Some(&app.admin_token), &bad)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "credit_code");
    let msg = body["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("校验码") && msg.contains(&good[17..]), "{msg}");
    // A duplicate code is a conflict.
    app.admin_post("/api/v1/companies", company_json(9, "丙物业", true))
        .await;
    assert_problem(
        app.post_json(
            "/api/v1/companies",
            Some(&app.admin_token),
            &company_json(9, "丁", true),
        )
        .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn projects_are_listed_with_filters_and_pages_and_validated() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    for i in 0..5 {
        project(&app, &format!("P{i}"), &l.nanguan, None).await;
    }
    project(&app, "Q1", &l.park_community, Some(("2022-01-01", 5, 3))).await;
    let page = app
        .get_ok("/api/v1/projects?page=2&page_size=2", &app.admin_token)
        .await;
    assert_eq!(page["total"], 6);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["code"], "P2");
    let town = app
        .get_ok(
            &format!("/api/v1/projects?town_id={}", l.park),
            &app.admin_token,
        )
        .await;
    assert_eq!(town["total"], 1);
    assert_eq!(town["items"][0]["town_id"], l.park.as_str());
    assert_eq!(town["items"][0]["floor_area"], "10000.5");
    let formed = app
        .get_ok("/api/v1/projects?committee_formed=true", &app.admin_token)
        .await;
    assert_eq!(formed["total"], 1);
    assert_problem(
        app.get("/api/v1/projects?page_size=501", Some(&app.admin_token))
            .await,
        422,
    )
    .await;
    // Every broken field at once, by name.
    let mut bad = project_json("P0", &l.nanguan, Some(("2022-13-01", 3, 5)));
    bad["households"] = json!(-1);
    let body = assert_problem(
        app.post_json("/api/v1/projects", Some(&app.admin_token), &bad)
            .await,
        422,
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["households", "committee_formed_on"], "{body}");
    // A duplicate code is a conflict; a town is not a community.
    assert_problem(
        app.post_json(
            "/api/v1/projects",
            Some(&app.admin_token),
            &project_json("P0", &l.nanguan, None),
        )
        .await,
        409,
    )
    .await;
    let body = assert_problem(
        app.post_json(
            "/api/v1/projects",
            Some(&app.admin_token),
            &project_json("Z", &l.town, None),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "community_id");
}

#[tokio::test]
async fn overlapping_company_periods_are_refused() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let p = project(&app, "P1", &l.nanguan, None).await;
    let first = serve(&app, &p, &l.company_a, "2020-01-01", None).await;
    let path = format!("/api/v1/projects/{p}/services");
    let clash = json!({"company_id": l.company_b, "start_date": "2022-01-01"});
    let body = assert_problem(
        app.post_json(&path, Some(&app.admin_token), &clash).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "start_date");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("甲物业"),
        "{body}"
    );
    // End the first contract, then the hand-over is accepted; the history lists both.
    let end = json!({"start_date": "2020-01-01", "end_date": "2021-12-31", "version": 1});
    assert_eq!(
        app.put_json(
            &format!("/api/v1/services/{first}"),
            Some(&app.admin_token),
            &end
        )
        .await
        .status(),
        200
    );
    serve(&app, &p, &l.company_b, "2022-01-01", None).await;
    let history = app.get_ok(&path, &app.admin_token).await;
    let names: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["company_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["甲物业", "乙物业"]);
    // Stretching the first period back over the second is refused, and so is an end before the start.
    let stretch = json!({"start_date": "2020-01-01", "end_date": "2022-06-30", "version": 2});
    assert_problem(
        app.put_json(
            &format!("/api/v1/services/{first}"),
            Some(&app.admin_token),
            &stretch,
        )
        .await,
        422,
    )
    .await;
    let backwards =
        json!({"company_id": l.company_a, "start_date": "2030-01-02", "end_date": "2030-01-01"});
    let body = assert_problem(
        app.post_json(&path, Some(&app.admin_token), &backwards)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "end_date");
    // Which projects a company served on a date (for floor-area weighting).
    let a = app
        .get_ok(
            &format!(
                "/api/v1/projects?company_id={}&as_of=2021-06-01",
                l.company_a
            ),
            &app.admin_token,
        )
        .await;
    assert_eq!(a["total"], 1);
    let a = app
        .get_ok(
            &format!(
                "/api/v1/projects?company_id={}&as_of=2022-06-01",
                l.company_a
            ),
            &app.admin_token,
        )
        .await;
    assert_eq!(a["total"], 0);
}

#[tokio::test]
async fn the_region_tree_keeps_its_shape_and_changes_are_audited() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let second = json!({"name": "另一个县", "level": "county"});
    assert_problem(
        app.post_json("/api/v1/regions", Some(&app.admin_token), &second)
            .await,
        409,
    )
    .await;
    let orphan = json!({"name": "孤儿社区", "level": "community", "parent_id": l.county});
    let body = assert_problem(
        app.post_json("/api/v1/regions", Some(&app.admin_token), &orphan)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "parent_id");
    let wrong = json!({"name": "某镇", "unit_type": "park", "region_id": l.town});
    let body = assert_problem(
        app.post_json("/api/v1/units", Some(&app.admin_token), &wrong)
            .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "region_id");
    let history = app
        .get_ok(
            &format!(
                "/api/v1/audit/history?subject_type=company&subject_id={}",
                l.company_a
            ),
            &app.admin_token,
        )
        .await;
    assert_eq!(history[0]["action"], "company.create");
    let communities = app
        .get_ok(
            &format!("/api/v1/regions?parent_id={}", l.town),
            &app.admin_token,
        )
        .await;
    assert_eq!(communities["total"], 2);
}

/// Enumerations answer `{code, label}` and are accepted as a code, a label, or that object; a
/// label that is not the code's, or an unknown code, is 422 naming the field.
#[tokio::test]
async fn enumerations_carry_their_label_and_are_read_in_any_form() {
    let app = spawn_app().await;
    let forms = [
        json!("department"),
        json!("县直部门"),
        json!({"code": "department", "label": "县直部门"}),
        json!({"code": "department"}),
    ];
    for (i, form) in forms.into_iter().enumerate() {
        let unit = app
            .admin_post(
                "/api/v1/units",
                json!({"name": format!("县局{i}"), "unit_type": form}),
            )
            .await;
        assert_eq!(
            unit["unit_type"],
            json!({"code": "department", "label": "县直部门"}),
            "{unit}"
        );
    }
    for bad in [
        json!({"code": "department", "label": "镇"}),
        json!({"code": "castle"}),
        json!(7),
    ] {
        let resp = app
            .post_json(
                "/api/v1/units",
                Some(&app.admin_token),
                &json!({"name": "某局", "unit_type": bad}),
            )
            .await;
        let body = assert_problem(resp, 422).await;
        assert_eq!(body["errors"][0]["field"], "unit_type", "{body}");
    }
}
