//! What the benchmarks share: a generated ledger workbook and the regions it names, and a
//! service state on a fresh database.

#![allow(clippy::unwrap_used, dead_code)]

use kaoping::config::Settings;
use kaoping::domain::ledger::credit_code::check_char;
use kaoping::service::ledger::regions;
use kaoping::service::{AppState, operator};
use kaoping::sheet::columns::{COMPANY_COLUMNS, PROJECT_COLUMNS};
use rust_xlsxwriter::Workbook;

/// The service state on `url` with the shipped rubrics and calendar, files under `dir`.
pub async fn state(url: &str, dir: &std::path::Path) -> AppState {
    let settings = Settings {
        database_url: url.to_owned(),
        data_dir: dir.join("data"),
        rubrics_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics").into(),
        calendar: concat!(env!("CARGO_MANIFEST_DIR"), "/calendars/cn-workdays.toml").into(),
        ..Settings::default()
    };
    kaoping::startup::load_state(settings, kaoping::clock::Clock::system())
        .await
        .unwrap()
}

/// A valid 统一社会信用代码 numbered `n`.
pub fn code(n: u32) -> String {
    let first = format!("91340621{n:09}");
    format!("{first}{}", check_char(&first).unwrap())
}

/// A ledger workbook of `companies` companies and `rows` projects served by them since
/// 2021-01-01 (project `i` by company `i % companies`).
pub fn workbook(rows: u32, companies: u32) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("物业企业").unwrap();
    for (c, col) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, col.header).unwrap();
    }
    for i in 0..companies {
        let row = [
            code(i),
            format!("物业公司{i}"),
            "联系人".into(),
            "0561-6012345".into(),
            "二级".into(),
            if i % 3 == 0 { "否" } else { "是" }.into(),
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write_string(i + 1, c as u16, v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("物业项目").unwrap();
    for (c, col) in PROJECT_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, col.header).unwrap();
    }
    for i in 0..rows {
        let r = i + 1;
        let town = if i % 3 == 0 {
            "濉溪经济开发区"
        } else {
            "濉溪镇"
        };
        let text = [
            format!("SX-{i:06}"),
            format!("小区{i}"),
            format!("淮海路 {i} 号"),
            town.into(),
            format!("社区{}", i % 60),
            "专业化物业服务".into(),
        ];
        for (c, v) in text.iter().enumerate() {
            ws.write_string(r, c as u16, v).unwrap();
        }
        ws.write_number(r, 6, 100 + i % 900).unwrap();
        ws.write_number(r, 7, 5000.25 + f64::from(i % 1000))
            .unwrap();
        ws.write_string(r, 8, "1.2").unwrap();
        ws.write_number(r, 9, 3 + i % 20).unwrap();
        ws.write_string(r, 10, code(i % companies)).unwrap();
        ws.write_string(r, 11, "2021-01-01").unwrap();
        let formed = i % 10 != 0;
        ws.write_string(r, 13, if formed { "是" } else { "否" })
            .unwrap();
        if formed {
            ws.write_string(r, 14, "2022-06-01").unwrap();
            ws.write_number(r, 15, 7).unwrap();
            ws.write_number(r, 16, 3 + i % 4).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The county and its town and park, which the workbook's projects name.
pub async fn seed(state: &AppState) {
    let actor = operator();
    let county = regions::create(
        state,
        &actor,
        &regions::NewRegion {
            name: "濉溪县".into(),
            level: "county".into(),
            parent_id: None,
        },
    )
    .await
    .unwrap();
    for (name, level) in [("濉溪镇", "town"), ("濉溪经济开发区", "park")] {
        let input = regions::NewRegion {
            name: name.into(),
            level: level.into(),
            parent_id: Some(county.id.clone()),
        };
        regions::create(state, &actor, &input).await.unwrap();
    }
}
