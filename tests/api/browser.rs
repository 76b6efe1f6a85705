//! The answer page in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`; `.ci/run` installs them when missing) at a 360×740 phone
//! viewport: answer every question, submit, see the confirmation; open the used code again
//! and see the "already used" page; type a code with a wrong check symbol and see it refused
//! before anything is sent. Screenshots go to `target/browser/` for a person to look at.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

/// chromedriver on a free port, killed when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "chromedriver is installed (apt-get install chromium chromium-driver; .ci/run does)",
        );
    Driver(child, port)
}

async fn browser(port: u16) -> Client {
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                        "--disable-dev-shm-usage", "--window-size=360,740"]}
    }))
    .unwrap();
    for _ in 0..50 {
        let builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        if let Ok(c) = builder {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not answer");
}

async fn shot(c: &Client, name: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/browser");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/{name}.png"), c.screenshot().await.unwrap()).unwrap();
}

/// A round over one project with a batch of ten codes; returns the codes.
async fn codes(app: &TestApp) -> Vec<String> {
    let id = |v: serde_json::Value| v["id"].as_str().unwrap().to_owned();
    let region = |name: &str, level: &str, parent: Option<String>| json!({"name": name, "level": level, "parent_id": parent});
    let county = id(app
        .admin_post("/api/v1/regions", region("濉溪县", "county", None))
        .await);
    let town = id(app
        .admin_post("/api/v1/regions", region("濉溪镇", "town", Some(county)))
        .await);
    let comm = id(app
        .admin_post(
            "/api/v1/regions",
            region("南关社区", "community", Some(town)),
        )
        .await);
    let project = id(app.admin_post("/api/v1/projects", json!({"code": "B1", "name": "南关小区", "community_id": comm,
        "management_type": "专业化物业服务", "households": 100, "floor_area": "10000", "committee_formed": false})).await);
    let round = id(app.admin_post("/api/v1/surveys", json!({"name": "浏览器测试", "rubric_id": "satisfaction",
        "rubric_version": 1, "opens_at": "2026-06-15T08:00", "closes_at": "2026-06-30", "project_ids": [project]})).await);
    let b = app
        .admin_post(
            &format!("/api/v1/surveys/{round}/batches"),
            json!({"project_id": project,
        "distributor": "张三（网格员）", "distributor_kind": "grid_worker", "codes": 10}),
        )
        .await;
    b["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// Waits (up to 10 s) until the page's text contains `needle` and returns it: a click that
/// submits a form returns before the next page has loaded.
async fn wait_for(c: &Client, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(body) = c.find(Locator::Css("body")).await
            && let Ok(text) = body.text().await
        {
            if text.contains(needle) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("page never showed {needle:?}; it shows: {last}");
}

#[tokio::test]
async fn a_resident_answers_on_a_phone_sized_headless_chromium() {
    let d = driver();
    let app = spawn_app().await;
    let codes = codes(&app).await;
    let c = browser(d.1).await;
    c.set_window_size(360, 740).await.unwrap();
    c.goto(&app.url(&format!("/s/{}", codes[0]))).await.unwrap();
    shot(&c, "01-first-question").await;
    for step in 0..5 {
        wait_for(&c, &format!("第 {}/5 题", step + 1)).await;
        for q in ["A", "B", "C", "D", "E"].iter().skip(step).take(1) {
            for n in 1..=2 {
                c.find(Locator::Css(&format!("label[for='{q}{n}-1']")))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
            }
        }
        if step == 4 {
            c.find(Locator::Id("comment"))
                .await
                .unwrap()
                .send_keys("电梯维修很及时")
                .await
                .unwrap();
            shot(&c, "02-last-question").await;
            c.find(Locator::Css("button[value='submit']"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        } else {
            c.find(Locator::Css("button[value='next']"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    }
    let done = wait_for(&c, "提交成功").await;
    assert!(done.contains("回执码"), "{done}");
    shot(&c, "03-confirmation").await;
    c.goto(&app.url(&format!("/s/{}", codes[0]))).await.unwrap();
    wait_for(&c, "该邀请码已使用").await;
    shot(&c, "04-already-used").await;
    let mut typo = codes[1].clone().into_bytes();
    typo[0] = if typo[0] == b'2' { b'3' } else { b'2' };
    c.goto(&app.url("/s")).await.unwrap();
    c.find(Locator::Id("code"))
        .await
        .unwrap()
        .send_keys(&String::from_utf8(typo).unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.path().ends_with("/s"), "{url}");
    let msg = c
        .find(Locator::Id("code-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(msg.contains("校验位不符"), "{msg}");
    shot(&c, "05-wrong-check-symbol").await;
    // `/s/` (a typed trailing slash) is the same entry page; a Chinese input method's
    // full-width, lower-case code is read as the code, by the script and by the server.
    c.goto(&app.url("/s/")).await.unwrap();
    wait_for(&c, "请输入邀请码").await;
    let wide = full_width(&codes[1].to_lowercase());
    let input = c.find(Locator::Id("code")).await.unwrap();
    input.send_keys(&wide).await.unwrap();
    shot(&c, "06-full-width-code").await;
    c.find(Locator::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = wait_for(&c, "第 1/5 题").await;
    assert!(!first.contains("expected"), "{first}");
    c.close().await.unwrap();
}

/// `text` as a full-width input method types it (`ｋ７ｑｍ３－…`).
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '-' => '－',
            c => char::from_u32(c as u32 + 0xFEE0).unwrap(),
        })
        .collect()
}
