//! Bearer tokens: 401/403 paths, creation and revocation over HTTP and the CLI.

use crate::helpers::{TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

/// A review team, a unit and a company that exist, for tokens to be bound to.
async fn bindings(app: &TestApp) -> (String, String, String) {
    let team = app
        .admin_post("/api/v1/review-teams", json!({"name": "第一考核组"}))
        .await;
    let unit = app.create_unit("县住建局").await;
    let company = app
        .admin_post(
            "/api/v1/companies",
            crate::ledger::fixture::company_json(1, "甲物业", true),
        )
        .await;
    (
        team["id"].as_str().unwrap().to_owned(),
        unit,
        company["id"].as_str().unwrap().to_owned(),
    )
}

/// The number of tokens stored.
async fn token_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_tokens")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn no_token_or_a_bad_token_is_401_with_a_challenge() {
    let app = spawn_app().await;
    let resp = app.get("/api/v1/me", None).await;
    assert_eq!(resp.headers()["www-authenticate"], "Bearer");
    assert_problem(resp, 401).await;
    assert_problem(
        app.get("/api/v1/me", Some("kp_not-a-real-token")).await,
        401,
    )
    .await;
    assert_problem(app.get("/api/v1/me", Some("garbage")).await, 401).await;
}

#[tokio::test]
async fn a_wrong_role_is_403() {
    let app = spawn_app().await;
    let suixi = app.create_unit("濉溪镇").await;
    let (_, unit) = app
        .create_token(json!({"name": "濉溪镇", "role": "unit", "unit_id": suixi}))
        .await;
    let body = assert_problem(app.get("/api/v1/tokens", Some(&unit)).await, 403).await;
    assert_eq!(body["type"], "/problems/forbidden");
    let resp = app.get("/api/v1/me", Some(&unit)).await;
    assert_eq!(resp.status(), 200);
    let me: Value = resp.json().await.unwrap();
    assert_eq!(me["role"], json!({"code": "unit", "label": "被考核单位"}));
    assert_eq!(me["unit_id"], suixi);
}

#[tokio::test]
async fn only_admin_reaches_admin_operations() {
    let app = spawn_app().await;
    let (team, unit, company) = bindings(&app).await;
    for (role, binding) in [
        ("reviewer", json!({"team_id": team})),
        ("unit", json!({"unit_id": unit})),
        ("company", json!({"company_id": company})),
        ("inspector", json!({})),
    ] {
        let mut body = json!({"name": role, "role": role});
        body.as_object_mut()
            .unwrap()
            .extend(binding.as_object().unwrap().clone());
        let (_, secret) = app.create_token(body).await;
        assert_problem(app.get("/api/v1/tokens", Some(&secret)).await, 403).await;
        assert_problem(app.get("/api/v1/audit/verify", Some(&secret)).await, 403).await;
        let resp = app
            .post_json(
                "/api/v1/tokens",
                Some(&secret),
                &json!({"name": "x", "role": "admin"}),
            )
            .await;
        assert_problem(resp, 403).await;
    }
}

