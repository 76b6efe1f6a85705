//! Review findings at the API edge (issue 9): what a client sees when it sends the wrong
//! thing — every 4xx names the field and the rule in Chinese, with advice that is right for
//! the operation.

use serde_json::Value;

use crate::helpers::{assert_problem, spawn_app};

const IMPORTS: [&str; 4] = [
    "/api/v1/ledger/import",
    "/api/v1/evaluations/import",
    "/api/v1/complaints/import",
    "/api/v1/conduct-records/import",
];

/// An import sent as JSON or as an image is told the types an upload takes, not to use JSON.
#[tokio::test]
async fn an_import_with_a_wrong_type_is_told_the_types_an_upload_takes() {
    let app = spawn_app().await;
    for path in IMPORTS {
        for wrong in ["application/json", "image/png"] {
            let resp = app
                .post_raw(path, &app.admin_token, wrong, b"{}".to_vec())
                .await;
            let p: Value = assert_problem(resp, 415).await;
            assert_eq!(p["errors"][0]["field"], "Content-Type", "{path}: {p}");
            let detail = p["detail"].as_str().unwrap();
            for named in [
                "multipart/form-data",
                "file",
                "text/csv",
                "spreadsheetml.sheet",
            ] {
                assert!(detail.contains(named), "{path} {wrong}: {detail}");
            }
            assert!(detail.contains(wrong), "{detail}");
            assert!(
                !detail.contains("请按接口说明使用 application/json"),
                "{detail}"
            );
        }
    }
}

/// The bureau's credit work (publications, corrections, decisions, the objection queue) is
/// refused under a name that covers it, not as "registering a record".
#[tokio::test]
async fn a_refused_credit_decision_names_the_whole_credit_work() {
    let app = spawn_app().await;
    let (_, inspector) = app
        .create_token(serde_json::json!({"name": "第三方", "role": "inspector"}))
        .await;
    let p = assert_problem(
        app.get("/api/v1/conduct-objections", Some(&inspector))
            .await,
        403,
    )
    .await;
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("无权管理企业信用（登记记录、审核、公示）"),
        "{p}"
    );
    assert!(!detail.contains("登记企业信用记录"), "{p}");
}

/// A damaged workbook is named so in Chinese; the ZIP library's reason stays in the log.
#[tokio::test]
async fn a_corrupt_workbook_is_named_without_the_library_text() {
    let app = spawn_app().await;
    for path in IMPORTS {
        let resp = app
            .upload(
                path,
                &app.admin_token,
                "台账.xlsx",
                b"PK\x03\x04junk".to_vec(),
            )
            .await;
        let p = assert_problem(resp, 422).await;
        let text = p.to_string();
        assert!(
            text.contains("文件已损坏或不是有效的 Excel 工作簿"),
            "{path}: {p}"
        );
        for raw in ["EOCD", "Zip", "zip archive"] {
            assert!(!text.contains(raw), "{path}: {raw:?} reached the user: {p}");
        }
    }
}

/// A query value over its length names the length rule, not a pattern it does not have.
#[tokio::test]
async fn a_too_long_query_value_names_the_length_rule() {
    let app = spawn_app().await;
    let long = "p".repeat(65);
    let path = format!("/api/v1/evaluations?project_id={long}");
    let p = assert_problem(app.get(&path, Some(&app.admin_token)).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "project_id", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("长度不能超过 64 个字符"), "{p}");
    assert!(!message.contains("pattern"), "{p}");
}

/// A 405 names the method refused and the ones taken, and still carries `Allow`.
#[tokio::test]
async fn a_wrong_method_is_named_in_errors_and_allow_is_kept() {
    let app = spawn_app().await;
    let resp = app
        .client
        .patch(app.url("/api/v1/projects/some-id"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["allow"], "GET, HEAD, PUT");
    let p = assert_problem(resp, 405).await;
    assert_eq!(p["errors"][0]["field"], "method", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("PATCH") && message.contains("GET, HEAD, PUT"),
        "{p}"
    );
}

/// An upload past the limit names what was too large: the raw body, or the form's file.
#[tokio::test]
async fn an_upload_over_the_limit_names_the_body_or_the_file() {
    let app = crate::helpers::spawn_app_with(|s| s.upload_limit = 1024).await;
    let big = "名称,地址\n".repeat(200).into_bytes();
    let path = "/api/v1/ledger/import";
    let raw = app
        .post_raw(path, &app.admin_token, "text/csv", big.clone())
        .await;
    let p = assert_problem(raw, 413).await;
    assert_eq!(p["errors"][0]["field"], "body", "{p}");
    let form = app.upload(path, &app.admin_token, "台账.csv", big).await;
    let p = assert_problem(form, 413).await;
    assert_eq!(p["errors"][0]["field"], "file", "{p}");
}

/// A JSON body past the body limit names the body.
#[tokio::test]
async fn a_json_body_over_the_limit_names_the_body() {
    let app = spawn_app().await;
    let name = "区".repeat(2 << 20);
    let body = serde_json::json!({"name": name, "level": "county"});
    let resp = app
        .post_json("/api/v1/regions", Some(&app.admin_token), &body)
        .await;
    let p = assert_problem(resp, 413).await;
    assert_eq!(p["errors"][0]["field"], "body", "{p}");
}
