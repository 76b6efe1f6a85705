//! Tests of [`super`].

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::Frac;
use crate::domain::rubric::model::RoundingMode;
use rust_decimal_macros::dec;

fn f(s: &str) -> Frac {
    Frac::from(s.parse::<Decimal>().unwrap())
}

#[test]
fn multiplying_before_dividing_keeps_terminating_results_exact() {
    let third = Frac::ratio(dec!(0.1), dec!(0.3));
    assert_eq!((third * dec!(1.5)).to_decimal(), dec!(0.5));
    assert_eq!((third * dec!(6)).to_decimal(), dec!(2));
    assert_eq!(
        (f("76.54") * dec!(100) / f("96")).round(2, RoundingMode::HalfUp),
        Some(dec!(79.73))
    );
    assert_eq!(Frac::ratio(dec!(1), dec!(8)).to_decimal(), dec!(0.125));
    assert_eq!(Frac::ratio(dec!(2), dec!(3)).places(), None);
}

#[test]
fn rounding_is_exact_not_double() {
    // Just below a half: a decimal quotient would round it to the half and then up.
    let below_half = f("0.125") - Frac::ratio(dec!(1), dec!(3)) * f("1e-27");
    assert_eq!(below_half.round(2, RoundingMode::HalfUp), Some(dec!(0.12)));
    assert_eq!(f("0.125").round(2, RoundingMode::HalfUp), Some(dec!(0.13)));
    assert_eq!(
        f("0.125").round(2, RoundingMode::HalfEven),
        Some(dec!(0.12))
    );
    assert_eq!(
        f("0.135").round(2, RoundingMode::HalfEven),
        Some(dec!(0.14))
    );
    assert_eq!(f("0.129").round(2, RoundingMode::Down), Some(dec!(0.12)));
    assert_eq!(
        f("-0.125").round(2, RoundingMode::HalfUp),
        Some(dec!(-0.13))
    );
    assert_eq!(
        f("100").round(2, RoundingMode::HalfUp).unwrap().to_string(),
        "100.00"
    );
}

#[test]
fn comparison_is_exact_for_large_parts() {
    let a = Frac::ratio(dec!(2), dec!(3));
    let b = f("0.6666666666666666666666666667");
    assert!(a < b);
    assert!(-a > -b);
    assert_eq!(a.cmp(&Frac::ratio(dec!(4), dec!(6))), Ordering::Equal);
    assert!(f("89.99") < f("90"));
    assert_eq!(a.max(b), b);
}

#[test]
fn long_quotients_are_recovered_typed_values_are_not() {
    let two_thirds = dec!(2) / dec!(3);
    assert_eq!(Frac::recovered(two_thirds), Frac::ratio(dec!(2), dec!(3)));
    let k = dec!(123456) / dec!(999983);
    assert_eq!(Frac::recovered(k), Frac::ratio(dec!(123456), dec!(999983)));
    assert_eq!(Frac::recovered(dec!(0.6667)), f("0.6667"));
    assert_eq!(Frac::recovered(dec!(0.5)), f("0.5"));
    // 28 places that are no small fraction's rounding stay as they are.
    let odd = f("0.1234567890123456789012345678");
    assert_eq!(Frac::recovered(dec!(0.1234567890123456789012345678)), odd);
    // 6 × (2/3 − 1/2)/(1/2) = 2 exactly once the rate is recovered.
    let x = Frac::recovered(two_thirds);
    let s = Frac::from(dec!(6)) * (x - f("0.5")) / f("0.5");
    assert_eq!(s.to_decimal(), dec!(2));
}

#[test]
fn overflow_falls_back_to_decimal_arithmetic() {
    let x = f("0.6666666666666666666666666667");
    let y = f("0.3333333333333333333333333333");
    let p = x * y;
    assert!((p.to_decimal() - dec!(0.2222222222222222222222222222)).abs() < dec!(1e-27));
    assert_eq!((x + y).to_decimal(), dec!(1));
}
