//! The public submission path: one use per code under concurrency, 404/409s, idempotency,
//! and bad input refused field by field with nothing written.

use reqwest::StatusCode;
use serde_json::json;

use super::{answers, survey, varied};
use crate::helpers::assert_problem;
use crate::ledger::fixture::count;

#[tokio::test]
async fn one_code_sent_fifty_times_at_once_is_accepted_exactly_once() {
    let s = survey(&[("P1", 100)], 10).await;
    let body = varied(&s.codes[0]);
    let sends = (0..50).map(|_| s.submit(&body));
    let statuses: Vec<u16> = futures_util::future::join_all(sends)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        49,
        "{statuses:?}"
    );
    assert_eq!(count(&s.app, "survey_responses").await, 1);
}

#[tokio::test]
async fn used_unknown_and_closed_codes_are_refused_without_saying_more() {
    let s = survey(&[("P1", 100)], 10).await;
    let first = s.submit(&varied(&s.codes[0])).await;
    assert_eq!(first.status(), StatusCode::OK);
    let receipt: serde_json::Value = first.json().await.unwrap();
    assert_eq!(receipt["receipt"].as_str().unwrap().len(), 9);
    let again = assert_problem(s.submit(&varied(&s.codes[0])).await, 409).await;
    assert!(
        again["detail"].as_str().unwrap().contains("已使用"),
        "{again}"
    );
    // A well-formed code nobody was given.
    let unknown = assert_problem(s.submit(&varied("22222-22222")).await, 404).await;
    assert_eq!(unknown["errors"][0]["field"], "code");
    s.app.clock().set("2026-06-30T16:00:00Z".parse().unwrap());
    let closed = assert_problem(s.submit(&varied(&s.codes[1])).await, 409).await;
    assert!(
        closed["detail"].as_str().unwrap().contains("已结束"),
        "{closed}"
    );
    assert_eq!(count(&s.app, "survey_responses").await, 1);
}

