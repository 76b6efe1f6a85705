//! The shipped credit rubric: bands, black-list events, alert lines, the good-conduct cap and
//! record windows (expected values by hand from `rubrics/credit.toml`).

use jiff::civil::date;

use super::d;
use super::surveys::shipped;
use crate::domain::rubric::credit::{ConductRecord, CreditInputs, ProjectQuality};
use crate::domain::rubric::credit_score;

fn company(quality: &str, records: &[(&str, jiff::civil::Date)]) -> CreditInputs {
    CreditInputs {
        company: "某公司".into(),
        as_of: date(2023, 12, 31),
        projects: vec![ProjectQuality {
            project: "甲".into(),
            quality: d(quality),
            floor_area: d("10000"),
        }],
        records: records
            .iter()
            .map(|(k, dt)| ConductRecord {
                kind: k.to_string(),
                date: *dt,
                reference: None,
                valid_until: None,
                ended: None,
            })
            .collect(),
    }
}

#[test]
fn credit_bands_including_below_60_with_and_without_bad_records() {
    let r = shipped("credit.toml");
    let grade = |q: &str, rec: &[(&str, jiff::civil::Date)]| {
        credit_score(&r, &company(q, rec)).unwrap().grade
    };
    let recent = date(2023, 6, 1);
    assert_eq!(grade("85", &[]), "AAA");
    assert_eq!(grade("90", &[("minor", recent)]), "AA"); // 88 but a bad record → not AAA
    assert_eq!(grade("80", &[]), "AA");
    assert_eq!(grade("79.99", &[]), "A");
    // Each band's edge, by hand from the shipped bands (85 / 80 / 70 / 60, the score at 2
    // places): one hundredth below a line is the band under it.
    assert_eq!(grade("84.99", &[]), "AA");
    assert_eq!(grade("70", &[]), "A");
    assert_eq!(grade("69.99", &[]), "B");
    assert_eq!(grade("59.99", &[]), "B"); // below 60 without bad records
    // 61.99 − 2 = 59.99 with a bad record → C; 62 − 2 = 60 → B.
    assert_eq!(grade("61.99", &[("minor", recent)]), "C");
    assert_eq!(grade("62", &[("minor", recent)]), "B");
    assert_eq!(grade("60", &[]), "B");
    assert_eq!(grade("55", &[]), "B"); // below 60, no bad records
    assert_eq!(grade("61", &[("minor", recent)]), "C"); // 59 with a bad record
    // The bad record from 2022-12-31 expired on 2023-12-31 (12 months): back to B.
    assert_eq!(grade("61", &[("minor", date(2022, 12, 31))]), "B");
    assert_eq!(grade("61", &[("minor", date(2023, 1, 1))]), "C");
}

#[test]
fn black_list_events_go_straight_to_c_and_alerts_accumulate() {
    let r = shipped("credit.toml");
    let res = credit_score(&r, &company("100", &[("bid-collusion", date(2023, 3, 1))])).unwrap();
    assert_eq!(res.grade, "C");
    assert!(res.blacklisted);
    let res = credit_score(
        &r,
        &company(
            "100",
            &[("moderate", date(2023, 3, 1)), ("minor", date(2023, 4, 1))],
        ),
    )
    .unwrap();
    assert_eq!(res.bad_deducted, d("8"));
    assert_eq!(res.alerts, vec![d("6")]);
    assert_eq!(res.grade, "AA"); // 92 with bad records
    let good = [
        ("award-city", date(2023, 1, 5)),
        ("award-city", date(2023, 2, 5)),
        ("award-county", date(2023, 3, 5)),
    ];
    let res = credit_score(&r, &company("70", &good)).unwrap();
    assert_eq!(res.good_claimed, d("13"));
    assert_eq!(res.score, d("80")); // good conduct capped at 10
    let none = CreditInputs {
        projects: vec![],
        ..company("0", &[])
    };
    assert_eq!(credit_score(&r, &none).unwrap().score, d("60")); // the base
    let bad = company("0", &[("nope", date(2023, 1, 1))]);
    assert_eq!(
        credit_score(&r, &bad).unwrap_err()[0].field,
        "records[0].kind"
    );
}

