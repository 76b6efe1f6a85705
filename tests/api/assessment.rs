//! A whole period, phase by phase (one test per phase over a shared walk, so a failure names
//! the phase): open → drafts → submit → late submit refused → send back → resubmit → two
//! reviewers disagree → third review → appeals upheld and rejected → final, with every step's
//! audit entry, and tampering detected.

use std::collections::BTreeMap;

use crate::assessment_support::{World, department_items, good_input, ok, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .map_or_else(|| v.to_string(), str::to_owned)
        .parse()
        .unwrap()
}

fn points_items(items: &[Value]) -> Vec<Value> {
    items
        .iter()
        .filter(|i| i["method"]["method"]["code"] == "points" && dec(&i["max"]) >= Decimal::from(4))
        .cloned()
        .collect()
}

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// One period walked phase by phase. Each test below runs the walk up to its phase, so a
/// failure names the first phase that broke.
struct Walk {
    app: TestApp,
    w: World,
    base: String,
    entries: BTreeMap<String, Value>,
    /// Points items worth at least 4: x is disputed, y corrected after a send-back, p and q
    /// appealed.
    x: Value,
    y: Value,
    p: Value,
    q: Value,
}

fn code(i: &Value) -> String {
    i["code"].as_str().unwrap().to_owned()
}

fn max(i: &Value) -> Decimal {
    dec(&i["max"])
}

/// An appeal against `item`.
fn lodge(item: &Value) -> Value {
    json!({"item_code": code(item), "reason": "评分依据不足"})
}

impl Walk {
    /// The draft phase: a period with u1's good inputs ready, and nothing can be entered yet.
    async fn open() -> Walk {
        let app = spawn_app().await;
        let w = world(&app).await;
        let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
        let items = department_items(&app, &w).await;
        let entries: BTreeMap<String, Value> = items
            .iter()
            .filter_map(|i| Some((code(i), json!({"input": good_input(i)?}))))
            .collect();
        let pts = points_items(&items);
        let walk = Walk {
            x: pts[0].clone(),
            y: pts[1].clone(),
            p: pts[2].clone(),
            q: pts[3].clone(),
            app,
            w,
            base,
            entries,
        };
        walk.draft().await;
        walk
    }

    fn save(&self) -> Value {
        json!({"version": 0, "items": self.entries})
    }

    fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.base)
    }

    /// Draft phase: nothing can be entered yet.
    async fn draft(&self) {
        // Draft phase: nothing can be entered yet.
        assert_problem(
            self.app
                .put_as(&self.path("/self-assessment"), &self.w.unit1, &self.save())
                .await,
            409,
        )
        .await;
    }

    /// Self-assessment: an extension, a refused bad score, draft, evidence, submit, and a late unit refused.
    async fn self_assessment(&self) {
        self.app.advance(&self.w.period, "self_assessment").await;
        // u1 gets an extension; u2's deadline (2020) has passed.
        ok(self
            .app
            .post_json(
                &format!(
                    "/api/v1/periods/{}/units/{}/extension",
                    self.w.period, self.w.u1
                ),
                Some(&self.app.admin_token),
                &json!({"self_deadline": "2099-06-30", "reason": "材料补充"}),
            )
            .await)
        .await;

        // A bad score is refused naming the item, and nothing is saved.
        let mut bad = self.entries.clone();
        bad.insert(code(&self.x), json!({"input": {"points": "0.3"}}));
        bad.insert("9.9".into(), json!({"input": {"points": "1"}}));
        let body = assert_problem(
            self.app
                .put_as(
                    &self.path("/self-assessment"),
                    &self.w.unit1,
                    &json!({"version": 0, "items": bad}),
                )
                .await,
            422,
        )
        .await;
        let fields = body["errors"].to_string();
        assert!(
            fields.contains(&format!("items.{}", code(&self.x))) && fields.contains("9.9"),
            "{body}"
        );
        let view = ok(self
            .app
            .get(&self.path("/self-assessment"), Some(&self.w.unit1))
            .await)
        .await;
        assert_eq!(view["version"], 0);

        // Draft, evidence, submit.
        let view = ok(self
            .app
            .put_as(&self.path("/self-assessment"), &self.w.unit1, &self.save())
            .await)
        .await;
        assert_eq!(view["status"], json!({"code": "draft", "label": "草稿"}));
        assert_eq!(view["version"], 1);
        let form = reqwest::multipart::Form::new()
            .text("item_code", code(&self.x))
            .part(
                "file",
                reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("台账.pdf"),
            );
        let resp = self
            .app
            .client
            .post(self.app.url(&self.path("/evidence")))
            .bearer_auth(&self.w.unit1)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let evidence = ok(resp).await;
        assert_eq!(evidence["mime"], "application/pdf");
        let download = format!("/api/v1/evidence/{}", evidence["id"].as_str().unwrap());
        let resp = self.app.get(&download, Some(&self.w.unit1)).await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.bytes().await.unwrap().as_ref(), PDF);
        assert_problem(self.app.get(&download, Some(&self.w.unit2)).await, 404).await;
        assert_problem(self.app.get(&download, Some(&self.w.r1.1)).await, 404).await;

        let submitted = ok(self
            .app
            .post_json(
                &self.path("/self-assessment/submit"),
                Some(&self.w.unit1),
                &json!({"version": 1}),
            )
            .await)
        .await;
        assert_eq!(submitted["status"]["code"], "submitted");
        let twice = self
            .app
            .post_json(
                &self.path("/self-assessment/submit"),
                Some(&self.w.unit1),
                &json!({"version": 2}),
            )
            .await;
        assert_problem(twice, 409).await;
        let after = self
            .app
            .put_as(
                &self.path("/self-assessment"),
                &self.w.unit1,
                &json!({"version": 2, "items": {}}),
            )
            .await;
        assert_problem(after, 409).await;

        // Late: u2's deadline passed; the message names it in Beijing time.
        let base2 = format!("/api/v1/periods/{}/units/{}", self.w.period, self.w.u2);
        let late = assert_problem(
            self.app
                .put_as(
                    &format!("{base2}/self-assessment"),
                    &self.w.unit2,
                    &self.save(),
                )
                .await,
            409,
        )
        .await;
        assert!(
            late["detail"]
                .as_str()
                .unwrap()
                .contains("2020-01-01 23:59"),
            "{late}"
        );
    }

    /// Review: send back and resubmit; two reviewers disagree and a third settles it; the report and a supervision item.
    async fn review(&self) {
        // Review: teams assigned, the period moves on.
        for team in [&self.w.team_a, &self.w.team_b] {
            self.app
                .admin_post(
                    &format!("/api/v1/periods/{}/assignments", self.w.period),
                    json!({"team_id": team, "unit_id": self.w.u1}),
                )
                .await;
        }
        self.app.advance(&self.w.period, "review").await;

        // Send back, then the unit corrects and resubmits.
        let returned = ok(self
            .app
            .post_json(
                &self.path("/self-assessment/send-back"),
                Some(&self.w.r1.1),
                &json!({"reason": "缺少台账佐证"}),
            )
            .await)
        .await;
        assert_eq!(returned["status"]["code"], "returned");
        assert_eq!(returned["returned_reason"], "缺少台账佐证");
        let v = returned["version"].clone();
        let fixed = json!({"version": v, "items": {code(&self.y): {"input": {"points": max(&self.y).to_string()}, "note": "已补充"}}});
        let view = ok(self
            .app
            .put_as(&self.path("/self-assessment"), &self.w.unit1, &fixed)
            .await)
        .await;
        ok(self
            .app
            .post_json(
                &self.path("/self-assessment/submit"),
                Some(&self.w.unit1),
                &json!({"version": view["version"]}),
            )
            .await)
        .await;

        // Two reviewers disagree on x beyond tolerance → flagged; a third review settles it. Each
        // reviewer's entry has its own version: 0 before their first review of the item.
        let review = |input: Value, version: i64, reason: Option<&str>| {
            let mut b = json!({"input": input, "version": version});
            if let Some(r) = reason {
                b["reason_code"] = json!("mismatch");
                b["comment"] = json!(r);
            }
            b
        };
        let xpath = self.path(&format!("/reviews/{}", code(&self.x)));
        let low = json!({"points": "0"});
        assert_problem(
            self.app
                .put_as(&xpath, &self.w.r1.1, &review(low.clone(), 0, None))
                .await,
            422,
        )
        .await;
        let r = ok(self
            .app
            .put_as(&xpath, &self.w.r1.1, &review(low, 0, Some("台账缺失")))
            .await)
        .await;
        assert!(!r["needs_another_review"].as_bool().unwrap());
        let r = ok(self
            .app
            .put_as(
                &xpath,
                &self.w.r2.1,
                &review(json!({"points": max(&self.x).to_string()}), 0, None),
            )
            .await)
        .await;
        assert!(r["needs_another_review"].as_bool().unwrap(), "{r}");
        let r = ok(self
            .app
            .put_as(
                &xpath,
                &self.w.r3.1,
                &review(json!({"points": max(&self.x).to_string()}), 0, None),
            )
            .await)
        .await;
        assert!(!r["needs_another_review"].as_bool().unwrap(), "{r}");
        assert_eq!(r["reviews"].as_array().unwrap().len(), 3);

        ok(self.app.put_as(&self.path("/report"), &self.w.r1.1, &json!({"body": "复核情况良好，个别台账缺失。", "findings": [{"item": code(&self.x), "problem": "台账缺失"}], "version": 0})).await).await;
        self.app
            .admin_post(
                &self.path("/supervision-items"),
                json!({"title": "报送物业台账", "assigned_on": "2023-02-01"}),
            )
            .await;
    }

    /// Notice: results visible to the unit only now; one appeal upheld, one rejected.
    async fn notice(&self) {
        // Units see results only from the public notice on.
        assert_problem(
            self.app
                .get(&self.path("/result"), Some(&self.w.unit1))
                .await,
            403,
        )
        .await;
        self.app.advance(&self.w.period, "appeal").await;
        let before = ok(self
            .app
            .get(&self.path("/result"), Some(&self.w.unit1))
            .await)
        .await;
        assert!(before["result"]["total"].is_string(), "{before}");
        assert!(
            before["supervision"]["overdue"].as_u64().unwrap() == 1,
            "{before}"
        );

        // Appeals: p upheld with a new score, q rejected with a reason.
        let ap = ok(self
            .app
            .post_json(&self.path("/appeals"), Some(&self.w.unit1), &lodge(&self.p))
            .await)
        .await;
        let aq = ok(self
            .app
            .post_json(&self.path("/appeals"), Some(&self.w.unit1), &lodge(&self.q))
            .await)
        .await;
        let new_score = (max(&self.p) - Decimal::ONE).to_string();
        let decided = self
            .app
            .admin_post(
                &format!("/api/v1/appeals/{}/decision", ap["id"].as_str().unwrap()),
                json!({"upheld": true, "score": new_score, "reason": "复核认定", "version": 1}),
            )
            .await;
        assert_eq!(decided["status"]["code"], "upheld");
        let rejected = ok(self
            .app
            .post_json(
                &format!("/api/v1/appeals/{}/decision", aq["id"].as_str().unwrap()),
                Some(&self.w.r1.1),
                &json!({"upheld": false, "reason": "证据不支持", "version": 1}),
            )
            .await)
        .await;
        assert_eq!(rejected["decision_reason"], "证据不支持");
        let result = ok(self
            .app
            .get(&self.path("/result"), Some(&self.w.unit1))
            .await)
        .await;
        let item_p = result["result"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code(&self.p))
            .unwrap();
        assert_eq!(dec(&item_p["score"]), max(&self.p) - Decimal::ONE);
        let source = result["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code(&self.p))
            .unwrap();
        assert_eq!(source["source"]["code"], "appeal");
    }

    /// Final: waits for the notice to end; then every step is in the audit trail and tampering is detected.
    async fn finish(&self) {
        // Final waits for the end of the notice window, then stores the results.
        let early = assert_problem(self.app.try_advance(&self.w.period, "final").await, 409).await;
        assert!(
            early["detail"].as_str().unwrap().contains("公示期至"),
            "{early}"
        );
        // A 409 names the state it is about, as a 422 names its field: here the period.
        assert_eq!(early["errors"][0]["field"], "period_id", "{early}");
        assert_eq!(early["errors"][0]["message"], early["detail"], "{early}");
        self.app.pass_notice();
        self.app.advance(&self.w.period, "final").await;
        assert_problem(
            self.app
                .post_json(&self.path("/appeals"), Some(&self.w.unit1), &lodge(&self.q))
                .await,
            409,
        )
        .await;

        // Every step left an audit entry, in order.
        let history = ok(self
            .app
            .get(&self.path("/history"), Some(&self.w.unit1))
            .await)
        .await;
        let actions: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for expected in [
            "period.extend",
            "self_score.save",
            "evidence.attach",
            "self_assessment.submit",
            "team.assign",
            "self_assessment.send_back",
            "review.save",
            "review.report",
            "supervision.create",
            "appeal.lodge",
            "appeal.uphold",
            "appeal.reject",
        ] {
            assert!(
                actions.contains(&expected),
                "{expected} missing from {actions:?}"
            );
        }
        let item_history = ok(self
            .app
            .get(
                &self.path(&format!("/history?item={}", code(&self.x))),
                Some(&self.app.admin_token),
            )
            .await)
        .await;
        let reviews = item_history
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "review.save")
            .count();
        assert_eq!(reviews, 3);

        // Tampering with one entry is detected.
        let v = ok(self
            .app
            .get("/api/v1/audit/verify", Some(&self.app.admin_token))
            .await)
        .await;
        assert_eq!(v["intact"], true, "{v}");
        let seq = history[3]["seq"].as_i64().unwrap();
        sqlx::query("UPDATE audit_entries SET reason = 'edited' WHERE seq = $1")
            .bind(seq)
            .execute(&self.app.state.db.pool)
            .await
            .unwrap();
        let v = ok(self
            .app
            .get("/api/v1/audit/verify", Some(&self.app.admin_token))
            .await)
        .await;
        assert_eq!(v["intact"], false, "{v}");
        let out = self.app.cli(&["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1));
    }
}

#[tokio::test]
async fn the_draft_phase_takes_no_entries() {
    Walk::open().await;
}

#[tokio::test]
async fn the_self_assessment_phase_saves_checks_and_submits() {
    let walk = Walk::open().await;
    walk.self_assessment().await;
}

#[tokio::test]
async fn the_review_phase_sends_back_and_settles_a_disagreement() {
    let walk = Walk::open().await;
    walk.self_assessment().await;
    walk.review().await;
}

#[tokio::test]
async fn the_notice_shows_results_and_decides_appeals() {
    let walk = Walk::open().await;
    walk.self_assessment().await;
    walk.review().await;
    walk.notice().await;
}

#[tokio::test]
async fn the_final_phase_keeps_every_step_audited_and_detects_tampering() {
    let walk = Walk::open().await;
    walk.self_assessment().await;
    walk.review().await;
    walk.notice().await;
    walk.finish().await;
}

#[tokio::test]
async fn two_reviewers_saving_the_same_item_at_once_both_succeed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    let items = department_items(&app, &w).await;
    let x = points_items(&items)[0]["code"].as_str().unwrap().to_owned();
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    app.advance(&w.period, "self_assessment").await;
    crate::assessment_support::submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let path = format!("{base}/reviews/{x}");
    // Each reviewer sends the version of their own entry: 0 before their first review.
    let body = json!({"input": {"points": "2"}, "reason_code": "mismatch", "comment": "台账不全", "version": 0});
    let (a, b) = tokio::join!(
        app.put_as(&path, &w.r1.1, &body),
        app.put_as(&path, &w.r2.1, &body)
    );
    assert_eq!([a.status().as_u16(), b.status().as_u16()], [200, 200]);
    let view = ok(app
        .get(&format!("{base}/reviews"), Some(&app.admin_token))
        .await)
    .await;
    let item = view
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == x)
        .unwrap();
    let reviews = item["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 2, "{item}");
    assert!(reviews.iter().all(|r| r["version"] == 1), "{item}");
    // The bureau has no review of its own to version.
    assert!(item.get("version").is_none(), "{item}");
    // Each reviewer sees their own version, and saves on from it.
    for (_, reviewer) in [&w.r1, &w.r2] {
        let view = ok(app.get(&format!("{base}/reviews"), Some(reviewer)).await).await;
        let mine = view
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == x)
            .unwrap();
        assert_eq!(mine["version"], 1, "{mine}");
        let saved = ok(app
            .put_as(
                &path,
                reviewer,
                &json!({"input": {"points": "3"}, "reason_code": "mismatch", "comment": "台账不全", "version": 1}),
            )
            .await)
        .await;
        assert_eq!(saved["version"], 2, "{saved}");
    }
}

