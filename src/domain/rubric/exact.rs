//! Exact fractions for the scoring arithmetic.
//!
//! A decimal cannot hold 1/3, so dividing early loses the exact answer: `6 × (1/3)` as decimals
//! is 1.9999999999999999999999999998, where the true score is 2. The engine therefore carries
//! every value as a fraction `num/den` of integers, multiplies before it divides, and turns
//! the fraction into a decimal only at the rubric's rounding stage ([`Frac::round`]) or for
//! a figure in the trace. Whatever terminates within a decimal's 28 places comes out exact.
//!
//! Both parts stay within a decimal's 96-bit mantissa, so conversions never fail and the
//! long division in [`Frac::round`] cannot overflow. An operation whose exact result would
//! not fit (only possible with inputs already carrying 28 digits, e.g. a rate of 2/3 typed
//! as 0.6666666666666666666666666667) falls back to decimal arithmetic for that step, which
//! is as good as the input.

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Sub};

use rust_decimal::{Decimal, RoundingStrategy};

use super::model::RoundingMode;

/// Largest numerator or denominator kept: a decimal's mantissa, 2⁹⁶ − 1.
const LIMIT: i128 = 79_228_162_514_264_337_593_543_950_335;

/// Largest denominator [`Frac::recovered`] looks for (counts in a county ledger are far
/// smaller).
const MAX_RECOVERED_DENOMINATOR: i128 = 1_000_000_000;

/// An exact fraction; the denominator is positive and the fraction reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frac {
    num: i128,
    den: i128,
}

/// Greatest common divisor (binary, in 64 bits when both fit: 128-bit division is a slow
/// software routine, and scores' numbers are small).
fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(gcd64(a, b)),
        _ => i128::try_from(gcd128(a, b)).unwrap_or(1),
    }
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            (a, b) = (b, a);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

fn gcd128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            (a, b) = (b, a);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `a / b` (b ≠ 0), in 64 bits when both fit.
fn div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(a / b),
        _ => a / b,
    }
}

impl Frac {
    /// 0.
    pub const ZERO: Frac = Frac { num: 0, den: 1 };
    /// 1.
    pub const ONE: Frac = Frac { num: 1, den: 1 };

    /// `num / den` of integers within the limit, reduced; `None` when out of range or `den` is 0.
    fn checked(num: i128, den: i128) -> Option<Frac> {
        if den == 0 {
            return None;
        }
        if den == 1 {
            return (num.abs() <= LIMIT).then_some(Frac { num, den });
        }
        let g = gcd(num, den).max(1);
        let (mut num, mut den) = (div(num, g), div(den, g));
        if den < 0 {
            (num, den) = (num.checked_neg()?, den.checked_neg()?);
        }
        (num.abs() <= LIMIT && den <= LIMIT).then_some(Frac { num, den })
    }

    /// The exact quotient `a / b` (0 when `b` is 0: callers never divide by zero, and a
    /// score must not panic).
    pub fn ratio(a: Decimal, b: Decimal) -> Frac {
        Frac::from(a) / Frac::from(b)
    }

    /// The fraction a long decimal quotient stands for: a value carrying 20 or more decimal
    /// places (nobody types those; they come from a division upstream, e.g. a ledger rate of
    /// 2 of 3 handed over as 0.6666666666666666666666666667) is taken as the fraction with
    /// the smallest denominator, at most 10⁹, that rounds to it; any other value is exact as
    /// it is. Two such fractions differ by at least 10⁻¹⁸, far more than the half unit in the
    /// 20th place the search allows, so the fraction is unique (Legendre: it is a convergent
    /// of the decimal's continued fraction).
    pub fn recovered(d: Decimal) -> Frac {
        let exact = Frac::from(d);
        if d.scale() < 20 {
            return exact;
        }
        Frac::convergent_within(
            d.mantissa(),
            10i128.pow(d.scale()),
            MAX_RECOVERED_DENOMINATOR,
        )
        .unwrap_or(exact)
    }