#[test]
fn a_record_counts_until_its_stated_end_its_withdrawal_or_its_repair() {
    // Hand calculation, shipped credit rubric: quality 61, one minor record (−2) dated
    // 2023-06-01; on 2023-12-31 the score is 59 with a bad record in the window → C, and 61 with
    // none → B (the B line below 60 needs no bad records; at 61 it is B either way).
    let r = shipped("credit.toml");
    let with = |valid_until: Option<jiff::civil::Date>, ended: Option<jiff::civil::Date>| {
        let mut c = company("61", &[("minor", date(2023, 6, 1))]);
        c.records[0].reference = Some("濉住建〔2023〕12号".into());
        c.records[0].valid_until = valid_until;
        c.records[0].ended = ended;
        credit_score(&r, &c).unwrap()
    };
    let plain = with(None, None);
    assert_eq!((plain.score, plain.grade.as_str()), (d("59"), "C"));
    assert_eq!(plain.records[0].valid_until, date(2024, 5, 31));
    assert_eq!(
        plain.records[0].reference.as_deref(),
        Some("濉住建〔2023〕12号")
    );
    // The record says its last day is 2023-12-30: on the 31st it no longer counts.
    let short = with(Some(date(2023, 12, 30)), None);
    assert_eq!((short.score, short.grade.as_str()), (d("61"), "B"));
    // Its last day is the as-of day: it still counts.
    assert_eq!(with(Some(date(2023, 12, 31)), None).score, d("59"));
    // Withdrawn or repaired on the as-of day: it counts on days before only.
    let ended = with(None, Some(date(2023, 12, 31)));
    assert_eq!((ended.score, ended.records[0].in_window), (d("61"), false));
    assert_eq!(with(None, Some(date(2024, 1, 1))).score, d("59"));
    // A stated end before the record's own date is refused, naming the field.
    let mut bad = company("61", &[("minor", date(2023, 6, 1))]);
    bad.records[0].valid_until = Some(date(2023, 5, 31));
    assert_eq!(
        credit_score(&r, &bad).unwrap_err()[0].field,
        "records[0].valid_until"
    );
}

#[test]
fn the_conduct_objection_window_is_read_and_bounded() {
    // The shipped file states 15 days (an assumption); without the key there is no window;
    // more than a year is refused, naming the key.
    let shipped_text = std::fs::read_to_string(format!(
        "{}/rubrics/credit.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let days = |text: &str| match crate::domain::rubric::parse("credit.toml", text) {
        Ok(r) => match r.body {
            crate::domain::rubric::Body::Credit(c) => Ok(c.objection_days),
            _ => panic!("not a credit rubric"),
        },
        Err(ds) => Err(ds.iter().map(|d| d.message.clone()).collect::<Vec<_>>()),
    };
    assert_eq!(days(&shipped_text), Ok(15));
    let line = "objection_days = 15       # assumption — for the bureau to confirm\n";
    assert!(shipped_text.contains(line));
    assert_eq!(days(&shipped_text.replace(line, "")), Ok(0));
    let long = days(&shipped_text.replace(line, "objection_days = 400\n")).unwrap_err();
    assert!(
        long.iter().any(|m| m.contains("`objection_days` = 400")),
        "{long:?}"
    );
}

#[test]
fn a_project_renewal_is_the_stricter_of_its_company_grade_and_its_own_quality() {
    // By the shipped rubric's rows: AA → 优先续签, C → 不得续签，依法清出市场; a project graded
    // 不合格 → 整改后续签, which the use rows list after 优先续签 and before 不得续签.
    use crate::domain::rubric::credit::project_renewal;
    let r = shipped("credit.toml");
    let crate::domain::rubric::Body::Credit(spec) = &r.body else {
        panic!("not a credit rubric")
    };
    let rec = |g: &str, q: Option<&str>| project_renewal(spec, g, q).map(|p| p.recommendation);
    assert_eq!(rec("AA", Some("不合格")).as_deref(), Some("整改后续签"));
    assert_eq!(rec("AA", Some("良好")).as_deref(), Some("优先续签"));
    assert_eq!(
        rec("C", Some("优秀")).as_deref(),
        Some("不得续签，依法清出市场")
    );
    assert_eq!(
        rec("C", Some("不合格")).as_deref(),
        Some("不得续签，依法清出市场")
    );
    let unrated = project_renewal(spec, "AAA", None).unwrap();
    assert_eq!(unrated.recommendation, "优先续签");
    assert!(unrated.reason.contains("无质量评价"), "{}", unrated.reason);
    let why = project_renewal(spec, "AA", Some("不合格")).unwrap().reason;
    assert_eq!(
        why,
        "企业信用等级 AA：优先续签；项目质量 不合格：整改后续签；取较严者 整改后续签"
    );
    assert_eq!(rec("未评级", None), None);
}

#[test]
fn a_project_renewal_row_must_name_a_use_rows_renewal_text() {
    let text = std::fs::read_to_string(format!(
        "{}/rubrics/credit.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let bad = text.replace(
        "renewal = \"整改后续签\"  # assumption",
        "renewal = \"暂缓续签\"  # assumption",
    );
    assert_ne!(bad, text);
    let problems: Vec<String> = match crate::domain::rubric::parse("credit.toml", &bad) {
        Ok(_) => Vec::new(),
        Err(ds) => ds.iter().map(|d| d.message.clone()).collect(),
    };
    assert!(
        problems
            .iter()
            .any(|m| m.contains("\"暂缓续签\" is none of")),
        "{problems:?}"
    );
}
