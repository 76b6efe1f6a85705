//! Statistics in `f64` (allowed for intervals and z values, never for points), from statrs.

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::statistics::Statistics;

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

/// Mean and a normal-approximation confidence interval of `values` (None below 2 values).
pub(crate) fn mean_interval(values: &[f64], confidence: f64) -> Option<(f64, f64)> {
    if values.len() < 2 {
        return None;
    }
    let mean = values.mean();
    let variance = values.variance(); // sample variance (n − 1)
    let z = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
    let half = z * (variance / values.len() as f64).sqrt();
    Some((mean - half, mean + half))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.95) - 1.644_854).abs() < 1e-6);
        assert!((normal_quantile(0.995) - 2.575_829).abs() < 1e-6);
        assert!((normal_quantile(0.5)).abs() < 1e-9);
    }

    #[test]
    fn interval_is_symmetric_around_the_mean() {
        let (lo, hi) = mean_interval(&[60.0, 80.0, 100.0, 80.0], 0.95).unwrap();
        assert!(((lo + hi) / 2.0 - 80.0).abs() < 1e-9);
        // s = 16.33, n = 4 → half-width 1.96 × 8.165 = 16.0
        assert!((hi - 80.0 - 16.003).abs() < 1e-2, "{hi}");
    }
}
