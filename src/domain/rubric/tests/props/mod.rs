//! Properties: scores stay within their declared bounds, sums are exact, ranks are consistent,
//! and whatever terminates within a decimal's places comes out exact.
//!
//! - [`bounds`] — each method's score stays in `0..=max`; combination and ranks agree with
//!   their inputs;
//! - [`exact`] — thresholds, re-normalisation, weights and fractions are exact whenever the
//!   true value terminates;
//! - [`traces`] — a random rubric's trace sums to its total, step by step;
//! - [`shipped`] — the same for the shipped unit-assessment rubric with random inputs.

mod bounds;
mod exact;
mod shipped;
mod traces;

use proptest::prelude::*;
use rust_decimal::Decimal;

/// The oracle of the exactness properties: `n / d` by one decimal division, and whether that
/// quotient is exact — checked in integers (q × d = n), since a decimal product would round.
fn one_division(n: Decimal, d: Decimal) -> (Decimal, bool) {
    let q = n / d;
    let exact = (|| {
        let lhs = q
            .mantissa()
            .checked_mul(d.mantissa())?
            .checked_mul(10i128.checked_pow(n.scale())?)?;
        let rhs = n
            .mantissa()
            .checked_mul(10i128.checked_pow(q.scale() + d.scale())?)?;
        Some(lhs == rhs)
    })();
    (q, exact == Some(true))
}

/// `got` is `want` exactly when `exact`, else within the last places of a decimal.
fn check_exact(got: Decimal, want: Decimal, exact: bool) -> Result<(), TestCaseError> {
    if exact {
        prop_assert_eq!(got, want);
    } else {
        prop_assert!(
            (got - want).abs() < Decimal::new(1, 24),
            "{} vs {}",
            got,
            want
        );
    }
    Ok(())
}

/// Hundredths from 0 to `max` / 100.
fn hundredths(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|n| Decimal::new(n, 2))
}
