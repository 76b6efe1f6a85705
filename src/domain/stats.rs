//! Guards shared by the statistics (the satisfaction index's interval, reviewer reliability).
//!
//! Statistics may run in `f64` (DESIGN: points are exact, statistics need not be), but a
//! figure that cannot be carried into `f64`, or a result that is not finite, is an error here:
//! a silent 0 or a dropped value would publish a wrong figure that looks right.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Why a statistic could not be computed from its inputs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// A decimal with no value in the type the statistic needs (`f64`, a count).
    #[error("{what} 的值 {value} 超出可表示的范围 (decimal cannot be represented)")]
    NotRepresentable {
        /// Which figure it was.
        what: &'static str,
        /// The decimal.
        value: Decimal,
    },
    /// An input or result that is NaN or infinite.
    #[error("{what} 不是有限数：{value} (non-finite value)")]
    NonFinite {
        /// Which figure it was.
        what: &'static str,
        /// The value (NaN or ±∞).
        value: f64,
    },
    /// Decimal arithmetic that overflowed or divided by zero.
    #[error("计算 {what} 时溢出 (decimal overflow)")]
    Overflow {
        /// Which figure it was.
        what: &'static str,
    },
    /// A count too large for the figure that carries it.
    #[error("{what} 的个数 {count} 超出范围 (count out of range)")]
    CountOutOfRange {
        /// Which count it was.
        what: &'static str,
        /// The count.
        count: usize,
    },
    /// More respondents than households: the population is wrong, and √(1 − n/N) undefined.
    #[error("有效问卷 {n} 份，多于住户数 {population} (more valid responses than households)")]
    SampleExceedsPopulation {
        /// Valid responses.
        n: u32,
        /// Households.
        population: u32,
    },
    /// A matrix whose rows differ in length.
    #[error("{what} 的各行长度不一 (ragged matrix)")]
    Ragged {
        /// Which matrix it was.
        what: &'static str,
    },
    /// A confidence level outside (0, 1).
    #[error("置信水平 {0} 须大于 0 且小于 1 (confidence level outside (0, 1))")]
    Confidence(Decimal),
}

/// `value` as `f64`, or [`StatsError::NotRepresentable`] naming `what`.
pub fn to_f64(what: &'static str, value: Decimal) -> Result<f64, StatsError> {
    value
        .to_f64()
        .filter(|v| v.is_finite())
        .ok_or(StatsError::NotRepresentable { what, value })
}

/// `value` when finite, else [`StatsError::NonFinite`] naming `what`.
pub fn finite(what: &'static str, value: f64) -> Result<f64, StatsError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(StatsError::NonFinite { what, value })
    }
}

/// `count` as `u32`, or [`StatsError::CountOutOfRange`] naming `what`.
pub fn count(what: &'static str, count: usize) -> Result<u32, StatsError> {
    u32::try_from(count).map_err(|_| StatsError::CountOutOfRange { what, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn conversions_fail_loudly() {
        assert_eq!(to_f64("x", dec!(0.95)), Ok(0.95));
        assert_eq!(finite("x", 1.5), Ok(1.5));
        assert!(matches!(
            finite("x", f64::NAN),
            Err(StatsError::NonFinite { what: "x", .. })
        ));
        assert!(finite("x", f64::INFINITY).is_err());
        assert_eq!(count("n", 3), Ok(3));
    }
}
