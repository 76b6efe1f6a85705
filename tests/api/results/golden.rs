//! The golden period through the API: every unit's final figures, grade and rank, the award
//! lists and one explanation, each asserted against the hand computation.

use rust_decimal::Decimal;
use serde_json::Value;

use super::golden_period;
use crate::helpers::assert_problem;

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
        .parse()
        .unwrap()
}

/// By hand (the table above `golden_units` in `src/domain/results/tests.rs`; 3.1 is
/// 10 − 3 for A's 通报批评 and 10 − 2 for C's and D's overdue item; B's 1.1 is the re-check's
/// 19, not its self score 20; E and G add 1 × 1.5 bonus; F's veto is the reviewer's):
/// A 20 + 70 + 7 = 97, B 19 + 68 + 10 = 97, H 20 + 67 + 10 = 97 — tied, so 2 (工作成效)
/// decides: A 70 > B 68 > H 67 → 1, 2, 3; C = D = 20 + 65 + 8 = 93 → 4, 4; G 11 + 70 + 10 +
/// 1.5 = 92.5 → 6; E 15 + 60 + 10 + 1.5 = 86.5 → 7; F 20 + 70 + 10 = 100 but vetoed → 8.
/// Grades: ⌊0.4 × 8⌋ = 3 places for 优秀 (A, B, H); C and D are beyond them → 良好; G's
/// category 1 (11 < 0.6 × 20 = 12) stops 优秀 → 良好; E's 86.5 → 良好; F's veto → 不合格.
const WANT: [(&str, &str, u32, &str, bool); 8] = [
    ("A", "97.00", 1, "优秀", false),
    ("B", "97.00", 2, "优秀", true),
    ("H", "97.00", 3, "优秀", true),
    ("C", "93.00", 4, "良好", false),
    ("D", "93.00", 4, "良好", false),
    ("G", "92.50", 6, "良好", false),
    ("E", "86.50", 7, "良好", false),
    ("F", "100.00", 8, "不合格", false),
];

#[tokio::test]
async fn golden_period_gives_every_figure_grade_and_rank_as_computed_by_hand() {
    let g = golden_period().await;
    let app = &g.app;
    let current = app
        .get_ok(
            &format!("/api/v1/periods/{}/results", g.period),
            &app.admin_token,
        )
        .await;
    let units = current["results"]["units"].as_array().unwrap();
    let got: Vec<(String, Decimal, u64, String, bool)> = units
        .iter()
        .map(|u| {
            (
                u["unit_name"].as_str().unwrap().to_owned(),
                dec(&u["total"]),
                u["rank"].as_u64().unwrap(),
                u["grade"].as_str().unwrap().to_owned(),
                u["award"]["eligible"].as_bool().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, Decimal, u64, String, bool)> = WANT
        .iter()
        .map(|(l, t, r, gr, e)| {
            (
                format!("单位{l}"),
                t.parse().unwrap(),
                u64::from(*r),
                (*gr).to_owned(),
                *e,
            )
        })
        .collect();
    assert_eq!(got, want, "{current}");
    let by = |l: &str| {
        units
            .iter()
            .find(|u| u["unit_name"] == format!("单位{l}"))
            .unwrap()
    };
    assert_eq!(by("C")["grade_before_quota"], "优秀");
    assert_eq!(by("G")["category_short"], "1");
    assert_eq!(by("F")["vetoed"], true);
    assert_eq!(by("A")["criticisms"], 1);
    // The award lists name the rule that decided each unit.
    let awards = &current["results"]["awards"];
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&awards["excellent"]), ["单位B", "单位H"]);
    let kept_off = |l: &str| -> String {
        awards["not_eligible"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_name"] == format!("单位{l}"))
            .unwrap()["rules"]
            .to_string()
    };
    assert!(kept_off("A").contains("通报批评 1 次"), "{awards}");
    assert!(kept_off("C").contains("超出 优秀 名额"), "{awards}");
    assert!(kept_off("G").contains("类别 1"), "{awards}");
    assert!(kept_off("F").contains("一票否决"), "{awards}");
    // The rubrics are named with their hashes; the award endpoint gives the same lists.
    let rubric = &current["results"]["rubrics"][0];
    assert_eq!(rubric["id"], "golden-period-results");
    assert_eq!(rubric["content_hash"].as_str().unwrap().len(), 64);
    assert_eq!(current["results"]["rubrics"][1]["used_for"], "credit");
    let same = app
        .get_ok(
            &format!("/api/v1/periods/{}/awards", g.period),
            &app.admin_token,
        )
        .await;
    assert_eq!(&same, awards);
}

#[tokio::test]
async fn an_explained_result_names_each_source_sums_to_its_total_and_ends_with_the_rank() {
    let g = golden_period().await;
    let app = &g.app;
    let path = |l: &str| format!("/api/v1/periods/{}/results/units/{}", g.period, g.unit(l));
    let b = app.get_ok(&path("B"), &app.admin_token).await;
    let steps = b["explanation"]["steps"].as_array().unwrap();
    let sum: Decimal = steps
        .iter()
        .filter(|s| !s["adds"].is_null())
        .map(|s| dec(&s["adds"]))
        .sum();
    assert_eq!(sum, dec(&b["explanation"]["total"]));
    assert_eq!(sum, "97.00".parse::<Decimal>().unwrap());
    let step = |code: &str| {
        steps
            .iter()
            .find(|s| s["code"] == code && s["stage"] == "item")
            .unwrap()
    };
    assert_eq!(step("1.1")["source"], "复核合成", "{b}");
    assert_eq!(
        step("1.1")["input"],
        serde_json::json!({"score": "19"}),
        "{b}"
    );
    assert_eq!(step("2.1")["source"], "自评得分");
    assert_eq!(step("3.1")["source"], "督查督办记录");
    assert_eq!(b["explanation"]["rubric_id"], "golden-period-results");
    let last = steps.last().unwrap();
    assert_eq!(last["stage"], "rank");
    assert!(
        last["line"].as_str().unwrap().starts_with("第 2 名"),
        "{last}"
    );
    assert_eq!(b["standing"]["rank"], 2);
    // A unit reads its own explanation once the notice is open, not another unit's.
    let own = app.get_ok(&path("A"), g.token("A")).await;
    assert_eq!(own["standing"]["rank"], 1);
    let resp = app.get(&path("B"), Some(g.token("A"))).await;
    let status = resp.status().as_u16();
    assert!(status == 403 || status == 404, "{status}");
    // The period's rankings are the bureau's and reviewers': a unit is refused, in Chinese.
    let resp = app
        .get(
            &format!("/api/v1/periods/{}/results", g.period),
            Some(g.token("A")),
        )
        .await;
    let body = assert_problem(resp, 403).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("查看考核结果与排名"),
        "{body}"
    );
    let reviewer = app
        .get_ok(
            &format!("/api/v1/periods/{}/results", g.period),
            &g.reviewer,
        )
        .await;
    assert_eq!(reviewer["results"]["units"][0]["unit_name"], "单位A");
}
