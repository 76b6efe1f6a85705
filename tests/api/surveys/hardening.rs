//! What a database dump or a busy proxy must not give away: codes stored under a keyed hash
//! (legacy rounds still answering), and code guessing counted per client behind a trusted
//! reverse proxy (IPv6 by /64, 429 with `Retry-After`).

use reqwest::StatusCode;

use super::submit::unknown_codes;
use super::{survey, varied};

#[tokio::test]
async fn codes_are_stored_under_a_keyed_hash_and_a_legacy_round_still_answers() {
    use kaoping::domain::survey::code::InvitationCode;
    let s = survey(&[("P1", 100)], 10).await;
    let pool = &s.app.state.db.pool;
    let key = s.app.state.surveys.key();
    let code = |i: usize| InvitationCode::parse("code", &s.codes[i]).unwrap();
    let stored: Vec<(String,)> = sqlx::query_as("SELECT code_hash FROM survey_codes")
        .fetch_all(pool)
        .await
        .unwrap();
    let stored: Vec<String> = stored.into_iter().map(|(h,)| h).collect();
    for i in 0..s.codes.len() {
        assert!(stored.contains(&code(i).keyed_hash(key)), "{i}");
        assert!(
            !stored.contains(&code(i).legacy_hash()),
            "plain SHA-256 stored"
        );
    }
    // The secret is in the data folder, readable by its owner only, and nowhere in the database.
    let file = s.app.state.settings.data_dir.join(kaoping::secret::FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        hex::decode(std::fs::read_to_string(&file).unwrap().trim()).unwrap(),
        key
    );
    // A code stored as a plain SHA-256 answers only in a round made before the secret.
    let rehash = |i: usize| {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE survey_codes SET code_hash = '{}' WHERE code_hash = '{}'",
            code(i).legacy_hash(),
            code(i).keyed_hash(key)
        )))
        .execute(pool)
    };
    rehash(0).await.unwrap();
    rehash(1).await.unwrap();
    assert_eq!(
        s.submit(&varied(&s.codes[0])).await.status(),
        StatusCode::NOT_FOUND
    );
    sqlx::query("UPDATE survey_rounds SET code_hash_scheme = 'sha256'")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        s.submit(&varied(&s.codes[0])).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        s.submit(&varied(&s.codes[0])).await.status(),
        StatusCode::CONFLICT
    );
    // Keyed codes of that round answer as before.
    assert_eq!(
        s.submit(&varied(&s.codes[2])).await.status(),
        StatusCode::OK
    );
    let page = s.app.get(&format!("/s/{}", s.codes[1]), None).await;
    assert_eq!(page.status(), StatusCode::OK);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_throttled_alone() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.trusted_proxies = vec!["127.0.0.1".into(), "::1/128".into()];
    })
    .await;
    let s = super::survey_on(app, &[("P1", 100)], 10).await;
    let from = |forwarded: String, body: serde_json::Value| {
        s.app
            .client
            .post(s.app.url("/api/v1/surveys/responses"))
            .header("x-forwarded-for", forwarded)
            .json(&body)
            .send()
    };
    let unknown = unknown_codes();
    // One client behind the proxy runs out; its Retry-After says when to come back.
    for code in &unknown[..20] {
        let resp = from("203.0.113.7".into(), varied(code)).await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }
    let resp = from("203.0.113.7".into(), varied(&unknown[20]))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "60");
    let page = s.app.client.get(s.app.url(&format!("/s/{}", s.codes[0])));
    let page = page
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(page.headers()["retry-after"], "60");
    // Another client behind the same proxy is not held up, whatever it writes on the left.
    let resp = from("203.0.113.7, 203.0.113.8".into(), varied(&s.codes[0]))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // An IPv6 client hopping addresses inside its /64 is one client; the next /64 is another.
    for (i, code) in unknown[..21].iter().enumerate() {
        let resp = from(format!("2001:db8:0:1::{:x}", i + 1), varied(code))
            .await
            .unwrap();
        let expected = if i < 20 { 404 } else { 429 };
        assert_eq!(resp.status().as_u16(), expected, "{i}");
    }
    let resp = from("2001:db8:0:1:ffff::1".into(), varied(&s.codes[1]))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let resp = from("2001:db8:0:2::1".into(), varied(&s.codes[1]))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_program_times_its_answers_by_a_signed_start_as_the_page_does() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let start = async |i: usize| {
        let body = serde_json::json!({"code": s.codes[i]});
        let resp = app.post_json("/api/v1/surveys/starts", None, &body).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let v: serde_json::Value = resp.json().await.unwrap();
        v["start_token"].as_str().unwrap().to_owned()
    };
    let with = |i: usize, token: &str| {
        let mut body = varied(&s.codes[i]);
        body["start_token"] = token.into();
        body
    };
    let (t0, t2) = (start(0).await, start(2).await);
    // Claimed 300 s, sent at once: the server measured 0 s.
    let fast = app
        .client
        .post(app.url("/api/v1/surveys/responses"))
        .header("Idempotency-Key", "fast")
        .json(&with(2, &t2));
    assert_eq!(
        fast.try_clone().unwrap().send().await.unwrap().status(),
        StatusCode::OK
    );
    let again: serde_json::Value = fast.send().await.unwrap().json().await.unwrap();
    assert_eq!(again["replayed"], true, "{again}");
    app.clock().set("2026-06-15T02:05:00Z".parse().unwrap());
    assert_eq!(s.submit(&with(0, &t0)).await.status(), StatusCode::OK);
    // Another code's token: kept, as invalid.
    assert_eq!(s.submit(&with(1, &t0)).await.status(), StatusCode::OK);
    let index = &s.index("").await["total"]["index"];
    assert_eq!(index["valid"], 1, "{index}");
    assert_eq!(super::invalid_count(index, "too_fast"), 1, "{index}");
    assert_eq!(
        super::invalid_count(index, "unverified_start"),
        1,
        "{index}"
    );
    // A used code is not opened again; an unknown one is 404 and counts as a guess.
    let used = serde_json::json!({"code": s.codes[0]});
    let resp = app.post_json("/api/v1/surveys/starts", None, &used).await;
    crate::helpers::assert_problem(resp, 409).await;
    let unknown = serde_json::json!({"code": unknown_codes()[0]});
    let resp = app
        .post_json("/api/v1/surveys/starts", None, &unknown)
        .await;
    crate::helpers::assert_problem(resp, 404).await;
}

