//! A unit-assessment item with `source = "survey"` reads the index of the unit's area from the
//! period's latest closed round, and its line names the round and the counts.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{batch, project, varied};
use crate::assessment_support::{good_input, ok, unit_form};
use crate::helpers::spawn_app_with;
use crate::ledger::fixture::seed;

/// The shipped rubrics with item 2.1 of `unit-assessment-2023` reading the survey.
fn rubrics_with_survey_item(dir: &std::path::Path) -> std::path::PathBuf {
    let to = dir.join("rubrics");
    std::fs::create_dir_all(&to).unwrap();
    let from = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "unit-assessment-2023.toml" {
            let line = "method = \"survey\"  # points = 8 × 测评指数 / 100";
            assert!(text.contains(line));
            text = text.replace(line, &format!("{line}\nsource = \"survey\""));
        }
        std::fs::write(to.join(path.file_name().unwrap()), text).unwrap();
    }
    to
}

#[tokio::test]
async fn a_survey_item_reads_the_towns_index_and_names_the_round() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubrics_with_survey_item(dir.path());
    let app = spawn_app_with(|s| s.rubrics_dir = rubrics).await;
    let l = seed(&app).await;
    let p = project(&app, &l, "S1", 100).await;
    let period = app
        .admin_post(
            "/api/v1/periods",
            json!({"name": "2026", "rubric_id": "unit-assessment-2023", "rubric_version": 2,
                   "self_deadline": "2099-01-01", "review_deadline": "2099-02-01",
                   "unit_ids": [l.unit_town], "roles": {&l.unit_town: "濉溪镇"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let round = app
        .admin_post(
            "/api/v1/surveys",
            json!({"name": "濉溪镇第一轮", "period_id": period, "rubric_id": "satisfaction",
                   "rubric_version": 1, "opens_at": "2026-06-15T08:00", "closes_at": "2026-06-30",
                   "town_id": l.town}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let codes = batch(&app, &round, &p, 10).await;
    for code in &codes[..4] {
        let resp = app
            .post_json("/api/v1/surveys/responses", None, &varied(code))
            .await;
        assert_eq!(resp.status(), 200);
    }
    app.advance(&period, "self_assessment").await;
    let (_, unit) = app
        .create_token(json!({"name": "濉溪镇", "role": "unit", "unit_id": l.unit_town}))
        .await;
    let entries: BTreeMap<String, Value> = unit_form(&app, &period, &l.unit_town)
        .await
        .iter()
        .filter_map(|i| {
            Some((
                i["code"].as_str()?.to_owned(),
                json!({"input": good_input(i)?}),
            ))
        })
        .collect();
    let base = format!("/api/v1/periods/{period}/units/{}", l.unit_town);
    let body = json!({"version": 0, "items": entries});
    ok(app
        .put_as(&format!("{base}/self-assessment"), &unit, &body)
        .await)
    .await;
    let submit = format!("{base}/self-assessment/submit");
    ok(app
        .post_json(&submit, Some(&unit), &json!({"version": 1}))
        .await)
    .await;
    let result_path = format!("{base}/result");
    // While the round is open the item has no input yet: the result is incomplete, naming it.
    let before = app.get(&result_path, Some(&app.admin_token)).await;
    let problem = crate::helpers::assert_problem(before, 409).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("2.1"),
        "{problem}"
    );
    let source = |r: &Value| {
        r["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == "2.1")
            .unwrap()
            .clone()
    };
    app.clock().set("2026-06-30T16:00:00Z".parse().unwrap());
    let after = ok(app.get(&result_path, Some(&app.admin_token)).await).await;
    let s = source(&after);
    assert_eq!(s["source"]["code"], "survey", "{s}");
    assert_eq!(s["survey"]["round_id"], round.as_str());
    assert_eq!(s["survey"]["valid"], 4);
    // Four identical varied questionnaires score 75 each (hand computation: dimension means
    // 90, 70, 90, 80, 45 → 75): 8 × 75 / 100 = 6.
    assert_eq!(s["survey"]["index"], "75.00");
    let item = after["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "2.1")
        .unwrap();
    let line = item["explanation"].as_str().unwrap();
    assert!(
        line.contains("濉溪镇第一轮") && line.contains("有效问卷 4 份"),
        "{line}"
    );
    assert_eq!(item["score"], "6", "{item}");
}
