//! Between fractions and decimals: the decimal a fraction is (exactly when it terminates),
//! and rounding computed from the fraction itself, so nothing is rounded twice.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Frac;
use super::int::div;
use crate::domain::rubric::model::RoundingMode;

impl Frac {
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
