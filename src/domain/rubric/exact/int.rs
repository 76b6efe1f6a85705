//! Integer helpers of the fraction arithmetic, in 64 bits whenever both operands fit.

/// Greatest common divisor (binary, in 64 bits when both fit: 128-bit division is a slow
/// software routine, and scores' numbers are small).
pub(super) fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(gcd64(a, b)),
        _ => i128::try_from(gcd128(a, b)).unwrap_or(1),
    }
}

/// Stein's binary gcd in one unsigned width (the same steps for 64 and 128 bits).
macro_rules! binary_gcd {
    ($name:ident, $t:ty) => {
        fn $name(mut a: $t, mut b: $t) -> $t {
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
    };
}

binary_gcd!(gcd64, u64);
binary_gcd!(gcd128, u128);

/// `a / b` (b ≠ 0), in 64 bits when both fit.
pub(super) fn div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(a / b),
        _ => a / b,
    }
}
