//! A period's results across its units: the golden period (every figure, grade and rank
//! asserted by hand), explanations, award lists, published snapshots and the public notice.

mod companies;
mod golden;
mod snapshots;

use serde_json::{Value, json};

use crate::assessment_support::ok;
use crate::helpers::{TestApp, spawn_app_with};

/// The golden period, ready for its public notice.
pub struct Golden {
    pub app: TestApp,
    pub period: String,
    /// Unit name (单位A … 单位H) → (unit id, unit token).
    pub units: Vec<(String, String, String)>,
    /// A reviewer's token.
    pub reviewer: String,
    /// The folder of the rubrics the app loaded, kept for the app's lifetime.
    _rubrics: tempfile::TempDir,
}

impl Golden {
    /// The id of 单位`letter`.
    pub fn unit(&self, letter: &str) -> &str {
        let name = format!("单位{letter}");
        &self.units.iter().find(|u| u.0 == name).unwrap().1
    }

    /// The token of 单位`letter`.
    pub fn token(&self, letter: &str) -> &str {
        let name = format!("单位{letter}");
        &self.units.iter().find(|u| u.0 == name).unwrap().2
    }

    /// Records a supervision item for 单位`letter` (as the bureau).
    pub async fn supervise(&self, letter: &str, body: Value) -> Value {
        let path = format!(
            "/api/v1/periods/{}/units/{}/supervision-items",
            self.period,
            self.unit(letter)
        );
        self.app.admin_post(&path, body).await
    }
}

/// The shipped rubrics and the golden `period-results.toml`, in a folder of their own.
fn rubrics(dir: &std::path::Path) -> std::path::PathBuf {
    let to = dir.join("rubrics");
    std::fs::create_dir_all(&to).unwrap();
    let from = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    let golden = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/rubric_fixtures/golden/period-results.toml"
    );
    std::fs::copy(golden, to.join("period-results.toml")).unwrap();
    to
}

/// Each unit's self scores (1.1, 2.1, demo awards) and the reviewer's overrides, by letter.
/// The hand table is in `src/domain/results/tests.rs` above `golden_units`.
const SELF: [(&str, &str, &str, u32); 8] = [
    ("A", "20", "70", 0),
    ("B", "20", "68", 0), // the reviewer takes 1.1 down to 19
    ("C", "20", "65", 0),
    ("D", "20", "65", 0),
    ("E", "15", "60", 1),
    ("F", "20", "70", 0), // the reviewer finds the veto
    ("G", "11", "70", 1),
    ("H", "20", "67", 0),
];

/// Builds the golden period through the API and opens its notice (phase 申诉公示): eight
/// department units self-assess; a reviewer re-checks B's 1.1 (20 → 19) and finds F's veto;
/// C and D each have an overdue supervision item, A one done on time but 通报批评.
pub async fn golden_period() -> Golden {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubrics(dir.path());
    let app = spawn_app_with(|s| s.rubrics_dir = rubrics).await;
    let team = app
        .admin_post("/api/v1/review-teams", json!({"name": "考核组"}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, reviewer) = app
        .create_token(json!({"name": "复核员", "role": "reviewer", "team_id": team}))
        .await;
    let mut units = Vec::new();
    for (letter, ..) in SELF {
        let name = format!("单位{letter}");
        let id = app.create_unit(&name).await;
        let (_, token) = app
            .create_token(json!({"name": format!("{name}联络员"), "role": "unit", "unit_id": id}))
            .await;
        units.push((name, id, token));
    }
    let ids: Vec<String> = units.iter().map(|u| u.1.clone()).collect();
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2023 年度考核（金标准）", "rubric_id": "golden-period-results",
                   "rubric_version": 1, "self_deadline": "2099-01-01",
                   "review_deadline": "2099-02-01", "unit_ids": ids}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let g = Golden {
        app,
        period,
        units,
        reviewer,
        _rubrics: dir,
    };
    for id in &ids {
        g.app
            .admin_post(
                &format!("/api/v1/periods/{}/assignments", g.period),
                json!({"team_id": team, "unit_id": id}),
            )
            .await;
    }
    g.app.advance(&g.period, "self_assessment").await;
    for (letter, a, b, demo) in SELF {
        self_assess(&g, letter, a, b, demo).await;
    }
    g.app.advance(&g.period, "review").await;
    review(&g, "B", "1.1", json!({"points": "19"})).await;
    review(&g, "F", "5.1", json!({"veto": true})).await;
    supervision(&g).await;
    g.app.advance(&g.period, "appeal").await;
    g
}

async fn self_assess(g: &Golden, letter: &str, a: &str, b: &str, demo: u32) {
    let base = format!("/api/v1/periods/{}/units/{}", g.period, g.unit(letter));
    let items = json!({
        "1.1": {"input": {"points": a}},
        "2.1": {"input": {"points": b}},
        "4.1": {"input": {"awards": {"demo": demo}}},
        "5.1": {"input": {"veto": false}},
    });
    let saved = ok(g
        .app
        .put_as(
            &format!("{base}/self-assessment"),
            g.token(letter),
            &json!({"version": 0, "items": items}),
        )
        .await)
    .await;
    ok(g.app
        .post_json(
            &format!("{base}/self-assessment/submit"),
            Some(g.token(letter)),
            &json!({"version": saved["version"]}),
        )
        .await)
    .await;
}

async fn review(g: &Golden, letter: &str, code: &str, input: Value) {
    let path = format!(
        "/api/v1/periods/{}/units/{}/reviews/{code}",
        g.period,
        g.unit(letter)
    );
    ok(g.app
        .put_as(
            &path,
            &g.reviewer,
            &json!({"input": input, "reason_code": "mismatch", "comment": "复核认定", "version": 0}),
        )
        .await)
    .await;
}

/// C and D: due 2026-06-05, still open on 2026-06-15 (overdue). A: done and reported on
/// 2026-06-03, before its deadline, but criticised county-wide.
async fn supervision(g: &Golden) {
    for letter in ["C", "D"] {
        g.supervise(
            letter,
            json!({"title": "小区消防通道整改", "assigned_on": "2026-06-01", "deadline": "2026-06-05"}),
        )
        .await;
    }
    let item = g
        .supervise(
            "A",
            json!({"title": "物业费收缴公示", "assigned_on": "2026-06-01", "deadline": "2026-06-10"}),
        )
        .await;
    ok(g.app
        .put_json(
            &format!("/api/v1/supervision-items/{}", item["id"].as_str().unwrap()),
            Some(&g.app.admin_token),
            &json!({"completed_on": "2026-06-03", "feedback_on": "2026-06-03",
                    "public_criticism": true, "version": item["version"]}),
        )
        .await)
    .await;
}