    /// The first convergent p/q of m/den (den a power of ten) with q ≤ `max_q` and
    /// |m/den − p/q| ≤ 1/(2·den).
    fn convergent_within(m: i128, den: i128, max_q: i128) -> Option<Frac> {
        let (mut a, mut b) = (m, den);
        let (mut p0, mut q0, mut p1, mut q1) = (0i128, 1i128, 1i128, 0i128);
        while b != 0 {
            let t = a.div_euclid(b);
            (a, b) = (b, a.rem_euclid(b));
            (p0, p1) = (p1, t.checked_mul(p1)?.checked_add(p0)?);
            (q0, q1) = (q1, t.checked_mul(q1)?.checked_add(q0)?);
            if q1 > max_q {
                return None;
            }
            let gap = m.checked_mul(q1)?.checked_sub(p1.checked_mul(den)?)?;
            if gap.checked_mul(2)?.abs() <= q1 {
                return Frac::checked(p1, q1);
            }
        }
        None
    }

    /// Numerator of the reduced fraction.
    pub fn numer(self) -> i128 {
        self.num
    }

    /// Denominator of the reduced fraction (positive).
    pub fn denom(self) -> i128 {
        self.den
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// The smaller of two values.
    pub fn min(self, other: Frac) -> Frac {
        if other < self { other } else { self }
    }

    /// The larger of two values.
    pub fn max(self, other: Frac) -> Frac {
        if other > self { other } else { self }
    }

    /// Decimal places the value needs, when it terminates within a decimal's 28.
    pub fn places(self) -> Option<u32> {
        let twos = self.den.trailing_zeros();
        // The odd part must be a power of 5. Only 5²⁸ exceeds 64 bits: such a value is
        // reported as not terminating, and `to_decimal` then divides, which is exact for it.
        let mut d = u64::try_from(self.den >> twos).ok()?;
        let mut fives = 0u32;
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        let places = twos.max(fives);
        (d == 1 && places <= 28).then_some(places)
    }

    /// The value as a decimal: exact when it terminates within 28 places and fits, otherwise
    /// the nearest decimal (28 significant digits).
    pub fn to_decimal(self) -> Decimal {
        if let Some(p) = self.places() {
            // den divides 10^p: scale the numerator instead of dividing digit by digit.
            let exact = self
                .num
                .checked_mul(div(10i128.pow(p), self.den))
                .and_then(|m| Decimal::try_from_i128_with_scale(m, p).ok());
            if let Some(d) = exact {
                return d;
            }
        }
        let (n, d) = (
            Decimal::try_from_i128_with_scale(self.num, 0),
            Decimal::try_from_i128_with_scale(self.den, 0),
        );
        match (n, d) {
            (Ok(n), Ok(d)) => n.checked_div(d).map(|q| q.normalize()).unwrap_or_default(),
            _ => Decimal::ZERO,
        }
    }

    /// The value rounded to `places` decimals by `mode`, computed exactly from the fraction
    /// (no double rounding); `None` only when the result does not fit a decimal.
    pub fn round(self, places: u32, mode: RoundingMode) -> Option<Decimal> {
        let (n, d) = (self.num.abs(), self.den);
        let (mut q, mut r) = (n / d, n % d);
        for _ in 0..places {
            // r < d ≤ LIMIT, so 10 r fits an i128 with room to spare.
            let r10 = r * 10;
            q = q.checked_mul(10)?.checked_add(r10 / d)?;
            r = r10 % d;
        }
        let up = match mode {
            RoundingMode::Down => false,
            RoundingMode::HalfUp => 2 * r >= d,
            RoundingMode::HalfEven => 2 * r > d || (2 * r == d && q % 2 == 1),
        };
        if up {
            q = q.checked_add(1)?;
        }
        let signed = if self.num < 0 { -q } else { q };
        Decimal::try_from_i128_with_scale(signed, places).ok()
    }

    /// The value rounded as a [`Frac`]; on the impossible overflow, the decimal rounding of
    /// the nearest decimal.
    pub fn rounded(self, places: u32, mode: RoundingMode) -> Frac {
        match self.round(places, mode) {
            Some(d) => Frac::from(d),
            None => {
                let strategy = match mode {
                    RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
                    RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
                    RoundingMode::Down => RoundingStrategy::ToZero,
                };
                Frac::from(self.to_decimal().round_dp_with_strategy(places, strategy))
            }
        }
    }

    /// Applies `exact` when it fits, otherwise `approx` on the nearest decimals.
    fn or_decimal(
        exact: Option<Frac>,
        a: Frac,
        b: Frac,
        approx: fn(Decimal, Decimal) -> Option<Decimal>,
    ) -> Frac {
        exact.unwrap_or_else(|| {
            Frac::from(approx(a.to_decimal(), b.to_decimal()).unwrap_or_default())
        })
    }
}

impl From<Decimal> for Frac {
    fn from(d: Decimal) -> Frac {
        // A decimal is mantissa / 10^scale with mantissa < 2⁹⁶ and scale ≤ 28: always in range.
        let den = 10i128.pow(d.scale());
        Frac::checked(d.mantissa(), den).unwrap_or(Frac::ZERO)
    }
}

impl From<u32> for Frac {
    fn from(n: u32) -> Frac {
        Frac {
            num: i128::from(n),
            den: 1,
        }
    }
}

impl Add for Frac {
    type Output = Frac;
    fn add(self, o: Frac) -> Frac {
        let exact = (|| {
            if self.den == o.den {
                return Frac::checked(self.num.checked_add(o.num)?, self.den);
            }
            let g = gcd(self.den, o.den);
            let (a, b) = (div(self.den, g), div(o.den, g));
            let num = self
                .num
                .checked_mul(b)?
                .checked_add(o.num.checked_mul(a)?)?;
            Frac::checked(num, a.checked_mul(o.den)?)
        })();
        Frac::or_decimal(exact, self, o, Decimal::checked_add)
    }
}

impl Neg for Frac {
    type Output = Frac;
    fn neg(self) -> Frac {
        Frac {
            num: -self.num,
            den: self.den,
        }
    }
}

impl Sub for Frac {
    type Output = Frac;
    fn sub(self, o: Frac) -> Frac {
        self + -o
    }
}

impl Mul for Frac {
    type Output = Frac;
    fn mul(self, o: Frac) -> Frac {
        let exact = (|| {
            if self.den == 1 && o.den == 1 {
                return Frac::checked(self.num.checked_mul(o.num)?, 1);
            }
            // Cross-reduce first so the products stay small.
            let g1 = gcd(self.num, o.den).max(1);
            let g2 = gcd(o.num, self.den).max(1);
            let num = div(self.num, g1).checked_mul(div(o.num, g2))?;
            let den = div(self.den, g2).checked_mul(div(o.den, g1))?;
            Frac::checked(num, den)
        })();
        Frac::or_decimal(exact, self, o, Decimal::checked_mul)
    }
}

impl Div for Frac {
    type Output = Frac;
    fn div(self, o: Frac) -> Frac {
        if o.num == 0 {
            return Frac::ZERO;
        }
        self * Frac {
            num: o.den * o.num.signum(),
            den: o.num.abs(),
        }
    }
}

impl Mul<Decimal> for Frac {
    type Output = Frac;
    fn mul(self, o: Decimal) -> Frac {
        self * Frac::from(o)
    }
}

impl Ord for Frac {
    /// Exact comparison without overflow: compare whole parts, then the remainders'
    /// reciprocals (Euclid's algorithm), so 2⁹⁶-sized parts never need multiplying.
    fn cmp(&self, o: &Frac) -> Ordering {
        fn floor_div(n: i128, d: i128) -> (i128, i128) {
            let (q, r) = (n.div_euclid(d), n.rem_euclid(d));
            (q, r)
        }
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, o.num, o.den);
        let mut flipped = false;
        loop {
            let (qa, ra) = floor_div(a, b);
            let (qc, rc) = floor_div(c, d);
            let ord = match qa.cmp(&qc) {
                Ordering::Equal => match (ra == 0, rc == 0) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => {
                        // ra/b vs rc/d is the reverse of b/ra vs d/rc.
                        (a, b, c, d) = (b, ra, d, rc);
                        flipped = !flipped;
                        continue;
                    }
                },
                other => other,
            };
            return if flipped { ord.reverse() } else { ord };
        }
    }
}

impl PartialOrd for Frac {
    fn partial_cmp(&self, o: &Frac) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl std::iter::Sum for Frac {
    fn sum<I: Iterator<Item = Frac>>(iter: I) -> Frac {
        iter.fold(Frac::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
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
}
