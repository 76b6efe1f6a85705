//! Quantiles in `f64` (allowed for intervals and z values, never for points), from statrs.

use rust_decimal::Decimal;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::domain::stats::{StatsError, finite, to_f64};

/// Inverse of the standard normal CDF (the z value for a two-sided confidence level uses
/// `p = 1 − (1 − confidence)/2`). Outside (0, 1) it gives ±∞.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    Normal::standard().inverse_cdf(p)
}

/// Inverse of the CDF of Student's t with `df` degrees of freedom, for `p` in (0, 1) and
/// `df ≥ 1` (statrs `StudentsT`); anything else, or a non-finite result, is an error.
pub fn t_quantile(p: f64, df: u32) -> Result<f64, StatsError> {
    let p = finite("t 分布的概率 p", p)?;
    if df == 0 || p <= 0.0 || p >= 1.0 {
        return Err(StatsError::NonFinite {
            what: "t 分位数",
            value: f64::NAN,
        });
    }
    let t = StudentsT::new(0.0, 1.0, f64::from(df)).map_err(|_| StatsError::NonFinite {
        what: "t 分布的自由度",
        value: f64::from(df),
    })?;
    finite("t 分位数", t.inverse_cdf(p))
}

/// The upper quantile `1 − (1 − confidence)/2` a two-sided interval at `confidence` needs,
/// with the confidence level checked to lie in (0, 1).
pub fn two_sided_p(confidence: Decimal) -> Result<f64, StatsError> {
    if confidence <= Decimal::ZERO || confidence >= Decimal::ONE {
        return Err(StatsError::Confidence(confidence));
    }
    Ok(1.0 - (1.0 - to_f64("置信水平", confidence)?) / 2.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn quantiles_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.95) - 1.644_854).abs() < 1e-6);
        assert!((normal_quantile(0.995) - 2.575_829).abs() < 1e-6);
        assert!((normal_quantile(0.5)).abs() < 1e-9);
    }

    /// Expected values: scipy 1.17.1, `scipy.stats.t.ppf(0.975, df)` for df = 1, 6, 49 and
    /// `scipy.stats.t.ppf(0.995, 9)`.
    #[test]
    fn t_quantiles_match_scipy() {
        for (p, df, want) in [
            (0.975, 1, 12.706_204_736_174_694),
            (0.975, 6, 2.446_911_851_144_978_6),
            (0.975, 49, 2.009_575_237_129_239_2),
            (0.995, 9, 3.249_835_541_592_126),
        ] {
            let got = t_quantile(p, df).unwrap();
            assert!((got - want).abs() < 1e-9 * want, "df {df}: {got} vs {want}");
        }
    }

    #[test]
    fn t_quantile_refuses_what_has_no_answer() {
        assert!(t_quantile(0.975, 0).is_err());
        assert!(t_quantile(1.0, 5).is_err());
        assert!(t_quantile(f64::NAN, 5).is_err());
    }

    #[test]
    fn confidence_must_lie_strictly_between_0_and_1() {
        assert!((two_sided_p(dec!(0.95)).unwrap() - 0.975).abs() < 1e-15);
        assert_eq!(two_sided_p(dec!(1)), Err(StatsError::Confidence(dec!(1))));
        assert!(two_sided_p(dec!(0)).is_err());
    }
}
