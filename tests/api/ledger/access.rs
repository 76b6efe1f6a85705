//! Access per role: admin writes; a town/park unit reads its own area; a department unit reads
//! the county; a company reads the projects it serves or served; outside the area is 404.

use serde_json::json;

use super::fixture::{project, project_json, seed, serve, token};
use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn each_role_reads_its_part_and_only_admin_writes() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let in_town = project(&app, "T1", &l.nanguan, None).await;
    let in_park = project(&app, "K1", &l.park_community, None).await;
    serve(&app, &in_park, &l.company_b, "2020-01-01", None).await;

    let unit = token(&app, "unit", json!({"unit_id": l.unit_town})).await;
    let list = app.get_ok("/api/v1/projects", &unit).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], in_town.as_str());
    assert_problem(
        app.get(&format!("/api/v1/projects/{in_park}"), Some(&unit))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.get(&format!("/api/v1/projects/{in_park}/services"), Some(&unit))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.get(
            &format!("/api/v1/regions/{}", l.park_community),
            Some(&unit),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        app.get_ok(&format!("/api/v1/regions/{}", l.nanguan), &unit)
            .await["name"],
        "南关社区"
    );
    assert_problem(
        app.get(&format!("/api/v1/companies/{}", l.company_b), Some(&unit))
            .await,
        404,
    )
    .await;
    let units = app.get_ok("/api/v1/units", &unit).await;
    assert_eq!(units["total"], 1);

    let company = token(&app, "company", json!({"company_id": l.company_b})).await;
    let list = app.get_ok("/api/v1/projects", &company).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], in_park.as_str());
    assert_problem(
        app.get(&format!("/api/v1/projects/{in_town}"), Some(&company))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.get(
            &format!("/api/v1/companies/{}", l.company_a),
            Some(&company),
        )
        .await,
        404,
    )
    .await;
    assert_problem(app.get("/api/v1/metrics", Some(&company)).await, 403).await;

    let team = app
        .admin_post("/api/v1/review-teams", json!({"name": "第一考核组"}))
        .await;
    for (role, binding) in [
        ("unit", json!({"unit_id": l.unit_dept})),
        ("inspector", json!({})),
        ("reviewer", json!({"team_id": team["id"]})),
    ] {
        let t = token(&app, role, binding).await;
        assert_eq!(
            app.get_ok("/api/v1/projects", &t).await["total"],
            2,
            "{role}"
        );
        let resp = app
            .post_json(
                "/api/v1/projects",
                Some(&t),
                &project_json("X", &l.nanguan, None),
            )
            .await;
        assert_problem(resp, 403).await;
    }
    for t in [&unit, &company] {
        let resp = app
            .post_json(
                "/api/v1/companies",
                Some(t),
                &super::fixture::company_json(7, "x", true),
            )
            .await;
        assert_problem(resp, 403).await;
        let resp = app
            .upload("/api/v1/ledger/import", t, "a.csv", b"x".to_vec())
            .await;
        assert_problem(resp, 403).await;
    }
    // A unit's metrics default to its own area; another area is 404.
    let m = app.get_ok("/api/v1/metrics", &unit).await;
    assert_eq!(
        (
            m["scope"].as_str().unwrap(),
            m["projects"].as_i64().unwrap()
        ),
        ("town", 1)
    );
    assert_problem(
        app.get(&format!("/api/v1/metrics?scope={}", l.park), Some(&unit))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.get(&format!("/api/v1/metrics?scope={}", l.county), Some(&unit))
            .await,
        404,
    )
    .await;
    let park_unit = token(&app, "unit", json!({"unit_id": l.unit_park})).await;
    assert_eq!(
        app.get_ok("/api/v1/metrics", &park_unit).await["projects"],
        1
    );
}

#[tokio::test]
async fn a_company_sees_only_its_own_contracts_on_a_project() {
    let app = crate::helpers::spawn_app().await;
    let l = super::fixture::seed(&app).await;
    let p = super::fixture::project(&app, "P1", &l.nanguan, None).await;
    super::fixture::serve(&app, &p, &l.company_a, "2020-01-01", Some("2022-12-31")).await;
    super::fixture::serve(&app, &p, &l.company_b, "2023-01-01", None).await;
    let (_, b) = app
        .create_token(
            serde_json::json!({"name": "乙物业", "role": "company", "company_id": l.company_b}),
        )
        .await;
    let periods = app
        .get_ok(&format!("/api/v1/projects/{p}/services"), &b)
        .await;
    let companies: Vec<&str> = periods
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["company_id"].as_str().unwrap())
        .collect();
    assert_eq!(companies, [l.company_b.as_str()], "{periods}");
    let all = app
        .get_ok(&format!("/api/v1/projects/{p}/services"), &app.admin_token)
        .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
}
