//! Survey ingest load generator: many concurrent connections submitting answers to
//! `POST /api/v1/surveys/responses` of a running server, then the same load on `/healthz`.
//!
//! ```sh
//! cargo bench --bench survey_load -- setup <url> <database-url> <codes> <out-dir>
//! cargo bench --bench survey_load -- fire <url> <out-dir> <concurrency> <seconds>
//! cargo bench --bench survey_load -- check <database-url> <out-dir>
//! ```
//!
//! `setup` creates an admin token in the database, then over HTTP a town with one large
//! project, a round open now, and `codes` codes (written to `<out-dir>/codes.txt`, the round
//! to `<out-dir>/round.txt`). `fire` submits each code once for at most `seconds`, appending
//! every acknowledged `code receipt` pair to `<out-dir>/acked.txt` as soon as its 200 arrives,
//! prints the accepted rate and latency percentiles, then measures `/healthz` the same way.
//! `check` reads the database: every acknowledged receipt must be stored and its code spent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
const LABELS: [&str; 5] = ["非常满意", "满意", "一般", "不满意", "非常不满意"];

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("setup") => {
            setup(
                &args[1],
                &args[2],
                args[3].parse().unwrap(),
                Path::new(&args[4]),
            )
            .await
        }
        Some("fire") => {
            let (c, s) = (args[3].parse().unwrap(), args[4].parse().unwrap());
            fire(&args[1], Path::new(&args[2]), c, s).await
        }
        Some("check") => check(&args[1], Path::new(&args[2])).await,
        _ => eprintln!("usage: survey_load setup|fire|check … (see the file's docs)"),
    }
}

async fn admin_token(database_url: &str) -> String {
    let settings = kaoping::config::Settings {
        database_url: database_url.into(),
        rubrics_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics").into(),
        calendar: concat!(env!("CARGO_MANIFEST_DIR"), "/calendars/cn-workdays.toml").into(),
        data_dir: std::env::temp_dir().join("kaoping-load"),
        ..Default::default()
    };
    let state = kaoping::startup::load_state(settings, kaoping::clock::Clock::system())
        .await
        .unwrap();
    let new = kaoping::service::tokens::NewToken {
        name: "load".into(),
        role: "admin".into(),
        ..Default::default()
    };
    kaoping::service::tokens::create(&state, &kaoping::service::operator(), &new)
        .await
        .unwrap()
        .1
}

async fn post(client: &reqwest::Client, url: &str, token: &str, body: Value) -> Value {
    let resp = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let v: Value = resp.json().await.unwrap();
    assert!(status.is_success(), "{url}: {v}");
    v
}

