//! Imports: a large workbook, every kind of bad row, re-import as a no-op, dry runs, the
//! annotated copy, the CLI.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use serde_json::Value;

use super::fixture::{audit_seq, code, company_row, count, project_row, seed, workbook};
use crate::helpers::{assert_problem, spawn_app};

const IMPORT: &str = "/api/v1/ledger/import";

#[tokio::test]
async fn a_5000_row_workbook_imports_and_reimporting_changes_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let companies = vec![
        company_row(10, "丙物业", "是"),
        company_row(11, "丁物业", "否"),
    ];
    let projects: Vec<Vec<String>> = (0..5000)
        .map(|i| {
            let community = format!("社区{}", i % 40);
            let town = if i % 2 == 0 {
                "濉溪镇"
            } else {
                "濉溪经济开发区"
            };
            project_row(&format!("SX-{i:05}"), town, &community, 10 + (i % 2))
        })
        .collect();
    let file = workbook(&companies, &projects);
    let resp = app
        .upload(IMPORT, &app.admin_token, "台账.xlsx", file.clone())
        .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let report: Value = resp.json().await.unwrap();
    assert_eq!(report["rows"], 5002);
    assert_eq!(report["projects"]["created"], 5000);
    assert_eq!(report["companies"]["created"], 2);
    assert_eq!(report["service_periods"]["created"], 5000);
    assert_eq!(report["communities_created"], 40, "{report}");
    assert_eq!(count(&app, "projects").await, 5000);
    let seq = audit_seq(&app).await;

    let again: Value = app
        .upload(IMPORT, &app.admin_token, "台账.xlsx", file)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["projects"]["unchanged"], 5000, "{again}");
    assert_eq!(again["projects"]["created"], 0);
    assert_eq!(again["service_periods"]["unchanged"], 5000);
    assert_eq!(
        audit_seq(&app).await,
        seq,
        "a re-import wrote audit entries"
    );
    let (max_version,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM projects")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(max_version, 1);
    let v: Value = app.get_ok("/api/v1/audit/verify", &app.admin_token).await;
    assert_eq!(v["intact"], true, "{v}");

    // A changed row updates one project, and a hand-over closes the old contract.
    let mut changed = projects[..2].to_vec();
    changed[0][6] = "821".into();
    changed[1][10] = code(10);
    changed[1][11] = "2024-01-01".into();
    let report: Value = app
        .upload(IMPORT, &app.admin_token, "b.xlsx", workbook(&[], &changed))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["projects"]["updated"], 1, "{report}");
    assert_eq!(report["service_periods"]["created"], 1);
    assert_eq!(report["service_periods"]["updated"], 1);
    let (end,): (Option<String>,) = sqlx::query_as(
        "SELECT s.end_date FROM project_services s JOIN projects p ON p.id = s.project_id \
         WHERE p.code = 'SX-00001' AND s.start_date = '2021-01-01'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(end.as_deref(), Some("2023-12-31"));
}

fn bad_rows() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut wrong_check = company_row(20, "戊物业", "是");
    let c = wrong_check[0].pop().unwrap();
    wrong_check[0].push(if c == '0' { '1' } else { '0' });
    let companies = vec![
        company_row(21, "己物业", "是"),
        wrong_check,
        company_row(21, "重复", "否"),
    ];
    let ok = |i: u32| project_row(&format!("B{i}"), "濉溪镇", "南关社区", 21);
    let mut rows: Vec<Vec<String>> = (0..8).map(ok).collect();
    rows[1][6] = "很多".into(); // 户数
    rows[2][5] = "物业公司".into(); // 管理类型
    rows[3][3] = "不存在镇".into(); // 镇（园区）
    rows[4][16] = "9".into(); // 党员 > 成员
    rows[5][0] = "B0".into(); // duplicate code
    rows[6][10] = code(99); // unknown company
    rows[7][11] = "2020-02-30".into(); // bad date
    (companies, rows)
}

