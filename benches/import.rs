//! Ledger import benchmark: 50,000 project rows (plus 20 companies) from one generated `.xlsx`
//! into a fresh SQLite file, through the same service call as `POST /api/v1/ledger/import`.
//! Prints rows/s for the first import and for a re-import (a no-op), and the peak resident
//! memory of the import (VmHWM, reset after the workbook is generated).
//!
//! `cargo bench --bench import` (set `KAOPING_BENCH_ROWS` for another size,
//! `KAOPING_BENCH_DATABASE_URL=postgres://…` for a PostgreSQL database that already exists and is empty).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use kaoping::config::Settings;
use kaoping::domain::ledger::credit_code::check_char;
use kaoping::service::ledger::{import, regions};
use kaoping::service::{AppState, operator};
use kaoping::sheet::columns::{COMPANY_COLUMNS, PROJECT_COLUMNS};
use rust_xlsxwriter::Workbook;

fn code(n: u32) -> String {
    let first = format!("91340621{n:09}");
    format!("{first}{}", check_char(&first).unwrap())
}

fn workbook(rows: u32) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("物业企业").unwrap();
    for (c, col) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, col.header).unwrap();
    }
    for i in 0..20u32 {
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
        ws.write_string(r, 10, code(i % 20)).unwrap();
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

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

async fn seed(state: &AppState) {
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

fn main() {
    let rows: u32 = std::env::var("KAOPING_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let started = Instant::now();
    let file = workbook(rows);
    if let Ok(path) = std::env::var("KAOPING_BENCH_WRITE") {
        std::fs::write(&path, &file).unwrap(); // e.g. to time `kaoping import` on its own
    }
    println!(
        "generated {rows} project rows: {:.1} MiB xlsx in {:.1?}",
        file.len() as f64 / 1048576.0,
        started.elapsed()
    );
    // Forget the generator's peak, so VmHWM measures the import (Linux: clear_refs 5).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = peak_kib();
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("KAOPING_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let settings = Settings {
            database_url: url.clone(),
            data_dir: dir.path().join("data"),
            rubrics_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics").into(),
            calendar: concat!(env!("CARGO_MANIFEST_DIR"), "/calendars/cn-workdays.toml").into(),
            ..Settings::default()
        };
        let state = kaoping::startup::load_state(settings, kaoping::clock::Clock::system())
            .await
            .unwrap();
        seed(&state).await;
        let total = rows as f64 + 20.0;
        let t = Instant::now();
        let out = import::import(&state, &operator(), file.clone(), false).await.unwrap();
        let first = t.elapsed();
        assert_eq!(out.projects.created, rows as usize);
        let t = Instant::now();
        let again = import::import(&state, &operator(), file, false).await.unwrap();
        let second = t.elapsed();
        assert_eq!(again.projects.unchanged, rows as usize);
        println!("import:    {first:.2?} = {:.0} rows/s ({} projects, {} periods, {} communities, {} audit entries)",
            total / first.as_secs_f64(), out.projects.created, out.service_periods.created, out.communities_created,
            out.projects.created + out.service_periods.created + out.companies.created + out.communities_created + 1);
        println!("re-import: {second:.2?} = {:.0} rows/s (no-op)", total / second.as_secs_f64());
    });
    let peak = peak_kib();
    println!(
        "peak RSS during import (VmHWM): {:.0} MiB (before import: {:.0} MiB)",
        peak as f64 / 1024.0,
        base as f64 / 1024.0
    );
}
