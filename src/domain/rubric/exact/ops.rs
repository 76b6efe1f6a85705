//! Arithmetic and order on fractions: exact while the parts fit, and a decimal step only
//! where they would not.

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Sub};

use rust_decimal::Decimal;

use super::Frac;
use super::int::{div, gcd};

impl Frac {
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