#[tokio::test]
async fn every_bad_row_is_reported_at_its_cell_and_nothing_is_written() {
    let app = spawn_app().await;
    seed(&app).await;
    let before = (
        count(&app, "projects").await,
        count(&app, "companies").await,
        audit_seq(&app).await,
    );
    let (companies, rows) = bad_rows();
    let resp = app
        .upload(
            IMPORT,
            &app.admin_token,
            "bad.xlsx",
            workbook(&companies, &rows),
        )
        .await;
    let body = assert_problem(resp, 422).await;
    let got: Vec<(String, u64, String)> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["sheet"].as_str().unwrap().into(),
                p["row"].as_u64().unwrap(),
                p["cell"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("物业企业", 3, "A3"),
        ("物业企业", 4, "A4"),
        ("物业项目", 3, "G3"),
        ("物业项目", 4, "F4"),
        ("物业项目", 5, "D5"),
        ("物业项目", 6, "Q6"),
        ("物业项目", 7, "A7"),
        ("物业项目", 8, "K8"),
        ("物业项目", 9, "L9"),
    ];
    let want: Vec<(String, u64, String)> = want
        .iter()
        .map(|(s, r, c)| (s.to_string(), *r, c.to_string()))
        .collect();
    assert_eq!(got, want, "{body:#}");
    let p = &body["problems"][2];
    assert_eq!(
        (p["column"].as_str().unwrap(), p["value"].as_str().unwrap()),
        ("户数", "很多")
    );
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("校验码")
    );
    assert!(
        body["problems"][4]["message"]
            .as_str()
            .unwrap()
            .contains("濉溪镇"),
        "lists the known towns"
    );
    assert_eq!(
        (
            count(&app, "projects").await,
            count(&app, "companies").await,
            audit_seq(&app).await
        ),
        before,
        "a rejected import wrote something"
    );

    // The annotated copy marks the same cells and lists them on a 问题 sheet.
    let resp = app
        .upload(
            &format!("{IMPORT}/annotated"),
            &app.admin_token,
            "bad.xlsx",
            workbook(&companies, &rows),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-problem-count"], "9");
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let list = book.worksheet_range("问题").unwrap();
    assert_eq!(list.height(), 10);
    assert_eq!(list.get_value((3, 3)).unwrap().to_string(), "G3");
    let projects = book.worksheet_range("物业项目").unwrap();
    assert_eq!(projects.get_value((2, 6)).unwrap().to_string(), "很多");
}

#[tokio::test]
async fn a_dry_run_counts_without_writing_and_csv_imports_alike() {
    let app = spawn_app().await;
    let l = seed(&app).await;
    let rows = vec![project_row("C1", "濉溪镇", "南关社区", 1)];
    let mut csv = vec![0xEF, 0xBB, 0xBF];
    csv.extend(super::fixture::project_csv(&rows).into_bytes());
    let report: Value = app
        .upload(
            &format!("{IMPORT}?dry_run=true"),
            &app.admin_token,
            "p.csv",
            csv.clone(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            report["dry_run"].as_bool(),
            report["projects"]["created"].as_i64()
        ),
        (Some(true), Some(1))
    );
    assert_eq!(count(&app, "projects").await, 0);
    // The file as the raw `text/csv` body, as the spec lists it beside the multipart form.
    let report: Value = app
        .post_raw(IMPORT, &app.admin_token, "text/csv", csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        report["communities_created"], 0,
        "南关社区 already exists: {report}"
    );
    let p = app.get_ok("/api/v1/projects?q=C1", &app.admin_token).await;
    assert_eq!(p["items"][0]["community_id"], l.nanguan.as_str());
}

#[tokio::test]
async fn the_cli_imports_and_prints_each_problem_with_exit_2() {
    let app = spawn_app().await;
    seed(&app).await;
    let (companies, rows) = bad_rows();
    let bad = app.dir.path().join("bad.xlsx");
    std::fs::write(&bad, workbook(&companies, &rows)).unwrap();
    let out = app.cli(&["import", bad.to_str().unwrap(), "--annotated", "copy.xlsx"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 9, "{stdout}");
    assert!(stdout.contains("物业项目!3:户数: "), "{stdout}");
    assert!(app.dir.path().join("copy.xlsx").exists());
    let good = app.dir.path().join("good.xlsx");
    std::fs::write(
        &good,
        workbook(
            &[company_row(30, "庚物业", "是")],
            &[project_row("G1", "濉溪镇", "新社区", 30)],
        ),
    )
    .unwrap();
    let out = app.cli(&["import", good.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&app, "projects").await, 1);
    let out = app.cli(&["template", "t.xlsx"]);
    assert!(out.status.success());
}