#[tokio::test]
async fn a_role_binding_mismatch_is_422() {
    let app = spawn_app().await;
    let resp = app
        .post_json(
            "/api/v1/tokens",
            Some(&app.admin_token),
            &json!({"name": "x", "role": "unit"}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "unit_id");
}

#[tokio::test]
async fn a_token_cannot_be_bound_to_what_does_not_exist() {
    let app = spawn_app().await;
    let (team, unit, _) = bindings(&app).await;
    let before = token_count(&app).await;
    let audit_before = crate::ledger::fixture::audit_seq(&app).await;
    for (body, field) in [
        (
            json!({"name": "x", "role": "unit", "unit_id": "no-such-unit"}),
            "unit_id",
        ),
        (
            json!({"name": "x", "role": "company", "company_id": "no-such-company"}),
            "company_id",
        ),
        (
            json!({"name": "x", "role": "reviewer", "team_id": "no-such-team"}),
            "team_id",
        ),
        // A reviewer's own unit must exist too.
        (
            json!({"name": "x", "role": "reviewer", "team_id": team, "unit_id": "no-such-unit"}),
            "unit_id",
        ),
        // A unit id is not a company id.
        (
            json!({"name": "x", "role": "company", "company_id": unit}),
            "company_id",
        ),
    ] {
        let resp = app
            .post_json("/api/v1/tokens", Some(&app.admin_token), &body)
            .await;
        let problem = assert_problem(resp, 422).await;
        let errors = problem["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{problem}");
        assert_eq!(errors[0]["field"], field, "{problem}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(
            message.contains("没有"),
            "a Chinese message naming what is missing: {message}"
        );
    }
    assert_eq!(token_count(&app).await, before, "nothing written");
    assert_eq!(
        crate::ledger::fixture::audit_seq(&app).await,
        audit_before,
        "nothing audited"
    );
}

#[tokio::test]
async fn cli_refuses_a_token_for_a_unit_not_in_the_ledger() {
    let app = spawn_app().await;
    let before = token_count(&app).await;
    let out = app.cli(&[
        "token",
        "create",
        "--role",
        "unit",
        "--name",
        "x",
        "--unit",
        "no-such-unit",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unit_id"), "{stderr}");
    assert!(out.stdout.is_empty(), "no secret printed");
    assert_eq!(token_count(&app).await, before);
}

#[tokio::test]
async fn tokens_are_stored_only_as_hashes() {
    let app = spawn_app().await;
    let (id, secret) = app
        .create_token(json!({"name": "n", "role": "inspector"}))
        .await;
    let (stored,): (String,) = sqlx::query_as("SELECT secret_hash FROM api_tokens WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_ne!(stored, secret);
    assert_eq!(stored, kaoping::service::tokens::hash_secret(&secret));
    let list: Value = app
        .get("/api/v1/tokens", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains(&secret));
}

#[tokio::test]
async fn revoked_tokens_stop_working_and_revoking_twice_is_409() {
    let app = spawn_app().await;
    let (id, secret) = app
        .create_token(json!({"name": "n", "role": "inspector"}))
        .await;
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status(), 200);
    let path = format!("/api/v1/tokens/{id}/revoke");
    let resp = app
        .post_json(&path, Some(&app.admin_token), &json!({}))
        .await;
    assert_eq!(resp.status(), 200);
    assert_problem(app.get("/api/v1/me", Some(&secret)).await, 401).await;
    assert_problem(
        app.post_json(&path, Some(&app.admin_token), &json!({}))
            .await,
        409,
    )
    .await;
    assert_problem(
        app.post_json(
            "/api/v1/tokens/nope/revoke",
            Some(&app.admin_token),
            &json!({}),
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn cli_creates_a_token_usable_over_http_and_revokes_it() {
    let app = spawn_app().await;
    let suiwu = app.create_unit("濉芜产业园").await;
    let out = app.cli(&[
        "token",
        "create",
        "--role",
        "unit",
        "--name",
        "濉芜产业园",
        "--unit",
        &suiwu,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(
        secret.starts_with("kp_") && secret.len() >= 3 + 32,
        "{secret}"
    );
    let me: Value = app
        .get("/api/v1/me", Some(&secret))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "濉芜产业园");

    let out = app.cli(&["token", "list"]);
    let listing = String::from_utf8(out.stdout).unwrap();
    let line = listing
        .lines()
        .find(|l| l.contains("濉芜产业园"))
        .expect("listed");
    assert!(!listing.contains(&secret));
    let id = line.split('\t').next().unwrap();

    let out = app.cli(&["token", "revoke", id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_problem(app.get("/api/v1/me", Some(&secret)).await, 401).await;
}

#[tokio::test]
async fn cli_refuses_a_bad_role_with_exit_2() {
    let app = spawn_app().await;
    let out = app.cli(&["token", "create", "--role", "root", "--name", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("role"));
}

#[tokio::test]
async fn a_bad_config_value_stops_start_up_naming_the_key() {
    let app = spawn_app().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .arg("migrate")
        .current_dir(app.dir.path())
        .env("KAOPING_JSON_BODY_LIMIT", "much")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("json_body_limit"), "{stderr}");
}

#[tokio::test]
async fn a_wrong_role_is_refused_before_its_body_is_read() {
    let app = spawn_app().await;
    let u1 = app.create_unit("县住建局").await;
    let (_, unit) = app
        .create_token(json!({"name": "u", "role": "unit", "unit_id": u1}))
        .await;
    let resp = app
        .client
        .post(app.url("/api/v1/periods"))
        .bearer_auth(&unit)
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 403).await;
    // Without a token it is 401, whatever the body.
    let resp = app
        .client
        .post(app.url("/api/v1/periods"))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 401).await;
}

#[test]
fn every_action_has_a_permission_marker() {
    // An exhaustive match: adding an Action without its `can::X` marker stops this compiling.
    use kaoping::api::auth::{Permission, can};
    use kaoping::domain::access::Action;
    fn marker(a: Action) -> Action {
        match a {
            Action::ManageTokens => can::ManageTokens::ACTION,
            Action::ReadAudit => can::ReadAudit::ACTION,
            Action::WhoAmI => can::WhoAmI::ACTION,
            Action::ReadRubrics => can::ReadRubrics::ACTION,
            Action::ReadLedger => can::ReadLedger::ACTION,
            Action::WriteLedger => can::WriteLedger::ACTION,
            Action::ReadMetrics => can::ReadMetrics::ACTION,
            Action::ManagePeriods => can::ManagePeriods::ACTION,
            Action::ReadAssessments => can::ReadAssessments::ACTION,
            Action::SelfAssess => can::SelfAssess::ACTION,
            Action::Review => can::Review::ACTION,
            Action::SendBack => can::SendBack::ACTION,
            Action::AttachEvidence => can::AttachEvidence::ACTION,
            Action::Appeal => can::Appeal::ACTION,
            Action::DecideAppeal => can::DecideAppeal::ACTION,
            Action::DeclareConflict => can::DeclareConflict::ACTION,
            Action::ReadReliability => can::ReadReliability::ACTION,
            Action::ReadCredit => can::ReadCredit::ACTION,
            Action::WriteCredit => can::WriteCredit::ACTION,
            Action::ManageSurveys => can::ManageSurveys::ACTION,
            Action::ReadSurveys => can::ReadSurveys::ACTION,
            Action::ReadSurveyIndex => can::ReadSurveyIndex::ACTION,
            Action::ReadEvaluations => can::ReadEvaluations::ACTION,
            Action::WriteEvaluations => can::WriteEvaluations::ACTION,
            Action::DecideEvaluations => can::DecideEvaluations::ACTION,
            Action::ObjectToEvaluation => can::ObjectToEvaluation::ACTION,
            Action::ReadComplaints => can::ReadComplaints::ACTION,
            Action::WriteComplaints => can::WriteComplaints::ACTION,
            Action::ApplyForRepair => can::ApplyForRepair::ACTION,
            Action::ObjectToConductRecord => can::ObjectToConductRecord::ACTION,
            Action::ReadProjectQuality => can::ReadProjectQuality::ACTION,
            Action::ReadResults => can::ReadResults::ACTION,
            Action::PublishResults => can::PublishResults::ACTION,
        }
    }
    for a in [Action::ManagePeriods, Action::Review, Action::ReadLedger] {
        assert_eq!(marker(a), a);
    }
}
