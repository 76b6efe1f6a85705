use jiff::civil::{Date, date};
use rust_decimal_macros::dec;

use super::*;
use crate::domain::rubric::{Body, parse};

/// The shipped `rubrics/credit.toml`'s spec.
fn spec() -> CreditSpec {
    let path = format!("{}/rubrics/credit.toml", env!("CARGO_MANIFEST_DIR"));
    match parse("credit.toml", &std::fs::read_to_string(path).unwrap())
        .unwrap()
        .body
    {
        Body::Credit(c) => c,
        _ => panic!("credit.toml is not a credit rubric"),
    }
}

const TODAY: Date = date(2023, 12, 31);

fn fields<'a>(kind: &'a str, on: &'a str) -> ConductFields<'a> {
    ConductFields {
        kind,
        recorded_on: on,
        reference: "濉住建〔2023〕7号",
        issuer: "濉溪县住房和城乡建设局",
        ..Default::default()
    }
}

fn first_field(f: &ConductFields<'_>) -> String {
    ConductEntry::parse(f, &spec(), TODAY).unwrap_err()[0]
        .field
        .clone()
}

#[test]
fn a_record_takes_its_kinds_points_and_twelve_month_window() {
    let e = ConductEntry::parse(&fields("moderate", "2023-03-01"), &spec(), TODAY).unwrap();
    // credit.toml: moderate = bad, 6 points ([SHANGHAI-SCORING]); 12 months ([YANTAI-2022-13]):
    // [2023-03-01, 2024-03-01) → last day 2024-02-29 (a leap year).
    assert_eq!(e.signed_points(), dec!(-6));
    assert_eq!(e.valid_until, date(2024, 2, 29));
    let good = ConductEntry::parse(&fields("award-county", "2023/5/6"), &spec(), TODAY).unwrap();
    assert_eq!(
        (good.signed_points(), good.recorded_on),
        (dec!(3), date(2023, 5, 6))
    );
}

#[test]
fn points_may_be_typed_only_as_the_kinds() {
    let mut f = fields("moderate", "2023-03-01");
    f.points = Some("6");
    assert!(ConductEntry::parse(&f, &spec(), TODAY).is_ok());
    f.points = Some("-6");
    assert!(ConductEntry::parse(&f, &spec(), TODAY).is_ok());
    f.points = Some("5");
    assert_eq!(first_field(&f), "points");
}

#[test]
fn points_with_more_places_than_allowed_are_refused_not_rounded() {
    let mut f = fields("moderate", "2023-03-01");
    f.points = Some("6.000");
    assert!(ConductEntry::parse(&f, &spec(), TODAY).is_ok());
    // rust_decimal would read this as 6 and the record would be accepted.
    f.points = Some("6.0000000000000000000000000001");
    let e = ConductEntry::parse(&f, &spec(), TODAY).unwrap_err();
    assert_eq!(e[0].field, "points");
    assert!(e[0].message.contains("位小数"), "{}", e[0].message);
}

#[test]
fn each_broken_rule_names_its_field() {
    assert_eq!(first_field(&fields("nope", "2023-03-01")), "kind");
    assert_eq!(first_field(&fields("minor", "2024-01-01")), "recorded_on"); // after today
    assert_eq!(first_field(&fields("minor", "2023-02-30")), "recorded_on");
    let mut f = fields("minor", "2023-03-01");
    f.reference = " ";
    assert_eq!(first_field(&f), "reference");
    let mut f = fields("minor", "2023-03-01");
    f.valid_until = Some("2023-02-28");
    assert_eq!(first_field(&f), "valid_until");
    let mut f = fields("award-city", "2023-03-01");
    f.rectify_by = Some("2023-04-01");
    assert_eq!(first_field(&f), "rectify_by"); // good conduct has nothing to rectify
    let mut f = fields("minor", "2023-03-01");
    f.rectify_by = Some("2023-02-01");
    assert_eq!(first_field(&f), "rectify_by");
    f.rectify_by = Some("2023-04-01");
    f.valid_until = Some("2023-09-30");
    let e = ConductEntry::parse(&f, &spec(), TODAY).unwrap();
    assert_eq!(
        (e.valid_until, e.rectify_by),
        (date(2023, 9, 30), Some(date(2023, 4, 1)))
    );
}

/// `moderate` is 一般失信 in `credit.toml`: published 12 months at most ([NDRC-REPAIR-2023]), so a
/// record of 2023-04-01 may count until 2024-03-31 and no later.
#[test]
fn a_record_never_counts_beyond_its_maximum_publicity_period() {
    let mut f = fields("moderate", "2023-04-01");
    f.valid_until = Some("2024-03-31");
    let e = ConductEntry::parse(&f, &spec(), TODAY).unwrap();
    assert_eq!(e.valid_until, date(2024, 3, 31));
    f.valid_until = Some("2024-04-01");
    let errors = ConductEntry::parse(&f, &spec(), TODAY).unwrap_err();
    assert_eq!(errors[0].field, "valid_until");
    assert!(
        errors[0].message.contains("最晚 2024-03-31"),
        "{}",
        errors[0].message
    );
}
