//! The re-check seen from the unit, the period's membership, and per-reviewer versions:
//! nothing a unit token can read reveals the re-check before the notice; nothing is read or
//! written about a unit outside the period; reviewers never block each other.

use crate::assessment_support::{ok, submit_u1, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};
use reqwest::Response;
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// A PDF whose bytes (and so hash) differ by `tag`.
fn pdf(tag: &str) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.extend_from_slice(format!("% {tag}\n").as_bytes());
    bytes
}

async fn attach(
    app: &TestApp,
    base: &str,
    token: &str,
    item: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Response {
    let form = reqwest::multipart::Form::new()
        .text("item_code", item.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    app.client
        .post(app.url(&format!("{base}/evidence")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

/// Status and body text of a GET.
async fn read(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    let resp = app.get(path, Some(token)).await;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn no_path_a_unit_can_read_reveals_the_recheck_before_the_notice() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (p, u1) = (&w.period, &w.u1);
    let base = format!("/api/v1/periods/{p}/units/{u1}");
    app.admin_post(
        &format!("/api/v1/periods/{p}/assignments"),
        json!({"team_id": w.team_a, "unit_id": u1}),
    )
    .await;
    app.advance(p, "self_assessment").await;
    let own = ok(attach(&app, &base, &w.unit1, "2.2", "自评台账.pdf", pdf("self")).await).await;
    submit_u1(&app, &w).await;
    app.advance(p, "review").await;

    // A send-back is addressed to the unit: it stays visible (sent by r3, so r1 stays unnamed).
    let returned = ok(app
        .post_json(
            &format!("{base}/self-assessment/send-back"),
            Some(&w.r3.1),
            &json!({"reason": "请补充佐证"}),
        )
        .await)
    .await;
    ok(app
        .post_json(
            &format!("{base}/self-assessment/submit"),
            Some(&w.unit1),
            &json!({"version": returned["version"]}),
        )
        .await)
    .await;

    // r1 re-checks: a review, a report, a file.
    let comment = "内部意见：台账缺失三处";
    let report = "复核报告：抽查六个小区，两处不符";
    let file_name = "复核现场记录.pdf";
    ok(app
        .put_as(
            &format!("{base}/reviews/2.2"),
            &w.r1.1,
            &json!({"input": {"points": "1"}, "reason_code": "mismatch", "comment": comment, "version": 0}),
        )
        .await)
    .await;
    ok(app
        .put_as(
            &format!("{base}/report"),
            &w.r1.1,
            &json!({"body": report, "version": 0}),
        )
        .await)
    .await;
    let theirs = ok(attach(&app, &base, &w.r1.1, "2.2", file_name, pdf("review")).await).await;
    let (sha, evidence_id) = (
        theirs["sha256"].as_str().unwrap().to_owned(),
        theirs["id"].as_str().unwrap().to_owned(),
    );
    assert_ne!(sha, own["sha256"].as_str().unwrap());
    let secrets = [
        "复核员甲",
        w.r1.0.as_str(),
        comment,
        report,
        file_name,
        sha.as_str(),
        evidence_id.as_str(),
        "review.",
        "team.assign",
    ];

    // Every path a unit token may read, and what it shows of the re-check from the notice on.
    let download = format!("/api/v1/evidence/{evidence_id}");
    let own_download = format!("/api/v1/evidence/{}", own["id"].as_str().unwrap());
    let paths: Vec<(String, Vec<&str>)> = vec![
        ("/api/v1/me".into(), vec![]),
        ("/api/v1/periods".into(), vec![]),
        (format!("/api/v1/periods/{p}"), vec![]),
        ("/api/v1/review-teams".into(), vec![]),
        (format!("{base}/self-assessment"), vec![]),
        (
            format!("{base}/evidence"),
            vec![file_name, &sha, &evidence_id],
        ),
        (download.clone(), vec![]),
        (own_download.clone(), vec![]),
        (
            format!("{base}/reviews"),
            vec![comment, &w.r1.0, "\"version\":1"],
        ),
        (format!("{base}/reports"), vec![report]),
        (format!("{base}/result"), vec!["combined"]),
        (
            format!("{base}/history"),
            vec![
                "复核员甲",
                "review.save",
                "review.report",
                "review.evidence.attach",
                "team.assign",
                comment,
                file_name,
                &sha,
            ],
        ),
        (
            format!("{base}/history?item=2.2"),
            vec![
                "复核员甲",
                "review.save",
                "review.evidence.attach",
                comment,
                file_name,
                &sha,
            ],
        ),
        (format!("{base}/appeals"), vec![]),
        (format!("{base}/supervision-items"), vec![]),
    ];
    let mut leaks = Vec::new();
    for (path, _) in &paths {
        let (status, body) = read(&app, path, &w.unit1).await;
        // A 404 may echo the id the caller asked for: that reveals nothing.
        for secret in secrets.iter().filter(|s| !path.contains(**s)) {
            if body.contains(secret) {
                leaks.push(format!("{path} ({status}) shows {secret:?}"));
            }
        }
    }
    assert!(leaks.is_empty(), "before the notice:\n{}", leaks.join("\n"));
    // Hidden, not broken: the unit still sees its own work and the send-back.
    let history = app
        .get_ok(&format!("{base}/history"), &w.unit1)
        .await
        .to_string();
    for shown in [
        "self_assessment.send_back",
        "请补充佐证",
        "evidence.attach",
        "自评台账.pdf",
    ] {
        assert!(history.contains(shown), "{shown} missing: {history}");
    }
    let listed = app.get_ok(&format!("{base}/evidence"), &w.unit1).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_problem(app.get(&download, Some(&w.unit1)).await, 404).await;
    assert_eq!(app.get(&own_download, Some(&w.unit1)).await.status(), 200);
    // The bureau and the reviewer see it all along.
    let admin_history = app
        .get_ok(&format!("{base}/history"), &app.admin_token)
        .await;
    assert!(admin_history.to_string().contains("review.evidence.attach"));

    // From the notice on, every path shows what it holds.
    app.advance(p, "appeal").await;
    let mut missing = Vec::new();
    for (path, shown) in &paths {
        let (status, body) = read(&app, path, &w.unit1).await;
        if status != 200 {
            missing.push(format!("{path}: {status} {body}"));
        }
        for s in shown {
            if !body.contains(s) {
                missing.push(format!("{path} lacks {s:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "after the notice:\n{}",
        missing.join("\n")
    );
    let resp = app.get(&download, Some(&w.unit1)).await;
    assert_eq!(
        resp.bytes().await.unwrap().as_ref(),
        pdf("review").as_slice()
    );
}

#[tokio::test]
async fn nothing_is_read_or_written_about_a_unit_outside_the_period() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p = &w.period;
    let u3 = app.create_unit("县财政局").await;
    let (_, unit3) = app
        .create_token(json!({"name": "财政局联络员", "role": "unit", "unit_id": u3}))
        .await;
    app.advance(p, "self_assessment").await;
    let base = format!("/api/v1/periods/{p}/units/{u3}");
    let before = (
        count(&app, "audit_entries").await,
        count(&app, "evidence_files").await,
        count(&app, "evidence_links").await,
    );
    let is_not_in_period = |body: &Value| {
        assert_eq!(body["errors"][0]["field"], "unit_id", "{body}");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("考核周期中没有该单位"),
            "{body}"
        );
    };

    // The unit's own token attaching evidence: 404, no file, no row, no audit entry.
    let body = assert_problem(
        attach(&app, &base, &unit3, "2.2", "台账.pdf", pdf("outsider")).await,
        404,
    )
    .await;
    is_not_in_period(&body);
    // The bureau recording a supervision item: 404 too.
    let resp = app
        .post_json(
            &format!("{base}/supervision-items"),
            Some(&app.admin_token),
            &json!({"title": "报送台账", "assigned_on": "2023-03-01"}),
        )
        .await;
    is_not_in_period(&assert_problem(resp, 404).await);

    // Every other read and write about the unit in the period, for the bureau and the unit.
    let save = json!({"version": 0, "items": {"2.2": {"input": {"points": "1"}}}});
    let cells: Vec<(&str, &str, String, Value)> = vec![
        (
            "admin",
            "GET",
            format!("{base}/self-assessment"),
            Value::Null,
        ),
        (
            "unit3",
            "GET",
            format!("{base}/self-assessment"),
            Value::Null,
        ),
        ("unit3", "PUT", format!("{base}/self-assessment"), save),
        (
            "unit3",
            "POST",
            format!("{base}/self-assessment/submit"),
            json!({"version": 0}),
        ),
        (
            "admin",
            "POST",
            format!("{base}/self-assessment/send-back"),
            json!({"reason": "x"}),
        ),
        ("admin", "GET", format!("{base}/evidence"), Value::Null),
        ("unit3", "GET", format!("{base}/evidence"), Value::Null),
        ("admin", "GET", format!("{base}/reviews"), Value::Null),
        ("admin", "GET", format!("{base}/reports"), Value::Null),
        ("admin", "GET", format!("{base}/result"), Value::Null),
        ("admin", "GET", format!("{base}/history"), Value::Null),
        ("unit3", "GET", format!("{base}/history"), Value::Null),
        ("admin", "GET", format!("{base}/appeals"), Value::Null),
        (
            "unit3",
            "POST",
            format!("{base}/appeals"),
            json!({"item_code": "2.2", "reason": "x"}),
        ),
        (
            "admin",
            "GET",
            format!("{base}/supervision-items"),
            Value::Null,
        ),
        (
            "unit3",
            "GET",
            format!("{base}/supervision-items"),
            Value::Null,
        ),
    ];
    for (who, method, path, body) in &cells {
        let token = if *who == "admin" {
            &app.admin_token
        } else {
            &unit3
        };
        let req = match *method {
            "GET" => app.client.get(app.url(path)),
            "PUT" => app.client.put(app.url(path)).json(body),
            _ => app.client.post(app.url(path)).json(body),
        };
        let resp = req.bearer_auth(token).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{method} {path} by {who}");
        is_not_in_period(&resp.json().await.unwrap());
    }

    let after = (
        count(&app, "audit_entries").await,
        count(&app, "evidence_files").await,
        count(&app, "evidence_links").await,
    );
    assert_eq!(before, after);
    let blobs = app.dir.path().join("data").join("evidence");
    assert!(
        !blobs.exists() || std::fs::read_dir(&blobs).unwrap().next().is_none(),
        "a file was stored"
    );
}

#[tokio::test]
async fn a_reviewer_saving_from_a_stale_read_is_refused_and_nothing_is_lost() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    for team in [&w.team_a, &w.team_b] {
        app.admin_post(
            &format!("/api/v1/periods/{}/assignments", w.period),
            json!({"team_id": team, "unit_id": w.u1}),
        )
        .await;
    }
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;
    app.advance(&w.period, "review").await;
    let path = format!("{base}/reviews/2.2");
    let entry = |points: &str, version: i64| json!({"input": {"points": points}, "reason_code": "mismatch", "comment": "台账不全", "version": version});
    let mine = |view: Value| {
        view.as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "2.2")
            .unwrap()
            .clone()
    };

    // The same reviewer twice at once from the same read: one save, one 409.
    let (first, second) = (entry("1", 0), entry("2", 0));
    let (a, b) = tokio::join!(
        app.put_as(&path, &w.r1.1, &first),
        app.put_as(&path, &w.r1.1, &second)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let won = if a.status() == 200 { "1" } else { "2" };
    let loser = if a.status() == 200 { b } else { a };
    let body = assert_problem(loser, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("2.2"), "{body}");
    let item = mine(app.get_ok(&format!("{base}/reviews"), &w.r1.1).await);
    assert_eq!(item["version"], 1, "{item}");
    let reviews = item["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 1, "{item}");
    assert_eq!(reviews[0]["version"], 1);
    assert_eq!(reviews[0]["input"]["points"], won, "{item}");

    // Another reviewer's save does not move r1's version.
    ok(app.put_as(&path, &w.r2.1, &entry("3", 0)).await).await;
    // r1 saving again from the stale version 0: 409, nothing changes.
    let body = assert_problem(app.put_as(&path, &w.r1.1, &entry("4", 0)).await, 409).await;
    assert!(
        body["detail"].as_str().unwrap().contains("当前版本 1"),
        "{body}"
    );
    let item = mine(app.get_ok(&format!("{base}/reviews"), &w.r1.1).await);
    assert_eq!(item["reviews"].as_array().unwrap().len(), 2, "{item}");
    assert!(
        item.to_string().contains(&format!("\"points\":\"{won}\"")),
        "{item}"
    );
    // From their current version it saves.
    let saved = ok(app.put_as(&path, &w.r1.1, &entry("4", 1)).await).await;
    assert_eq!(saved["version"], 2, "{saved}");
    let r2_view = mine(app.get_ok(&format!("{base}/reviews"), &w.r2.1).await);
    assert_eq!(r2_view["version"], 1, "{r2_view}");
}
