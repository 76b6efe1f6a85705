use jiff::civil::date;

use super::d;
use crate::domain::rubric::credit::{ConductRecord, CreditInputs, ProjectQuality};
use crate::domain::rubric::{
    Body, Invalidity, Rubric, SurveyResponse, check_validity, credit_score, parse,
};

fn shipped(name: &str) -> Rubric {
    let path = format!("{}/rubrics/{name}", env!("CARGO_MANIFEST_DIR"));
    parse(name, &std::fs::read_to_string(path).unwrap()).unwrap()
}

fn response(answers: &[(&str, &str)], seconds: u32) -> SurveyResponse {
    SurveyResponse {
        answers: answers
            .iter()
            .map(|(q, a)| (q.to_string(), a.to_string()))
            .collect(),
        seconds,
    }
}

const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];

#[test]
fn validity_rules() {
    let r = shipped("satisfaction.toml");
    let Body::Satisfaction(spec) = r.body() else {
        panic!("kind")
    };
    let mixed: Vec<(&str, &str)> = QS
        .iter()
        .enumerate()
        .map(|(i, q)| (*q, if i % 2 == 0 { "满意" } else { "一般" }))
        .collect();
    assert_eq!(check_validity(spec, &response(&mixed, 120)), Ok(()));
    assert!(matches!(
        check_validity(spec, &response(&mixed, 59)),
        Err(Invalidity::TooFast { .. })
    ));
    // 2 of 10 blank is exactly 20%: still valid; 3 blank is not.
    assert_eq!(check_validity(spec, &response(&mixed[..8], 120)), Ok(()));
    assert!(matches!(
        check_validity(spec, &response(&mixed[..7], 120)),
        Err(Invalidity::TooManyUnanswered {
            unanswered: 3,
            questions: 10
        })
    ));
    let same: Vec<(&str, &str)> = QS.iter().map(|q| (*q, "非常满意")).collect();
    assert!(matches!(
        check_validity(spec, &response(&same, 120)),
        Err(Invalidity::StraightLined { .. })
    ));
    assert!(matches!(
        check_validity(spec, &response(&[("Z9", "满意")], 120)),
        Err(Invalidity::UnknownQuestion { .. })
    ));
    assert!(matches!(
        check_validity(spec, &response(&[("A1", "还行")], 120)),
        Err(Invalidity::UnknownAnswer { .. })
    ));
}

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
