//! A batch generated straight into an .xlsx list or an A4 sheet of QR codes.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::json;

use super::{project, round, varied};
use crate::helpers::spawn_app_with;
use crate::ledger::fixture::seed;

#[tokio::test]
async fn a_batch_comes_as_a_code_list_and_as_a_printable_qr_sheet() {
    let app = spawn_app_with(|s| s.public_base_url = "https://dc.example.gov.cn".into()).await;
    let l = seed(&app).await;
    let p = project(&app, &l, "X1", 100).await;
    let r = round(&app, "导出", std::slice::from_ref(&p)).await;
    let id = r["id"].as_str().unwrap();
    let body = json!({"project_id": p, "distributor": "王五（网格员）", "distributor_kind": "grid_worker", "codes": 12});
    let path = format!("/api/v1/surveys/{id}/batches");
    let listed = app.post_json(&path, Some(&app.admin_token), &body).await;
    assert_eq!(listed.headers()["cache-control"], "no-store", "live codes");
    let resp = app
        .post_json(
            &format!("/api/v1/surveys/{id}/batches/xlsx"),
            Some(&app.admin_token),
            &body,
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store", "live codes");
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("邀请码").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[0][1], "邀请码");
    let code = rows[1][1].clone();
    assert!(
        rows[1][3].ends_with("（X1）") && !rows[1][3].contains(&p),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[1][2], format!("https://dc.example.gov.cn/s/{code}"));
    // The listed code works.
    let resp = app
        .post_json("/api/v1/surveys/responses", None, &varied(&code))
        .await;
    assert_eq!(resp.status(), 200);
    let resp = app
        .post_json(
            &format!("/api/v1/surveys/{id}/batches/qr"),
            Some(&app.admin_token),
            &body,
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store", "live codes");
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = resp.text().await.unwrap();
    assert_eq!(html.matches("<svg").count(), 12);
    assert!(
        html.contains("size: A4") && html.contains("https://dc.example.gov.cn/s"),
        "{html}"
    );
}
