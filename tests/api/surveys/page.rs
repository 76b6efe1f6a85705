//! The answer page over plain HTTP with JavaScript off: every step is a form post.

use super::{QS, survey};

async fn post_form(
    app: &crate::helpers::TestApp,
    path: &str,
    form: &[(String, String)],
) -> (u16, String) {
    let resp = app
        .client
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// The hidden inputs of a page, as name/value pairs.
fn hidden(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" ")
        .skip(1)
        .filter_map(|rest| {
            let name = rest.split("name=\"").nth(1)?.split('"').next()?;
            let value = rest.split("value=\"").nth(1)?.split('"').next()?;
            Some((name.to_owned(), value.to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn a_resident_answers_step_by_step_without_javascript_and_gets_a_receipt() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let path = format!("/s/{}", s.codes[0]);
    let resp = app.get(&path, None).await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let mut html = resp.text().await.unwrap();
    assert!(
        html.contains("第 1/5 题") && html.contains("lang=\"zh-CN\""),
        "{html}"
    );
    assert!(
        html.contains("<label for=\"A1-0\"><input type=\"radio\" id=\"A1-0\""),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no outside links"
    );
    for (step, pair) in QS.chunks(2).enumerate() {
        let mut form = hidden(&html);
        for q in pair {
            form.push((format!("q_{q}"), "满意".into()));
        }
        let last = step == 4;
        form.push(("action".into(), if last { "submit" } else { "next" }.into()));
        if last {
            form.push(("comment".into(), "保洁很好".into()));
        }
        let (status, next) = post_form(app, &path, &form).await;
        assert_eq!(status, 200, "{next}");
        if !last {
            assert!(next.contains(&format!("第 {}/5 题", step + 2)), "{next}");
        }
        html = next;
    }
    assert!(
        html.contains("提交成功") && html.contains("回执码"),
        "{html}"
    );
    // All ten answers reached the index (the clock did not move: too fast, so invalid —
    // counted, not dropped).
    let v = s.index("").await;
    assert_eq!(v["total"]["responses"], 1);
    let again = app.get(&path, None).await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("该邀请码已使用"));
}

#[tokio::test]
async fn unknown_mistyped_and_closed_codes_get_friendly_pages() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let unknown = app.get("/s/22222-22222", None).await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("邀请码不存在"));
    let mut typo = s.codes[0].clone().into_bytes();
    typo[0] = if typo[0] == b'2' { b'3' } else { b'2' };
    let typo = String::from_utf8(typo).unwrap();
    let (status, html) = post_form(app, "/s", &[("code".into(), typo)]).await;
    assert_eq!(status, 422);
    assert!(html.contains("校验位不符"), "{html}");
    let (status, html) = post_form(app, "/s", &[("code".into(), s.codes[1].to_lowercase())]).await;
    assert_eq!(status, 200);
    assert!(html.contains("第 1/5 题"), "{html}");
    app.clock().set("2026-06-30T16:00:00Z".parse().unwrap());
    let closed = app.get(&format!("/s/{}", s.codes[1]), None).await;
    assert_eq!(closed.status(), 409);
    assert!(closed.text().await.unwrap().contains("调查已结束"));
    let css = app.get("/assets/survey.css", None).await;
    assert!(css.text().await.unwrap().contains("font-size: 18px"));
}

/// The last step's form of `html` with every question answered 满意, sent as a submit.
fn last_form(html: &str, step_answers: &[&str]) -> Vec<(String, String)> {
    let mut form = hidden(html);
    form.retain(|(k, _)| k != "step");
    form.push(("step".into(), "4".into()));
    for q in QS.iter().filter(|q| !step_answers.contains(q)) {
        form.push((format!("q_{q}"), "满意".into()));
    }
    form.push(("action".into(), "submit".into()));
    form
}

/// The receipt code on a confirmation page.
fn receipt(html: &str) -> &str {
    html.split("<p class=\"receipt\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_double_submit_shows_the_first_receipt_and_another_form_learns_nothing() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let path = format!("/s/{}", s.codes[0]);
    let opened = app.get(&path, None).await.text().await.unwrap();
    let form = last_form(&opened, &[]);
    assert!(
        form.iter().any(|(k, v)| k == "nonce" && v.len() == 32),
        "{form:?}"
    );
    let (status, first) = post_form(app, &path, &form).await;
    assert_eq!(status, 200, "{first}");
    assert!(first.contains("提交成功"), "{first}");
    let (status, second) = post_form(app, &path, &form).await;
    assert_eq!(status, 200, "{second}");
    assert!(second.contains("已提交"), "{second}");
    assert_eq!(receipt(&second), receipt(&first));
    assert_eq!(receipt(&first).len(), 9, "{first}");
    // Pressed twice at once: one answer, the same receipt on both pages.
    let path = format!("/s/{}", s.codes[1]);
    let opened = app.get(&path, None).await.text().await.unwrap();
    let form = last_form(&opened, &[]);
    let (a, b) = tokio::join!(post_form(app, &path, &form), post_form(app, &path, &form));
    assert_eq!((a.0, b.0), (200, 200), "{} {}", a.1, b.1);
    assert_eq!(receipt(&a.1), receipt(&b.1));
    assert_eq!(
        crate::ledger::fixture::count(app, "survey_responses").await,
        2
    );
    // A form opened elsewhere (its own nonce) gets the "already used" page, no receipt.
    let other = last_form(&opened, &[])
        .into_iter()
        .map(|(k, v)| {
            if k == "nonce" {
                (k, "0".repeat(32))
            } else {
                (k, v)
            }
        })
        .collect::<Vec<_>>();
    let (status, html) = post_form(app, &path, &other).await;
    assert_eq!(status, 409, "{html}");
    assert!(
        html.contains("该邀请码已使用") && receipt(&html).is_empty(),
        "{html}"
    );
}

/// The form's signed start token.
fn start_of(form: &[(String, String)]) -> String {
    form.iter()
        .find(|(k, _)| k == "start")
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// `form` with its start token replaced by `token`.
fn with_start(form: &[(String, String)], token: &str) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| match k.as_str() {
            "start" => (k.clone(), token.to_owned()),
            _ => (k.clone(), v.clone()),
        })
        .collect()
}

#[tokio::test]
async fn the_page_times_answers_by_its_signed_start_and_keeps_forged_ones_as_invalid() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let page = |i: usize| format!("/s/{}", s.codes[i]);
    let open = |i: usize| async move { app.get(&page(i), None).await.text().await.unwrap() };
    let mut honest = last_form(&open(0).await, &[]);
    for (k, v) in honest.iter_mut() {
        if k == "q_A1" {
            *v = "非常满意".into();
        }
    }
    let token = start_of(&honest);
    let (seconds, mac) = token.split_once('.').unwrap();
    assert_eq!(mac.len(), 64, "{token}");
    // Backdated by an hour with the same signature, a token lent from another code, a made-up
    // one and one honestly signed before the round opened: each answer is kept, as invalid.
    let backdated = format!("{}.{mac}", seconds.parse::<i64>().unwrap() - 3600);
    let key = app.state.surveys.key();
    let code = kaoping::domain::survey::code::InvitationCode::parse("code", &s.codes[4]).unwrap();
    let before_opening = kaoping::domain::survey::start::sign(
        key,
        &code.keyed_hash(key),
        "2026-06-14T00:00:00Z".parse().unwrap(),
    );
    let forged = [
        backdated,
        token.clone(),
        "1781488800.00".into(),
        before_opening,
    ];
    let mut forms = Vec::new();
    for i in 1..=4 {
        forms.push(last_form(&open(i).await, &[]));
    }
    // Five minutes pass before anyone presses 提交: the honest answer took 300 s.
    app.clock().set("2026-06-15T02:05:00Z".parse().unwrap());
    let (status, html) = post_form(app, &page(0), &honest).await;
    assert_eq!(status, 200, "{html}");
    for (i, (form, token)) in forms.iter().zip(&forged).enumerate() {
        let (status, html) = post_form(app, &page(i + 1), &with_start(form, token)).await;
        assert_eq!(status, 200, "{token}: {html}");
        assert!(html.contains("提交成功"), "{html}");
    }
    let total = &s.index("").await["total"];
    assert_eq!(total["responses"], 5, "{total}");
    assert_eq!(total["index"]["valid"], 1, "{total}");
    // Every reason is kept: the forged answers were also all 满意 (straight-lined); each is
    // counted once among the invalid responses.
    assert_eq!(
        super::invalid_count(&total["index"], "unverified_start"),
        4,
        "{total}"
    );
    assert_eq!(
        super::invalid_count(&total["index"], "straight_lined"),
        4,
        "{total}"
    );
    assert_eq!(total["index"]["invalid_responses"], 4, "{total}");
    let out = app.cli(&["survey", "verify", &s.round]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The text of a page's error lines.
fn error_lines(html: &str) -> Vec<&str> {
    html.split("role=\"alert\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect()
}

#[tokio::test]
async fn full_width_codes_a_trailing_slash_and_errors_read_in_chinese_only() {
    let s = survey(&[("P1", 100)], 10).await;
    let app = &s.app;
    let entry = app.get("/s/", None).await;
    assert_eq!(entry.status(), 200);
    assert!(
        entry.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(entry.text().await.unwrap().contains("请输入邀请码"));
    // A full-width, lower-case code typed on the entry page opens the questionnaire.
    let wide: String = s.codes[0]
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '-' => '－',
            c => char::from_u32(c as u32 + 0xFEE0).unwrap(),
        })
        .collect();
    let (status, html) = post_form(app, "/s/", &[("code".into(), wide.clone())]).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("第 1/5 题"), "{html}");
    // The same through the API.
    let resp = s.submit(&super::varied(&wide)).await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    // A wrong check symbol, and a comment over 500 characters: Chinese lines, no English gloss.
    let (status, html) = post_form(app, "/s", &[("code".into(), "2222222223".into())]).await;
    assert_eq!(status, 422);
    let opened = app.get(&format!("/s/{}", s.codes[1]), None).await;
    let mut form = last_form(&opened.text().await.unwrap(), &[]);
    form.push(("comment".into(), "长".repeat(501)));
    let (status, step) = post_form(app, &format!("/s/{}", s.codes[1]), &form).await;
    assert_eq!(status, 422, "{step}");
    let lines: Vec<&str> = error_lines(&html)
        .into_iter()
        .chain(error_lines(&step))
        .collect();
    assert!(
        lines.len() >= 2 && lines.iter().all(|l| !l.is_empty()),
        "{lines:?}"
    );
    for line in lines {
        assert!(!line.chars().any(|c| c.is_ascii_alphabetic()), "{line}");
    }
}
