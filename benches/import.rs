//! Ledger import benchmark: 50,000 project rows (plus 20 companies) from one generated `.xlsx`
//! into a fresh SQLite file, through the same service call as `POST /api/v1/ledger/import`.
//! Prints rows/s for the first import and for a re-import (a no-op), and the peak resident
//! memory of the import (VmHWM, reset after the workbook is generated).
//!
//! `cargo bench --bench import` (set `KAOPING_BENCH_ROWS` for another size,
//! `KAOPING_BENCH_DATABASE_URL=postgres://…` for a PostgreSQL database that already exists and is empty).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

mod common;

use kaoping::service::ledger::import;
use kaoping::service::operator;

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

fn main() {
    let rows: u32 = std::env::var("KAOPING_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let started = Instant::now();
    let file = common::workbook(rows, 20);
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
        let state = common::state(&url, dir.path()).await;
        common::seed(&state).await;
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
