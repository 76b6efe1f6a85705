//! Helpers for the assessment tests: units, teams, reviewer tokens, a period, and inputs that
//! fill every applicable item of the shipped unit-assessment rubric.

use crate::helpers::TestApp;
use reqwest::Response;
use serde_json::{Value, json};

pub const RUBRIC: &str = "unit-assessment-2023";

/// Everything a period walk needs.
pub struct World {
    pub period: String,
    pub u1: String,
    pub u2: String,
    pub unit1: String,
    pub unit2: String,
    pub team_a: String,
    pub team_b: String,
    pub r1: (String, String),
    pub r2: (String, String),
    pub r3: (String, String),
}

pub async fn ok(resp: Response) -> Value {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

impl TestApp {
    pub async fn put_as(&self, path: &str, token: &str, body: &Value) -> Response {
        self.put_json(path, Some(token), body).await
    }

    pub async fn create_unit(&self, name: &str) -> String {
        let v = self
            .admin_post(
                "/api/v1/units",
                json!({"name": name, "unit_type": "department"}),
            )
            .await;
        v["id"].as_str().expect("unit id").to_owned()
    }

    pub async fn advance(&self, period: &str, to: &str) -> Value {
        ok(self.try_advance(period, to).await).await
    }

    /// Asks to move `period` to `to` with its current version; the response as it comes.
    pub async fn try_advance(&self, period: &str, to: &str) -> Response {
        let p = ok(self
            .get(
                &format!("/api/v1/periods/{period}"),
                Some(&self.admin_token),
            )
            .await)
        .await;
        self.post_json(
            &format!("/api/v1/periods/{period}/phase"),
            Some(&self.admin_token),
            &json!({"to": to, "version": p["version"]}),
        )
        .await
    }

    /// Moves the clock past any public notice (30 days on).
    pub fn pass_notice(&self) {
        assert!(self.clock().advance(jiff::Span::new().days(30)));
    }
}

/// Two department units, two teams, three reviewers (r1, r3 in team A; r2 in team B), and a
/// period whose self-assessment deadline has passed (2020) except for u1's extension.
pub async fn world(app: &TestApp) -> World {
    let u1 = app.create_unit("县住建局").await;
    let u2 = app.create_unit("县市场局").await;
    let (_, unit1) = app
        .create_token(json!({"name": "住建局联络员", "role": "unit", "unit_id": u1}))
        .await;
    let (_, unit2) = app
        .create_token(json!({"name": "市场局联络员", "role": "unit", "unit_id": u2}))
        .await;
    let team_a = app
        .admin_post("/api/v1/review-teams", json!({"name": "第一考核组"}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let team_b = app
        .admin_post("/api/v1/review-teams", json!({"name": "第二考核组"}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r1 = app
        .create_token(json!({"name": "复核员甲", "role": "reviewer", "team_id": team_a}))
        .await;
    let r2 = app
        .create_token(json!({"name": "复核员乙", "role": "reviewer", "team_id": team_b}))
        .await;
    let r3 = app
        .create_token(json!({"name": "复核员丙", "role": "reviewer", "team_id": team_a}))
        .await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2023 年度目标考核", "rubric_id": RUBRIC, "rubric_version": 2,
                   "self_deadline": "2020-01-01", "review_deadline": "2099-12-31", "unit_ids": [u1, u2]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    World {
        period,
        u1,
        u2,
        unit1,
        unit2,
        team_a,
        team_b,
        r1,
        r2,
        r3,
    }
}

/// Every item the unit must fill in `period`, as the service's form gives it (admin's view).
pub async fn unit_form(app: &TestApp, period: &str, unit: &str) -> Vec<Value> {
    let view = ok(app
        .get(
            &format!("/api/v1/periods/{period}/units/{unit}/self-assessment"),
            Some(&app.admin_token),
        )
        .await)
    .await;
    let form = view["form"].as_array().expect("form").clone();
    assert!(!form.is_empty(), "empty form for {unit}: {view}");
    form
}

/// u1's (县住建局's) form in the world's period.
pub async fn department_items(app: &TestApp, w: &World) -> Vec<Value> {
    unit_form(app, &w.period, &w.u1).await
}

/// A full-marks-ish input for one item, by its method; none for items the unit does not fill
/// (fed by the ledger or the supervision records).
pub fn good_input(item: &Value) -> Option<Value> {
    let method = &item["method"];
    Some(match method["method"]["code"].as_str()? {
        "points" => json!({"points": item["max"]}),
        _ if item["source"].is_string() => return None,
        "deduction" => json!({"findings": {}}),
        "threshold" => json!({"measured": method["target"]}),
        "deadline" => match item["deadline"].as_str() {
            Some(d) => json!({"done": d}),
            None => json!({"done": "2023-01-01"}),
        },
        "survey" => json!({"index": "90"}),
        "bonus" => json!({"awards": {}}),
        "veto" => json!({"veto": false}),
        _ => return None,
    })
}

/// In the self-assessment phase: gives u1 an extension, fills every department item with a
/// good input and submits.
pub async fn submit_u1(app: &TestApp, w: &World) {
    app.admin_post(
        &format!("/api/v1/periods/{}/units/{}/extension", w.period, w.u1),
        json!({"self_deadline": "2099-06-30", "reason": "测试"}),
    )
    .await;
    let entries: serde_json::Map<String, Value> = department_items(app, w)
        .await
        .iter()
        .filter_map(|i| {
            Some((
                i["code"].as_str()?.to_owned(),
                json!({"input": good_input(i)?}),
            ))
        })
        .collect();
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let saved = ok(app
        .put_as(
            &format!("{base}/self-assessment"),
            &w.unit1,
            &json!({"version": 0, "items": entries}),
        )
        .await)
    .await;
    ok(app
        .post_json(
            &format!("{base}/self-assessment/submit"),
            Some(&w.unit1),
            &json!({"version": saved["version"]}),
        )
        .await)
    .await;
}

/// A county ledger in which every campaign target is met: one town with one community and one
/// project whose committee (formed 2023-03-01, 5 members, 3 in the Party) and Party-organised
/// company (serving since 2023-01-01) meet 2.3, 2.4 and 3.5 for a county department.
pub async fn county_ledger_meeting_targets(app: &TestApp) {
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
    let community = community["id"].as_str().unwrap();
    let project =
        crate::ledger::fixture::project(app, "P1", community, Some(("2023-03-01", 5, 3))).await;
    let company = app
        .admin_post(
            "/api/v1/companies",
            crate::ledger::fixture::company_json(1, "甲物业", true),
        )
        .await;
    crate::ledger::fixture::serve(
        app,
        &project,
        company["id"].as_str().unwrap(),
        "2023-01-01",
        None,
    )
    .await;
}