#[tokio::test]
async fn evidence_too_large_or_of_the_wrong_type_is_refused() {
    let app = crate::helpers::spawn_app_with(|s| s.upload_limit = 1024).await;
    let w = world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    app.advance(&w.period, "self_assessment").await;
    let send = |bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("item_code", "1.1")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        app.client
            .post(app.url(&format!("{base}/evidence")))
            .bearer_auth(&w.unit1)
            .multipart(form)
            .send()
    };
    let mut big = PDF.to_vec();
    big.resize(4096, b' ');
    assert_problem(send(big, "big.pdf").await.unwrap(), 413).await;
    assert_problem(
        send(b"MZ\x90\0 not a pdf".to_vec(), "x.pdf").await.unwrap(),
        415,
    )
    .await;
}

#[tokio::test]
async fn reviews_after_the_review_deadline_are_refused_naming_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "已结束的周期", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2019-12-01", "review_deadline": "2020-01-01T18:00", "unit_ids": [w.u1]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.admin_post(
        &format!("/api/v1/periods/{period}/assignments"),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    app.advance(&period, "self_assessment").await;
    app.advance(&period, "review").await;
    let path = format!("/api/v1/periods/{period}/units/{}/reviews/2.2", w.u1);
    let body = assert_problem(
        app.put_as(
            &path,
            &w.r1.1,
            &json!({"input": {"points": "2"}, "version": 0}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("2020-01-01 18:00"),
        "{body}"
    );
}

#[tokio::test]
async fn a_period_refuses_bad_deadlines_and_unknown_rubrics_field_by_field() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let resp = app
        .post_json(
            "/api/v1/periods",
            Some(&app.admin_token),
            &json!({"name": "x", "rubric_id": "nope", "rubric_version": 1, "self_deadline": "June",
                    "review_deadline": "2020-01-01", "unit_ids": [w.u1]}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["rubric_id", "self_deadline"], "{body}");
    let resp = app
        .post_json(
            "/api/v1/periods",
            Some(&app.admin_token),
            &json!({"name": "y", "rubric_id": "unit-assessment-2023", "rubric_version": 2, "self_deadline": "2023-06-30",
                    "review_deadline": "2023-07-31", "unit_ids": ["no-such-unit"]}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "unit_ids[0]", "{body}");
    // The spec's minute pattern allows days 29–31 in every month; an impossible one is a
    // Chinese 422 naming the field.
    let resp = app
        .post_json(
            "/api/v1/periods",
            Some(&app.admin_token),
            &json!({"name": "z", "rubric_id": "unit-assessment-2023", "rubric_version": 2, "self_deadline": "2023-06-30",
                    "review_deadline": "2023-02-30T18:00", "unit_ids": [w.u1]}),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    assert_eq!(body["errors"][0]["field"], "review_deadline", "{body}");
    assert!(
        !body["errors"][0]["message"].as_str().unwrap().is_ascii(),
        "{body}"
    );
    // Nothing was written: the period list is still the one from the world.
    let list = ok(app.get("/api/v1/periods", Some(&app.admin_token)).await).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}
