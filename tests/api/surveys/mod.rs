//! Satisfaction surveys: rounds and required samples, code batches and their distributors,
//! the public submission path, validity, indices against an independent computation, access,
//! publication and `kaoping survey verify`.

mod access;
mod assessment;
mod exports;
mod hardening;
mod index;
mod lists;
mod page;
mod paper;
mod settle;
mod submit;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::ledger::fixture::{self, Ledger};

/// The ten questions of the shipped questionnaire.
pub const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
/// Its scale, best first.
pub const LABELS: [&str; 5] = ["非常满意", "满意", "一般", "不满意", "非常不满意"];

/// An app with the small county, one round over `projects` (code → households) and one batch
/// of `codes` codes for the first project.
pub struct Survey {
    pub app: TestApp,
    pub ledger: Ledger,
    pub round: String,
    pub projects: Vec<String>,
    pub codes: Vec<String>,
}

/// Creates a project of `households` households in the town's 南关社区.
pub async fn project(app: &TestApp, ledger: &Ledger, code: &str, households: i64) -> String {
    let mut body = fixture::project_json(code, &ledger.nanguan, None);
    body["households"] = json!(households);
    app.admin_post("/api/v1/projects", body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Opens a round over `project_ids`.
pub async fn round(app: &TestApp, name: &str, project_ids: &[String]) -> Value {
    app.admin_post(
        "/api/v1/surveys",
        json!({"name": name, "rubric_id": "satisfaction", "rubric_version": 1,
               "opens_at": "2026-06-15T08:00", "closes_at": "2026-06-30", "project_ids": project_ids}),
    )
    .await
}

/// Generates `n` codes for `project` handed to a grid worker.
pub async fn batch(app: &TestApp, round: &str, project: &str, n: u32) -> Vec<String> {
    let v = app
        .admin_post(
            &format!("/api/v1/surveys/{round}/batches"),
            json!({"project_id": project, "distributor": "张三（网格员）",
                   "distributor_kind": "grid_worker", "codes": n}),
        )
        .await;
    v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// The survey set-up with one project per `(code, households)`.
pub async fn survey(projects: &[(&str, i64)], codes: u32) -> Survey {
    survey_on(spawn_app().await, projects, codes).await
}

/// [`survey`] on a given app (e.g. with settings of its own).
pub async fn survey_on(app: TestApp, projects: &[(&str, i64)], codes: u32) -> Survey {
    let ledger = fixture::seed(&app).await;
    let mut ids = Vec::new();
    for (code, households) in projects {
        ids.push(project(&app, &ledger, code, *households).await);
    }
    let round = round(&app, "2026 年第一轮", &ids).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let codes = batch(&app, &round, &ids[0], codes).await;
    Survey {
        app,
        ledger,
        round,
        projects: ids,
        codes,
    }
}

/// A submission of `positions` (scale index per question, in `QS` order; None unanswered)
/// taking `seconds`, finished at the test clock's start.
pub fn answers(code: &str, positions: &[Option<usize>], seconds: i64) -> Value {
    let mut map = serde_json::Map::new();
    for (q, p) in QS.iter().zip(positions) {
        if let Some(p) = p {
            map.insert(q.to_string(), json!(LABELS[*p]));
        }
    }
    let finished: jiff::Timestamp = crate::helpers::TEST_START.parse().unwrap();
    let started = finished - jiff::SignedDuration::from_secs(seconds);
    json!({"code": code, "answers": map, "started_at": started.to_string(),
           "finished_at": finished.to_string()})
}

/// A varied, valid questionnaire.
pub fn varied(code: &str) -> Value {
    answers(code, &[0, 1, 1, 2, 0, 1, 1, 1, 2, 3].map(Some), 300)
}

impl Survey {
    /// POSTs a submission.
    pub async fn submit(&self, body: &Value) -> reqwest::Response {
        self.app
            .post_json("/api/v1/surveys/responses", None, body)
            .await
    }

    /// The index of `scope` as admin.
    pub async fn index(&self, scope: &str) -> Value {
        let path = format!("/api/v1/surveys/{}/index?scope={scope}", self.round);
        self.app.get_ok(&path, &self.app.admin_token).await
    }
}

/// The count of invalid responses for reason `code` in an index's `invalid` list (`{reason:
/// {code, label}, count}` entries); `Null` when the reason is absent.
pub fn invalid_count(index: &serde_json::Value, code: &str) -> serde_json::Value {
    index["invalid"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["reason"]["code"] == code))
        .map_or(serde_json::Value::Null, |c| c["count"].clone())
}