async fn setup(url: &str, database_url: &str, codes: usize, out: &Path) {
    let token = admin_token(database_url).await;
    let c = reqwest::Client::new();
    let api = |p: &str| format!("{url}/api/v1/{p}");
    let region = |name: &str, level: &str, parent: Option<String>| json!({"name": name, "level": level, "parent_id": parent});
    let county = post(
        &c,
        &api("regions"),
        &token,
        region("压测县", "county", None),
    )
    .await;
    let town = post(
        &c,
        &api("regions"),
        &token,
        region("压测镇", "town", county["id"].as_str().map(Into::into)),
    )
    .await;
    let comm = post(
        &c,
        &api("regions"),
        &token,
        region("压测社区", "community", town["id"].as_str().map(Into::into)),
    )
    .await;
    let project = post(&c, &api("projects"), &token, json!({
        "code": "LOAD-1", "name": "压测小区", "community_id": comm["id"], "management_type": "专业化物业服务",
        "households": 100000, "floor_area": "1000000", "committee_formed": false})).await;
    let now = jiff::Timestamp::now();
    let round = post(
        &c,
        &api("surveys"),
        &token,
        json!({
        "name": format!("压测 {now}"), "rubric_id": "satisfaction", "rubric_version": 1,
        "opens_at": (now - jiff::SignedDuration::from_secs(60)).to_string(),
        "closes_at": (now + jiff::SignedDuration::from_secs(86400)).to_string(),
        "project_ids": [project["id"]]}),
    )
    .await;
    let round_id = round["id"].as_str().unwrap();
    let mut all = Vec::with_capacity(codes);
    while all.len() < codes {
        let n = (codes - all.len()).clamp(10, 5000);
        let b = post(&c, &api(&format!("surveys/{round_id}/batches")), &token, json!({
            "project_id": project["id"], "distributor": "压测", "distributor_kind": "third_party", "codes": n})).await;
        all.extend(
            b["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned()),
        );
    }
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(out.join("codes.txt"), all.join("\n")).unwrap();
    std::fs::write(out.join("round.txt"), round_id).unwrap();
    println!("round {round_id}: {} codes in {}", all.len(), out.display());
}

/// A varied questionnaire for code number `i`, finished now after five minutes.
fn body(code: &str, i: usize) -> Value {
    let answers: serde_json::Map<String, Value> = QS
        .iter()
        .enumerate()
        .map(|(q, name)| (name.to_string(), json!(LABELS[(i + q * (i % 3 + 1)) % 5])))
        .collect();
    let now = jiff::Timestamp::now();
    json!({"code": code, "answers": answers,
           "started_at": (now - jiff::SignedDuration::from_secs(300 + (i % 200) as i64)).to_string(),
           "finished_at": now.to_string()})
}

/// What one phase measured.
struct Measured {
    ok: usize,
    other: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Measured {
    fn report(&mut self, what: &str) -> f64 {
        self.latencies.sort_unstable();
        let pct = |p: f64| {
            let i = ((self.latencies.len() as f64 * p).ceil() as usize)
                .clamp(1, self.latencies.len().max(1));
            self.latencies
                .get(i - 1)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        let rate = self.ok as f64 / self.elapsed.as_secs_f64();
        println!(
            "{what}: {} ok, {} other in {:.2} s = {rate:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.ok,
            self.other,
            self.elapsed.as_secs_f64(),
            pct(0.5),
            pct(0.99),
            pct(1.0)
        );
        rate
    }
}

/// Runs `concurrency` workers for at most `seconds`; each asks `send(i)` for the next `i`
/// until `limit`, and counts a 200 as ok.
async fn phase<F, Fut>(concurrency: usize, seconds: u64, limit: usize, send: F) -> Measured
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let send = Arc::new(send);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (send, next) = (send.clone(), next.clone());
            tokio::spawn(async move {
                let (mut ok, mut other, mut lat) = (0, 0, Vec::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= limit || Instant::now() >= deadline {
                        break;
                    }
                    let t = Instant::now();
                    if send(i).await {
                        ok += 1
                    } else {
                        other += 1
                    }
                    lat.push(t.elapsed());
                }
                (ok, other, lat)
            })
        })
        .collect();
    let mut m = Measured {
        ok: 0,
        other: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for w in workers {
        let (ok, other, lat) = w.await.unwrap();
        m.ok += ok;
        m.other += other;
        m.latencies.extend(lat);
    }
    m.elapsed = start.elapsed();
    m
}

fn client(concurrency: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn fire(url: &str, out: &Path, concurrency: usize, seconds: u64) {
    let codes: Arc<Vec<String>> = Arc::new(
        std::fs::read_to_string(out.join("codes.txt"))
            .unwrap()
            .lines()
            .map(Into::into)
            .collect(),
    );
    let acked = Arc::new(std::sync::Mutex::new(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(out.join("acked.txt"))
            .unwrap(),
    ));
    let c = client(concurrency);
    let target = format!("{url}/api/v1/surveys/responses");
    let (cc, cs) = (c.clone(), codes.clone());
    let mut survey = phase(concurrency, seconds, codes.len(), move |i| {
        let (c, codes, acked, target) = (cc.clone(), cs.clone(), acked.clone(), target.clone());
        async move {
            let Ok(resp) = c.post(&target).json(&body(&codes[i], i)).send().await else {
                return false;
            };
            if resp.status() != 200 {
                return false;
            }
            let Ok(v) = resp.json::<Value>().await else {
                return false;
            };
            let line = format!("{} {}\n", codes[i], v["receipt"].as_str().unwrap_or(""));
            acked.lock().unwrap().write_all(line.as_bytes()).is_ok()
        }
    })
    .await;
    let rate = survey.report("survey responses accepted");
    let health = format!("{url}/healthz");
    let mut h = phase(concurrency, seconds.min(10), usize::MAX, move |_| {
        let (c, health) = (c.clone(), health.clone());
        async move { c.get(&health).send().await.is_ok_and(|r| r.status() == 200) }
    })
    .await;
    let healthz = h.report("/healthz");
    println!("ratio accepted/healthz = {:.2}", rate / healthz);
}

async fn check(database_url: &str, out: &Path) {
    use kaoping::domain::survey::code::{InvitationCode, receipt_hash};
    let db = kaoping::store::Db::connect(database_url).await.unwrap();
    // The server's secret keys the codes' stored hashes: read it where the server keeps it.
    let data_dir = std::env::var("KAOPING_DATA_DIR").unwrap_or_else(|_| "data".into());
    let secret = kaoping::secret::ServerSecret::load_or_create(Path::new(&data_dir)).unwrap();
    let acked = std::fs::read_to_string(out.join("acked.txt")).unwrap_or_default();
    let (mut n, mut missing) = (0, 0);
    for line in acked.lines().filter(|l| !l.trim().is_empty()) {
        let (code, receipt) = line.split_once(' ').unwrap();
        n += 1;
        let hash = InvitationCode::parse("code", code)
            .unwrap()
            .keyed_hash(secret.key());
        let (spent,): (i64,) =
            sqlx::query_as("SELECT spent FROM survey_codes WHERE code_hash = $1")
                .bind(hash)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let (stored,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM survey_responses WHERE receipt_hash = $1")
                .bind(receipt_hash(receipt))
                .fetch_one(&db.pool)
                .await
                .unwrap();
        if spent != 1 || stored != 1 {
            missing += 1;
            eprintln!("LOST: {code} (spent {spent}, stored {stored})");
        }
    }
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM survey_responses")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    println!("{n} acknowledged, {missing} missing; {total} responses stored");
    let _: PathBuf = out.into();
    std::process::exit(i32::from(missing > 0));
}
