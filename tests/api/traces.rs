//! What an official reads: items in the rubric's order (2.2 before 2.10), names beside ids
//! (units, periods, reviewers, teams), and every instant in Beijing time with its offset.

use serde_json::{Value, json};

use crate::assessment_support::{ok, submit_u1, world};
use crate::helpers::spawn_app;

/// Codes of a list of items, in the order the view gives them.
fn codes(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts `codes` lists 2.2 before 2.10 (lexicographic order would not).
fn two_two_before_two_ten(codes: &[String]) {
    let at = |c: &str| codes.iter().position(|x| x == c);
    let (two, ten) = (at("2.2"), at("2.10"));
    assert!(two.is_some() && ten.is_some(), "{codes:?}");
    assert!(two < ten, "2.2 must come before 2.10: {codes:?}");
}

fn beijing(at: &Value) {
    let text = at
        .as_str()
        .unwrap_or_else(|| panic!("not an instant: {at}"));
    assert!(
        text.len() == 25 && text.ends_with("+08:00") && text.as_bytes()[10] == b'T',
        "not Beijing time with the offset: {text}"
    );
}

#[tokio::test]
async fn views_list_items_in_rubric_order_name_people_and_show_beijing_time() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let base = format!("/api/v1/periods/{}/units/{}", w.period, w.u1);
    app.admin_post(
        &format!("/api/v1/periods/{}/assignments", w.period),
        json!({"team_id": w.team_a, "unit_id": w.u1}),
    )
    .await;
    // The optional 自评失实 deduction is on in this period.
    let period = format!("/api/v1/periods/{}", w.period);
    let version = app.get_ok(&period, &app.admin_token).await["version"].clone();
    let amend = json!({"options": ["inflation"], "reason": "启用自评失实扣分", "version": version});
    let patched = app
        .client
        .patch(app.url(&period))
        .bearer_auth(&app.admin_token)
        .json(&amend)
        .send()
        .await
        .unwrap();
    ok(patched).await;
    app.advance(&w.period, "self_assessment").await;
    submit_u1(&app, &w).await;

    // The self-assessment: items and form in rubric order, the unit and period named, the
    // submission and the (extended) deadline in Beijing time.
    let own = app
        .get_ok(&format!("{base}/self-assessment"), &app.admin_token)
        .await;
    two_two_before_two_ten(&codes(&own["items"], "code"));
    two_two_before_two_ten(&codes(&own["form"], "code"));
    assert_eq!(own["unit_name"], "县住建局", "{own}");
    assert_eq!(own["period_name"], "2023 年度目标考核");
    beijing(&own["submitted_at"]);
    assert_eq!(own["deadline"], "2099-06-30T23:59:59+08:00");

    // Reviews: reviewers and teams named, each review's time in Beijing time.
    app.advance(&w.period, "review").await;
    for code in ["2.10", "2.2"] {
        ok(app
            .put_as(
                &format!("{base}/reviews/{code}"),
                &w.r1.1,
                &json!({"input": {"points": "1"}, "reason_code": "mismatch", "comment": "核减", "version": 0}),
            )
            .await)
        .await;
    }
    let reviews = app
        .get_ok(&format!("{base}/reviews"), &app.admin_token)
        .await;
    two_two_before_two_ten(&codes(&reviews, "code"));
    let item = reviews
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "2.10")
        .unwrap();
    assert!(!item["title"].as_str().unwrap().is_empty(), "{item}");
    let review = &item["reviews"][0];
    assert_eq!(review["reviewer_id"], w.r1.0, "{review}");
    assert_eq!(review["reviewer_name"], "复核员甲", "{review}");
    assert_eq!(review["team_id"], w.team_a.as_str());
    assert_eq!(review["team_name"], "第一考核组");
    beijing(&review["updated_at"]);

    // The team's report names the team.
    let report = ok(app
        .put_as(
            &format!("{base}/report"),
            &w.r1.1,
            &json!({"body": "复核报告", "version": 0}),
        )
        .await)
    .await;
    assert_eq!(report["team_name"], "第一考核组", "{report}");
    beijing(&report["updated_at"]);

    // Reliability names the team, its reviewers and the period.
    let reliability = app
        .get_ok(
            &format!("/api/v1/periods/{}/reliability/{}", w.period, w.team_a),
            &app.admin_token,
        )
        .await;
    assert_eq!(reliability["team_name"], "第一考核组", "{reliability}");
    assert_eq!(reliability["period_name"], "2023 年度目标考核");
    assert_eq!(reliability["reviewers"][0]["reviewer_name"], "复核员甲");

    // The history: every entry in Beijing time, its period, unit and item named.
    let history = app
        .get_ok(&format!("{base}/history"), &app.admin_token)
        .await;
    let entries = history.as_array().unwrap();
    assert!(entries.len() > 3, "{history}");
    for e in entries {
        beijing(&e["at"]);
        assert_eq!(e["unit_name"], "县住建局", "{e}");
        assert_eq!(e["period_name"], "2023 年度目标考核", "{e}");
    }
    assert!(
        entries.iter().any(|e| e["item_code"] == "2.10"),
        "{history}"
    );

    // The notice: an appeal names its unit, period and item, lodged in Beijing time.
    app.advance(&w.period, "appeal").await;
    let appeal = ok(app
        .post_json(
            &format!("{base}/appeals"),
            Some(&w.unit1),
            &json!({"item_code": "2.10", "reason": "材料齐全"}),
        )
        .await)
    .await;
    assert_eq!(appeal["unit_name"], "县住建局", "{appeal}");
    assert_eq!(appeal["period_name"], "2023 年度目标考核");
    assert!(
        !appeal["item_title"].as_str().unwrap().is_empty(),
        "{appeal}"
    );
    beijing(&appeal["created_at"]);
    let decided = ok(app
        .post_json(
            &format!(
                "/api/v1/appeals/{}/decision",
                appeal["id"].as_str().unwrap()
            ),
            Some(&app.admin_token),
            &json!({"upheld": false, "reason": "证据不支持", "version": 1}),
        )
        .await)
    .await;
    assert_eq!(decided["decided_by_name"], "测试管理员", "{decided}");
    beijing(&decided["decided_at"]);
    let listed = app
        .get_ok(&format!("{base}/appeals"), &app.admin_token)
        .await;
    assert_eq!(listed[0]["status"]["code"], "rejected", "{listed}");
    assert_eq!(listed[0]["status"]["label"], "驳回");
    beijing(&listed[0]["decided_at"]);

    // The result: its period named, the total's line first, sources in rubric order.
    let result = app
        .get_ok(&format!("{base}/result"), &app.admin_token)
        .await;
    assert_eq!(result["period_name"], "2023 年度目标考核", "{result}");
    assert_eq!(result["unit"]["name"], "县住建局");
    let total = result["result"]["total"].as_str().unwrap();
    let line = result["result"]["total_line"].as_str().unwrap();
    assert!(line.ends_with(total), "{line} / {total}");
    two_two_before_two_ten(&codes(&result["sources"], "code"));
    two_two_before_two_ten(&codes(&result["result"]["items"], "code"));
    // Both re-checked items fell more than the tolerance below the self score (4 → 1 and
    // 3 → 1): the 自评失实 deduction names them, with why, and the total's line shows it.
    let adjustment = &result["result"]["adjustments"][0];
    assert_eq!(
        codes(&adjustment["items"], "code"),
        ["2.2", "2.10"],
        "{adjustment}"
    );
    assert_eq!(
        adjustment["items"][0]["why"],
        "自评 4 − 最终 1 = 3 > 容差 0.8 (self − final above tolerance)"
    );
    assert_eq!(adjustment["points"], "1");
    assert!(line.contains(" − 1 自评失实"), "{line}");

    // 定稿: the stored result says when, in Beijing time.
    app.pass_notice();
    app.advance(&w.period, "final").await;
    let stored = app
        .get_ok(&format!("{base}/result"), &app.admin_token)
        .await;
    beijing(&stored["finalized"]["at"]);
    assert_eq!(stored["period_name"], "2023 年度目标考核");
    assert_eq!(stored["result"]["total_line"], line);
}

#[tokio::test]
async fn tokens_ledger_records_and_the_audit_trail_show_beijing_time() {
    let app = spawn_app().await;
    let unit = app
        .admin_post(
            "/api/v1/units",
            json!({"name": "县住建局", "unit_type": "department"}),
        )
        .await;
    beijing(&unit["created_at"]);
    beijing(&unit["updated_at"]);
    let (id, _) = app
        .create_token(json!({"name": "复核员甲", "role": "admin"}))
        .await;
    ok(app
        .post_json(
            &format!("/api/v1/tokens/{id}/revoke"),
            Some(&app.admin_token),
            &json!({}),
        )
        .await)
    .await;
    let tokens = app.get_ok("/api/v1/tokens", &app.admin_token).await;
    let token = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id.as_str())
        .unwrap();
    beijing(&token["created_at"]);
    beijing(&token["revoked_at"]);
    let history = app
        .get_ok(
            &format!("/api/v1/audit/history?subject_type=token&subject_id={id}"),
            &app.admin_token,
        )
        .await;
    for e in history.as_array().unwrap() {
        beijing(&e["at"]);
    }
}
