//! Files that cannot be read as a ledger get a clear 4xx, never a 5xx; the template works.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::Workbook;

use super::fixture::{company_row, seed};
use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

const IMPORT: &str = "/api/v1/ledger/import";

fn sheet_with(name: &str, headers: &[&str], merge: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in company_row(1, "甲", "是").iter().enumerate() {
        ws.write_string(1, i as u16, v).unwrap();
    }
    if merge {
        ws.merge_range(
            0,
            0,
            0,
            1,
            "统一社会信用代码",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test]
async fn bad_files_get_a_clear_4xx() {
    let app = spawn_app().await;
    seed(&app).await;
    let headers = [
        "统一社会信用代码",
        "企业名称",
        "联系人",
        "联系电话",
        "资质等级",
        "是否建立党组织",
    ];
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "not a spreadsheet",
            b"%PDF-1.7\x00\x01\x02\x03binary".to_vec(),
            415,
            "不是",
        ),
        (
            "legacy xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            415,
            ".xls",
        ),
        ("utf-16 text", vec![0xFF, 0xFE, b'a', 0], 415, "编码"),
        (
            "a broken zip",
            b"PK\x03\x04not really a zip".to_vec(),
            422,
            "损坏",
        ),
        (
            "wrong sheet",
            sheet_with("Sheet1", &headers, false),
            422,
            "Sheet1",
        ),
        (
            "missing column",
            sheet_with("物业企业", &headers[..5], false),
            422,
            "是否建立党组织",
        ),
        (
            "merged header",
            sheet_with("物业企业", &headers, true),
            422,
            "A1:B1",
        ),
        ("empty", Vec::new(), 422, "为空"),
        (
            "headers only",
            "项目编号,项目名称\n".as_bytes().to_vec(),
            422,
            "缺少",
        ),
    ];
    for (what, bytes, status, needle) in cases {
        let resp = app.upload(IMPORT, &app.admin_token, "f.xlsx", bytes).await;
        let body = assert_problem(resp, status).await;
        assert!(
            body["detail"].as_str().unwrap().contains(needle),
            "{what}: {body}"
        );
        assert_eq!(body["errors"][0]["field"], "file", "{what}");
    }
    // A raw body works too, and a multipart form without `file` is a 400.
    let resp = app
        .client
        .post(app.url(IMPORT))
        .bearer_auth(&app.admin_token)
        .header("content-type", "text/csv")
        .body("统一社会信用代码,企业名称,是否建立党组织\n")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 422).await;
    let form = reqwest::multipart::Form::new().text("other", "x");
    let resp = app
        .client
        .post(app.url(IMPORT))
        .bearer_auth(&app.admin_token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_problem(resp, 400).await;
    let resp = app
        .client
        .post(app.url(IMPORT))
        .bearer_auth(&app.admin_token)
        .header("content-type", "image/png")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_problem(resp, 415).await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_413() {
    let app = spawn_app_with(|s| s.upload_limit = 10_000).await;
    let big = vec![b'a'; 200_000];
    assert_problem(
        app.upload(IMPORT, &app.admin_token, "big.csv", big.clone())
            .await,
        413,
    )
    .await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(big[..100_000].to_vec()), Ok(big[100_000..].to_vec())];
    let resp = app
        .client
        .post(app.url(IMPORT))
        .bearer_auth(&app.admin_token)
        .header("content-type", "text/csv")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_problem(resp, 413).await;
}

#[tokio::test]
async fn the_template_has_every_sheet_dropdown_towns_and_imports_as_empty() {
    let app = spawn_app().await;
    seed(&app).await;
    let resp = app
        .get("/api/v1/ledger/template.xlsx", Some(&app.admin_token))
        .await;
    assert_eq!(resp.status(), 200);
    // Served as a workbook, its Chinese name as RFC 5987 `filename*` beside an ASCII fallback.
    let header = |name: &str| resp.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(
        header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''%E5%8F%B0%E8%B4%A6"),
        "{disposition}"
    );
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["物业企业", "物业项目", "承接查验", "填写说明"]
    );
    let projects = book.worksheet_range("物业项目").unwrap();
    assert_eq!(projects.get_value((0, 0)).unwrap().to_string(), "项目编号");
    let unzipped = String::from_utf8_lossy(&bytes);
    assert!(!unzipped.is_empty());
    let body = assert_problem(
        app.upload(IMPORT, &app.admin_token, "t.xlsx", bytes).await,
        422,
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("没有数据行"),
        "{body}"
    );
}