#[tokio::test]
async fn a_retried_request_with_its_idempotency_key_gets_the_first_receipt() {
    let s = survey(&[("P1", 100)], 10).await;
    let body = varied(&s.codes[0]);
    let send = || {
        s.app
            .client
            .post(s.app.url("/api/v1/surveys/responses"))
            .header("Idempotency-Key", "retry-1")
            .json(&body)
            .send()
    };
    let first: serde_json::Value = send().await.unwrap().json().await.unwrap();
    let second: serde_json::Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first["receipt"], second["receipt"]);
    assert_eq!(
        (first["replayed"].clone(), second["replayed"].clone()),
        (json!(false), json!(true))
    );
    let other = s
        .app
        .client
        .post(s.app.url("/api/v1/surveys/responses"))
        .header("Idempotency-Key", "retry-1")
        .json(&varied(&s.codes[1]))
        .send()
        .await
        .unwrap();
    let p = assert_problem(other, 422).await;
    assert_eq!(p["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(count(&s.app, "survey_responses").await, 1);
}

#[tokio::test]
async fn a_key_that_is_not_visible_ascii_or_too_long_is_refused_naming_the_header() {
    let s = survey(&[("P1", 100)], 10).await;
    let body = varied(&s.codes[0]);
    let keys: [reqwest::header::HeaderValue; 3] = [
        reqwest::header::HeaderValue::from_bytes("重试-1".as_bytes()).unwrap(),
        reqwest::header::HeaderValue::from_str(&"k".repeat(201)).unwrap(),
        reqwest::header::HeaderValue::from_static("a b"),
    ];
    for key in keys {
        let resp = s
            .app
            .client
            .post(s.app.url("/api/v1/surveys/responses"))
            .header("Idempotency-Key", key.clone())
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(resp, 422).await;
        assert_eq!(p["errors"][0]["field"], "Idempotency-Key", "{key:?}: {p}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("ASCII")
        );
    }
    assert_eq!(count(&s.app, "survey_responses").await, 0);
}

#[tokio::test]
async fn the_spec_declares_429_where_the_throttle_can_answer_it_and_nowhere_else() {
    let app = crate::helpers::spawn_app().await;
    let spec: serde_json::Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let responses = |path: &str| spec["paths"][path]["post"]["responses"].clone();
    let submit = responses("/api/v1/surveys/responses");
    assert!(submit.get("429").is_some(), "{submit}");
    assert_eq!(
        submit["429"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
    assert!(responses("/api/v1/surveys").get("429").is_none());
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let s = survey(&[("P1", 100)], 10).await;
    let code = &s.codes[0];
    let mut typo = code.clone().into_bytes();
    typo[0] = if typo[0] == b'2' { b'3' } else { b'2' };
    let typo = String::from_utf8(typo).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut b = varied(code);
        f(&mut b);
        b
    };
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (varied("K7QM-3XPA"), "code"),
        (varied(&typo), "code"),
        (with(&|b| b["answers"]["A1"] = json!("很好")), "answers.A1"),
        (with(&|b| b["answers"]["Z9"] = json!("满意")), "answers"),
        (with(&|b| b["comment"] = json!("长".repeat(501))), "comment"),
        (with(&|b| b["comment"] = json!("好\u{7}")), "comment"),
        (
            with(&|b| b["finished_at"] = json!("2026-06-15T03:00:00Z")),
            "finished_at",
        ),
        (
            with(&|b| b["started_at"] = json!("2026-06-15T02:10:00Z")),
            "finished_at",
        ),
        (
            with(&|b| b["started_at"] = json!("yesterday")),
            "started_at",
        ),
    ];
    for (body, field) in cases {
        let p = assert_problem(s.submit(&body).await, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{message}"
        );
    }
    assert_eq!(count(&s.app, "survey_responses").await, 0);
    assert_eq!(count(&s.app, "survey_stats").await, 0);
    // The code is still unspent: the correct submission goes through.
    assert_eq!(s.submit(&varied(code)).await.status(), StatusCode::OK);
    // An all-blank questionnaire is accepted (a resident may answer nothing) but invalid.
    let blank = answers(&s.codes[1], &[None; 10], 300);
    assert_eq!(s.submit(&blank).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn nothing_identifying_the_sender_is_stored_with_an_answer() {
    let s = survey(&[("P1", 100)], 10).await;
    let resp = s
        .app
        .client
        .post(s.app.url("/api/v1/surveys/responses"))
        .header("User-Agent", "Mozilla/5.0 WeChat")
        .json(&varied(&s.codes[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, bucket, answers_json FROM survey_responses")
            .fetch_all(&s.app.state.db.pool)
            .await
            .unwrap();
    let (id, bucket, answers) = &rows[0];
    assert_eq!(bucket, "2026-06-15T10");
    for text in [id, bucket, answers] {
        assert!(
            !text.contains("127.0.0.1") && !text.contains("WeChat"),
            "{text}"
        );
    }
    // The response id carries no time (not a uuid v7) and no row names the code.
    assert_eq!(id.len(), 32);
    let code_hash = kaoping::domain::survey::code::InvitationCode::parse("code", &s.codes[0])
        .unwrap()
        .keyed_hash(s.app.state.surveys.key());
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM survey_responses WHERE id = $1 OR batch_id = $1 OR receipt_hash = $1",
    )
    .bind(code_hash)
    .fetch_one(&s.app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 0);
}

/// Well-formed codes (valid check symbol) nobody was given: vary the first symbol of
/// "2222222222" and fix the check symbol by trying every last symbol.
pub(super) fn unknown_codes() -> Vec<String> {
    let mut unknown = Vec::new();
    for first in "3456789ABCDEFGHJKLMNPQRSTUVWXYZ".chars() {
        for last in "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".chars() {
            let c = format!("{first}22222222{last}");
            if kaoping::domain::survey::code::InvitationCode::parse("code", &c).is_ok() {
                unknown.push(c);
                break;
            }
        }
    }
    unknown
}

#[tokio::test]
async fn guessing_through_the_answer_page_counts_as_on_the_api() {
    let s = survey(&[("P1", 100)], 10).await;
    let unknown = unknown_codes();
    for code in &unknown[..20] {
        let resp = s.app.get(&format!("/s/{code}"), None).await;
        assert_eq!(resp.status().as_u16(), 404, "{code}");
    }
    let resp = s.app.get(&format!("/s/{}", unknown[20]), None).await;
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.text().await.unwrap().contains("一分钟后再试"));
    // The same count: the API refuses this address too, even for a real code.
    assert_problem(s.submit(&varied(&s.codes[0])).await, 429).await;
}

#[tokio::test]
async fn an_address_guessing_codes_is_refused_for_a_minute_after_twenty_misses() {
    let s = survey(&[("P1", 100)], 10).await;
    let unknown = unknown_codes();
    let limit = 20;
    for code in &unknown[..limit] {
        assert_problem(s.submit(&varied(code)).await, 404).await;
    }
    let p = assert_problem(s.submit(&varied(&unknown[limit])).await, 429).await;
    assert_eq!(p["errors"][0]["field"], "code");
    // Locked out for a minute: even a real code from this address waits.
    assert_problem(s.submit(&varied(&s.codes[0])).await, 429).await;
    assert_eq!(count(&s.app, "survey_responses").await, 0);
}

#[tokio::test]
async fn stored_answers_keep_no_trace_of_the_order_they_came_in() {
    let s = survey(&[("P1", 100)], 16).await;
    let mut sent = Vec::new();
    // One after another: each its own commit, the case where order would say the most.
    for code in &s.codes {
        let resp = s.submit(&varied(code)).await;
        let receipt: serde_json::Value = resp.json().await.unwrap();
        sent.push(kaoping::domain::survey::code::receipt_hash(
            receipt["receipt"].as_str().unwrap(),
        ));
    }
    let by_id: Vec<(String,)> =
        sqlx::query_as("SELECT receipt_hash FROM survey_responses ORDER BY id")
            .fetch_all(&s.app.state.db.pool)
            .await
            .unwrap();
    let by_id: Vec<String> = by_id.into_iter().map(|(h,)| h).collect();
    let mut same = sent.clone();
    same.sort();
    let mut stored = by_id.clone();
    stored.sort();
    assert_eq!(stored, same, "every answer stored once");
    // 16! orders: the chance that a random order repeats the sending order is 5·10⁻¹⁴.
    assert_ne!(by_id, sent, "ids follow the sending order");
    if s.app.database_url.starts_with("sqlite:") {
        // SQLite's storage order (rowid) is random too.
        let by_row: Vec<(String,)> =
            sqlx::query_as("SELECT receipt_hash FROM survey_responses ORDER BY rowid")
                .fetch_all(&s.app.state.db.pool)
                .await
                .unwrap();
        let by_row: Vec<String> = by_row.into_iter().map(|(h,)| h).collect();
        assert_ne!(by_row, sent, "storage follows the sending order");
    }
}
