//! Photos (现场照片) of an on-site evaluation: images only, under an item of the rubric, while a
//! draft; a finding names its photos by id (of the same evaluation and item); whoever may read
//! the evaluation downloads them; every upload is audited.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::ledger::fixture::{project, seed, serve, token};

/// A PNG's signature and header chunk: enough for the content check.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

async fn upload(
    app: &TestApp,
    token: &str,
    id: &str,
    item: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("item_code", item.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("现场.png"),
        );
    app.client
        .post(app.url(&format!("/api/v1/evaluations/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn sheets(
    app: &TestApp,
    token: &str,
    id: &str,
    item: &str,
    finding: &str,
    photos: Value,
) -> reqwest::Response {
    let body = json!({"version": 1, "inspectors": ["张三"],
        "findings": [{"item": item, "finding": finding, "photos": photos}],
        "measures": [{"item": "6.2", "value": "0.95"}]});
    app.put_json(
        &format!("/api/v1/evaluations/{id}/sheets"),
        Some(token),
        &body,
    )
    .await
}

#[tokio::test]
async fn a_finding_names_its_photos_and_readers_download_them() {
    let app = spawn_app().await;
    assert!(app.clock().set("2023-06-01T02:00:00Z".parse().unwrap()));
    let l = seed(&app).await;
    let p = project(&app, "XQ-1", &l.nanguan, None).await;
    serve(&app, &p, &l.company_a, "2023-01-01", None).await;
    let inspector = token(&app, "inspector", json!({})).await;
    let company = token(&app, "company", json!({"company_id": l.company_a})).await;
    let new = json!({"project_id": p, "visit_on": "2023-05-10", "inspectors": ["张三"]});
    let e = app
        .post_json("/api/v1/evaluations", Some(&inspector), &new)
        .await;
    let e: Value = e.json().await.unwrap();
    let id = e["id"].as_str().unwrap().to_owned();

    // Not an image: 415; an item the rubric lacks: 422 naming item_code.
    let p415 = assert_problem(
        upload(&app, &inspector, &id, "2.2", b"%PDF-1.7\n").await,
        415,
    )
    .await;
    assert!(
        p415["detail"].as_str().unwrap().contains("现场照片只接受"),
        "{p415}"
    );
    assert_eq!(p415["errors"][0]["field"], "file", "{p415}");
    // A file of no known type is named as not a photo (not as an evidence type), Chinese first.
    let text = assert_problem(
        upload(&app, &inspector, &id, "2.2", b"plain words").await,
        415,
    )
    .await;
    assert_eq!(text["errors"][0]["field"], "file", "{text}");
    let detail = text["detail"].as_str().unwrap();
    assert!(detail.starts_with("现场照片只接受"), "{text}");
    assert!(!detail.contains("evidence"), "{text}");
    let p422 = assert_problem(upload(&app, &inspector, &id, "9.9", PNG).await, 422).await;
    assert_eq!(p422["errors"][0]["field"], "item_code", "{p422}");
    // Two files in one upload: refused, naming the field, rather than keeping the last.
    let part = || reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("现场.png");
    let two = reqwest::multipart::Form::new()
        .text("item_code", "1.1")
        .part("file", part())
        .part("file", part());
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/evaluations/{id}/photos")))
        .bearer_auth(&inspector)
        .multipart(two)
        .send()
        .await
        .unwrap();
    let twice = assert_problem(resp, 422).await;
    assert_eq!(twice["errors"][0]["field"], "file", "{twice}");
    let resp = upload(&app, &inspector, &id, "2.2", PNG).await;
    assert_eq!(resp.status(), 200);
    let photo: Value = resp.json().await.unwrap();
    let photo_id = photo["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (photo["mime"].as_str(), photo["item_code"].as_str()),
        (Some("image/png"), Some("2.2"))
    );

    // A finding of another item, or an unknown id, cannot name it.
    let wrong = sheets(&app, &inspector, &id, "1.1", "no-guard", json!([photo_id])).await;
    let problem = assert_problem(wrong, 422).await;
    assert_eq!(
        problem["errors"][0]["field"], "findings[0].photos[0]",
        "{problem}"
    );
    let unknown = sheets(
        &app,
        &inspector,
        &id,
        "2.2",
        "broken-light",
        json!(["nope"]),
    )
    .await;
    assert_problem(unknown, 422).await;
    let ok = sheets(
        &app,
        &inspector,
        &id,
        "2.2",
        "broken-light",
        json!([photo_id]),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let e: Value = ok.json().await.unwrap();
    assert_eq!(e["findings"][0]["photos"], json!([photo_id]));

    // The bureau downloads it; the company may not see a draft's photos.
    let got = app
        .get(
            &format!("/api/v1/evaluation-photos/{photo_id}"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(got.status(), 200);
    let header = |name: &str| got.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-disposition").starts_with("inline;"));
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);
    let hidden = app
        .get(
            &format!("/api/v1/evaluation-photos/{photo_id}"),
            Some(&company),
        )
        .await;
    assert_problem(hidden, 404).await;
    let listed = app
        .get_ok(&format!("/api/v1/evaluations/{id}/photos"), &inspector)
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // Submitted: no more photos.
    let s = app
        .post_json(
            &format!("/api/v1/evaluations/{id}/submit"),
            Some(&inspector),
            &json!({"version": 2}),
        )
        .await;
    assert_eq!(s.status(), 200);
    assert_problem(upload(&app, &inspector, &id, "2.2", PNG).await, 409).await;
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_entries WHERE action = 'evaluation.photo'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 1);
}