/// An estate of two households gets a batch of two codes (one per household), however the
/// database was created: the ten-code minimum of the first schema is lifted on start.
#[tokio::test]
async fn an_estate_of_two_households_gets_two_codes() {
    let s = super::survey(&[("BIG", 400)], 10).await;
    let tiny = super::project(&s.app, &s.ledger, "TINY", 2).await;
    let round = super::round(&s.app, "小区普查", std::slice::from_ref(&tiny)).await;
    let round = round["id"].as_str().unwrap();
    let path = format!("/api/v1/surveys/{round}/batches");
    let body = |codes: Option<u32>| {
        let mut b = serde_json::json!({"project_id": tiny, "distributor": "李四（网格员）",
                                       "distributor_kind": "grid_worker"});
        if let Some(n) = codes {
            b["codes"] = serde_json::json!(n);
        }
        b
    };
    let too_many = s
        .app
        .post_json(&path, Some(&s.app.admin_token), &body(Some(3)))
        .await;
    let p = crate::helpers::assert_problem(too_many, 422).await;
    assert_eq!(p["errors"][0]["field"], "codes", "{p}");
    let resp = s
        .app
        .post_json(&path, Some(&s.app.admin_token), &body(None))
        .await;
    assert_eq!(resp.status(), 200);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["codes"].as_array().unwrap().len(), 2, "{v}");
}
