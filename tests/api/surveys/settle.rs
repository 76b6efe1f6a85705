//! The hourly settlement: no audit entry dates a single answer, an hour's answers are
//! rewritten out of arrival order, idempotency records do not outlive their use.

use reqwest::StatusCode;

use super::{survey, varied};

async fn strings(s: &super::Survey, sql: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&s.app.state.db.pool)
        .await
        .unwrap();
    rows.into_iter().map(|(v,)| v).collect()
}

const ACCEPTS: &str =
    "SELECT after_json FROM audit_entries WHERE action = 'survey_response.accept' ORDER BY seq";

#[tokio::test]
async fn answers_are_audited_per_hour_and_rewritten_out_of_arrival_order() {
    let s = survey(&[("P1", 100)], 51).await;
    let mut sent = Vec::new();
    // One after another: each its own commit, where arrival order would say the most.
    for code in &s.codes[..50] {
        let resp = s.submit(&varied(code)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let receipt: serde_json::Value = resp.json().await.unwrap();
        let receipt = receipt["receipt"].as_str().unwrap();
        sent.push(kaoping::domain::survey::code::receipt_hash(receipt));
    }
    assert!(
        strings(&s, ACCEPTS).await.is_empty(),
        "an audit entry per commit"
    );
    // The hour ends; the next answer's commit is preceded by the settlement.
    s.app.clock().set("2026-06-15T03:00:00Z".parse().unwrap());
    assert_eq!(
        s.submit(&varied(&s.codes[50])).await.status(),
        StatusCode::OK
    );
    let entries = strings(&s, ACCEPTS).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry: serde_json::Value = serde_json::from_str(&entries[0]).unwrap();
    assert_eq!(entry["hour"], "2026-06-15T10");
    assert_eq!(entry["accepted"], 50);
    assert_eq!(entry["valid"], 50);
    // Stored (physical) order: 50! orders, a repeat of the arrival order by chance is 3·10⁻⁶⁵.
    let stored = strings(
        &s,
        "SELECT receipt_hash FROM survey_responses WHERE settled = 1",
    )
    .await;
    let (mut a, mut b) = (stored.clone(), sent.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "every answer of the hour settled once");
    assert_ne!(stored, sent, "storage follows arrival");
    if !s.app.database_url.starts_with("sqlite:") {
        // One transaction wrote them all: their xmin no longer orders (or joins) them.
        let xmins = strings(
            &s,
            "SELECT DISTINCT xmin::text FROM survey_responses WHERE settled = 1",
        )
        .await;
        assert_eq!(xmins.len(), 1, "{xmins:?}");
    }
    let out = s.app.cli(&["survey", "verify", &s.round]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test]
async fn idempotency_records_are_purged_after_two_hours() {
    let s = survey(&[("P1", 100)], 10).await;
    let send = |i: usize, key: &'static str| {
        s.app
            .client
            .post(s.app.url("/api/v1/surveys/responses"))
            .header("Idempotency-Key", key)
            .json(&varied(&s.codes[i]))
            .send()
    };
    assert_eq!(send(0, "first").await.unwrap().status(), StatusCode::OK);
    let replay = send(0, "first").await.unwrap();
    assert_eq!(replay.status(), StatusCode::OK, "replayed within the hour");
    let keys = "SELECT hour FROM survey_idempotency ORDER BY hour";
    s.app.clock().set("2026-06-15T04:00:00Z".parse().unwrap());
    assert_eq!(send(1, "second").await.unwrap().status(), StatusCode::OK);
    assert_eq!(strings(&s, keys).await, ["2026-06-15T10", "2026-06-15T12"]);
    s.app.clock().set("2026-06-15T05:00:00Z".parse().unwrap());
    assert_eq!(send(2, "third").await.unwrap().status(), StatusCode::OK);
    assert_eq!(strings(&s, keys).await, ["2026-06-15T12", "2026-06-15T13"]);
    // The purged key no longer replays: the spent code answers 409, as for any other sender.
    assert_eq!(
        send(0, "first").await.unwrap().status(),
        StatusCode::CONFLICT
    );
}
