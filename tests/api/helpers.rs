//! `spawn_app()`: the real application on port 0 with a fresh database (a temporary SQLite
//! file, or a new PostgreSQL database when `KAOPING_TEST_DATABASE_URL` is set).

use kaoping::clock::Clock;
use kaoping::config::Settings;
use kaoping::service::{AppState, tokens};
use kaoping::startup::Application;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use sqlx::Connection;

/// Where every test's clock starts: Monday 2026-06-15, 10:00 in Beijing.
pub const TEST_START: &str = "2026-06-15T02:00:00Z";

/// A running application and what tests need to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub admin_token: String,
    pub state: AppState,
    pub database_url: String,
    /// Keeps the temporary folder (SQLite file, data folder) alive for the test.
    pub dir: tempfile::TempDir,
}

/// Creates a fresh database and returns its URL.
async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("KAOPING_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            sqlx::any::install_default_drivers();
            let name = format!("kaoping_test_{}", uuid::Uuid::now_v7().simple());
            let mut conn = sqlx::AnyConnection::connect(&admin_url)
                .await
                .expect("connect to the test server");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let (base, _) = admin_url.rsplit_once('/').expect("URL has a database part");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/kaoping.db", dir.display()),
    }
}

/// Settings for a test: port 0, fresh database, temporary data folder, shipped rubrics.
pub async fn test_settings(dir: &std::path::Path) -> Settings {
    Settings {
        listen: "127.0.0.1:0".into(),
        database_url: fresh_database(dir).await,
        data_dir: dir.join("data"),
        rubrics_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics").into(),
        calendar: concat!(env!("CARGO_MANIFEST_DIR"), "/calendars/cn-workdays.toml").into(),
        log: "warn".into(),
        ..Settings::default()
    }
}

/// Starts the application with `settings` adjusted by `tweak`.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(dir.path()).await;
    tweak(&mut settings);
    let database_url = settings.database_url.clone();
    // A settable clock at a fixed instant, so no test depends on the day it runs (or on the
    // working-day calendar knowing next year): tests move it past deadlines as they need.
    let clock = Clock::settable(TEST_START.parse().expect("a valid instant"));
    let app = Application::build_with_clock(settings, clock)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let (_, admin_token) = tokens::create(
        &state,
        &kaoping::service::operator(),
        &tokens::NewToken {
            name: "测试管理员".into(),
            role: "admin".into(),
            ..Default::default()
        },
    )
    .await
    .expect("admin token");
    TestApp {
        address,
        client: Client::new(),
        admin_token,
        state,
        database_url,
        dir,
    }
}

/// Starts the application with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

impl TestApp {
    /// The application's clock (settable).
    pub fn clock(&self) -> &Clock {
        &self.state.db.clock
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.checked("GET", path, req).await
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.checked("POST", path, req).await
    }

    pub async fn put_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut req = self.client.put(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.checked("PUT", path, req).await
    }

    /// Sends `req` and checks a 2xx JSON answer against its operation's schema
    /// ([`crate::contract::check_response`]); returns the response as received.
    pub async fn checked(
        &self,
        method: &str,
        path: &str,
        req: reqwest::RequestBuilder,
    ) -> Response {
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let is_json = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/json"));
        if !status.is_success() || !is_json {
            return resp;
        }
        let mut builder = http::Response::builder().status(status);
        for (k, v) in resp.headers() {
            builder = builder.header(k, v);
        }
        let body = resp.bytes().await.expect("body read");
        let spec = || kaoping::api::spec::document(&kaoping::api::openapi(&self.state).spec());
        crate::contract::check_response(spec, method, path, status.as_u16(), &body);
        Response::from(builder.body(body).expect("response rebuilt"))
    }

    /// POSTs `bytes` as the multipart field `file`.
    pub async fn upload(
        &self,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        let form = reqwest::multipart::Form::new().part("file", part);
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs `bytes` as the raw body with `content_type` (an import's file without a form).
    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs an import's file as the spec offers it: a `.csv` as the raw `text/csv` body,
    /// anything else as the multipart field `file`.
    pub async fn send_file(
        &self,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Response {
        if file_name.ends_with(".csv") {
            self.post_raw(path, token, "text/csv", bytes).await
        } else {
            self.upload(path, token, file_name, bytes).await
        }
    }

    /// POSTs JSON as admin, asserts 200 and returns the body.
    pub async fn admin_post(&self, path: &str, body: Value) -> Value {
        let resp = self.post_json(path, Some(&self.admin_token), &body).await;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "POST {path}: {text}");
        serde_json::from_str(&text).expect("json")
    }

    /// GETs with `token`, asserts 200 and returns the body.
    pub async fn get_ok(&self, path: &str, token: &str) -> Value {
        let resp = self.get(path, Some(token)).await;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "GET {path}: {text}");
        serde_json::from_str(&text).expect("json")
    }

    /// Creates a token over HTTP as admin and returns `(id, secret)`.
    pub async fn create_token(&self, body: Value) -> (String, String) {
        let resp = self
            .post_json("/api/v1/tokens", Some(&self.admin_token), &body)
            .await;
        assert_eq!(
            resp.status(),
            StatusCode::OK,
            "{}",
            resp.text().await.unwrap_or_default()
        );
        let v: Value = resp.json().await.expect("json");
        (
            v["token"]["id"].as_str().expect("id").into(),
            v["secret"].as_str().expect("secret").into(),
        )
    }

    /// Runs the `kaoping` binary against this app's database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .args(args)
            .current_dir(self.dir.path())
            .env("KAOPING_DATABASE_URL", &self.database_url)
            .env(
                "KAOPING_RUBRICS_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics"),
            )
            .env(
                "KAOPING_CALENDAR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/calendars/cn-workdays.toml"),
            )
            .env("KAOPING_LOG", "warn")
            .output()
            .expect("kaoping runs")
    }
}

/// Asserts `resp` is an RFC 9457 problem with `status`, and returns its body.
pub async fn assert_problem(resp: Response, status: u16) -> Value {
    assert_eq!(resp.status().as_u16(), status, "status");
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type}"
    );
    let request_id = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("x-request-id header")
        .to_owned();
    let body: Value = resp.json().await.expect("problem body is JSON");
    for key in ["type", "title", "status", "detail", "instance"] {
        assert!(body.get(key).is_some(), "problem lacks {key}: {body}");
    }
    assert_eq!(body["status"], status);
    assert!(
        body["instance"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&request_id),
        "{body}"
    );
    body
}

/// Marks the last migration as never applied (a database one release behind); returns its
/// version.
pub async fn unapply_last_migration(app: &TestApp) -> i64 {
    let (last,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(last)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    last
}

/// Whether migration `version` is recorded as applied.
pub async fn migration_applied(app: &TestApp, version: i64) -> bool {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1")
        .bind(version)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n > 0
}
