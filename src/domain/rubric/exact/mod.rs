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

mod decimal;
mod int;
mod ops;

use rust_decimal::Decimal;

use int::{div, gcd};

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
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
