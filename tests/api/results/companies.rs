//! Companies in a period's results: credit as of the period's end (2023-12-31, the golden
//! rubric's last day), the black list and the renewal advice, each naming its rule.

use serde_json::{Value, json};

use super::golden_period;
use crate::ledger::fixture::{project, seed, serve};

fn record(kind: &str, on: &str, reference: &str) -> Value {
    json!({"kind": kind, "recorded_on": on, "reference": reference,
           "issuer": "濉溪县住房和城乡建设局"})
}

/// By hand, with `rubrics/credit.toml`: 甲物业 has 挪用维修资金 (a black-list event) → C and the
/// black list whatever its score; its project 小区P1 gets the strictest stance of grade C
/// (不得续签) — not recommended. 乙物业 serves nothing rated: the quality part is the base 60,
/// plus 5 for a city award = 65 → B (≥ 60), on no list.
#[tokio::test]
async fn companies_are_rated_at_the_period_end_and_listed_with_their_rule() {
    let g = golden_period().await;
    let app = &g.app;
    let l = seed(app).await;
    let p1 = project(app, "P1", &l.nanguan, None).await;
    serve(app, &p1, &l.company_a, "2023-01-01", None).await;
    let path = |c: &str| format!("/api/v1/companies/{c}/conduct-records");
    app.admin_post(
        &path(&l.company_a),
        record("fund-misuse", "2023-06-01", "濉住建〔2023〕9号"),
    )
    .await;
    app.admin_post(
        &path(&l.company_b),
        record("award-city", "2023-05-01", "表彰1号"),
    )
    .await;
    let current = app
        .get_ok(
            &format!("/api/v1/periods/{}/results", g.period),
            &app.admin_token,
        )
        .await;
    let r = &current["results"];
    assert_eq!(r["period_end"], "2023-12-31");
    let grades: Vec<(&str, &str)> = r["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["company_name"].as_str().unwrap(),
                c["grade"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(grades, [("乙物业", "B"), ("甲物业", "C")], "{r}");
    let b = r["companies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["company_name"] == "乙物业")
        .unwrap();
    assert_eq!(b["score"], "65.00", "{b}");
    let black = &r["awards"]["black_list"];
    assert_eq!(black.as_array().unwrap().len(), 1, "{r}");
    assert_eq!(black[0]["company_name"], "甲物业");
    assert!(
        black[0]["rule"].as_str().unwrap().contains("失信黑名单"),
        "{black}"
    );
    assert!(
        black[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("濉住建〔2023〕9号"),
        "{black}"
    );
    assert_eq!(r["awards"]["red_list"], json!([]));
    let renewals = r["awards"]["renewals"].as_array().unwrap();
    assert_eq!(renewals.len(), 1, "{r}");
    assert_eq!(renewals[0]["project_name"], "小区P1");
    assert_eq!(renewals[0]["recommended"], false);
    assert!(
        renewals[0]["recommendation"]
            .as_str()
            .unwrap()
            .starts_with("不得续签"),
        "{renewals:?}"
    );
    assert!(
        renewals[0]["rule"]
            .as_str()
            .unwrap()
            .contains("企业信用等级 C"),
        "{renewals:?}"
    );
}
