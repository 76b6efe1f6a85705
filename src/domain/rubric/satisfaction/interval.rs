//! The satisfaction index's confidence interval: Student's t with n − 1 degrees of freedom and,
//! when the households are known, the finite-population correction.

use rust_decimal::Decimal;

use super::stats::{t_quantile, two_sided_p};
use crate::domain::stats::{StatsError, count, finite};

/// The index's confidence interval as computed, unrounded, with the figures it comes from:
///
/// x̄ ± t₁₋α/₂,ₙ₋₁ · s/√n · √(1 − n/N)
///
/// with s the sample standard deviation of the respondents' scores (n − 1 in the denominator)
/// and N the households. The correction √(1 − n/N) is the one the sample size already applies
/// (Cochran, *Sampling Techniques*, 1977, ch. 2): respondents are drawn without replacement from
/// a finite estate, so when a fifth of the households answer the interval is √0.8 as wide as
/// the uncorrected one, and when every household answered (n = N) it has zero width. Without N
/// the factor is 1. Below two responses there is no interval and `missing` says why. Bounds are
/// not clipped to 0–100, so they reproduce the textbook formula exactly. Published as
/// [`super::IndexInterval`], each figure at the rubric's declared places.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Confidence level, the sample rule's (e.g. 0.95).
    pub confidence: Decimal,
    /// Valid respondents (n).
    pub n: u32,
    /// Households (N), when known.
    pub population: Option<u32>,
    /// Sample standard deviation of the respondents' scores (None below 2 respondents).
    pub std_dev: Option<f64>,
    /// Finite-population correction √(1 − n/N) (None when N is unknown or 0).
    pub fpc: Option<f64>,
    /// The interval; exactly one of `bounds` and `missing` is set.
    pub bounds: Option<EstimateBounds>,
    /// Why there is no interval.
    pub missing: Option<NoInterval>,
}

/// The interval's bounds and the quantities between the data and them, unrounded.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateBounds {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Centre: the mean of the respondents' scores.
    pub mean: f64,
    /// Degrees of freedom, n − 1.
    pub df: u32,
    /// The t quantile t₁₋α/₂,ₙ₋₁.
    pub t: f64,
    /// Standard error s/√n, times the correction when N is known.
    pub standard_error: f64,
}

crate::domain::labelled::labelled_enum!(
    /// Why the index has no interval; written `{code, label}` like every enumeration.
    NoInterval, "无置信区间的原因" {
        /// Nothing to estimate.
        NoResponses = ("no_responses", "没有有效问卷，不计算置信区间"),
        /// One answer has no spread: n − 1 = 0 degrees of freedom.
        SingleResponse = ("single_response", "只有 1 份有效问卷，无法估计标准差，不计算置信区间"),
    }
);

/// The interval of the mean of `scores` at `confidence`; `population` (N) applies the
/// finite-population correction. A non-finite score, a confidence outside (0, 1) or more
/// scores than households is an error.
pub fn mean_interval(
    scores: &[f64],
    confidence: Decimal,
    population: Option<u32>,
) -> Result<Estimate, StatsError> {
    let n = count("有效问卷", scores.len())?;
    for s in scores {
        finite("受访户得分", *s)?;
    }
    let nf = f64::from(n.max(1));
    let mean = scores.iter().sum::<f64>() / nf;
    let ss: f64 = scores.iter().map(|x| (x - mean).powi(2)).sum();
    summary_interval(Summary { n, mean, ss }, confidence, population)
}

/// What the interval needs of the scores: their count, mean and sum of squared deviations
/// (from sufficient statistics, the survey's aggregates give these without the scores).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Respondents.
    pub n: u32,
    /// Mean score (ignored when n = 0).
    pub mean: f64,
    /// Σ(x − x̄)².
    pub ss: f64,
}

/// [`mean_interval`] from a [`Summary`].
pub fn summary_interval(
    summary: Summary,
    confidence: Decimal,
    population: Option<u32>,
) -> Result<Estimate, StatsError> {
    let Summary { n, mean, ss } = summary;
    if let Some(big_n) = population.filter(|big_n| n > *big_n) {
        return Err(StatsError::SampleExceedsPopulation {
            n,
            population: big_n,
        });
    }
    let p = two_sided_p(confidence)?;
    let fpc = population
        .filter(|big_n| *big_n > 0)
        .map(|big_n| (f64::from(big_n - n) / f64::from(big_n)).sqrt());
    let mut out = Estimate {
        confidence,
        n,
        population,
        std_dev: None,
        fpc,
        bounds: None,
        missing: None,
    };
    if n < 2 {
        out.missing = Some(if n == 0 {
            NoInterval::NoResponses
        } else {
            NoInterval::SingleResponse
        });
        return Ok(out);
    }
    let nf = f64::from(n);
    let mean = finite("平均分", mean)?;
    // Rounding in Σx² − (Σx)²/n can leave a tiny negative for identical scores.
    let s = finite("标准差", (ss.max(0.0) / (nf - 1.0)).sqrt())?;
    let df = n - 1;
    let t = t_quantile(p, df)?;
    let standard_error = finite("标准误", s / nf.sqrt() * fpc.unwrap_or(1.0))?;
    let half = finite("区间半宽", t * standard_error)?;
    out.std_dev = Some(s);
    out.bounds = Some(EstimateBounds {
        lower: mean - half,
        upper: mean + half,
        mean,
        df,
        t,
        standard_error,
    });
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn close(got: f64, want: f64) {
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{got} vs {want}"
        );
    }

    /// Expected values: scipy 1.17.1 / numpy 2.4.6 with
    /// `x = [80, 57, 92, 68.5, 75, 100, 44]`, `m = numpy.mean(x)`,
    /// `s = numpy.std(x, ddof=1)`, `t = scipy.stats.t.ppf(0.975, 6)`,
    /// bounds `m ∓ t * s / sqrt(7)`, the same as
    /// `scipy.stats.t.interval(0.95, 6, loc=m, scale=scipy.stats.sem(x))`.
    #[test]
    fn small_sample_without_households_matches_scipy() {
        let x = [80.0, 57.0, 92.0, 68.5, 75.0, 100.0, 44.0];
        let i = mean_interval(&x, dec!(0.95), None).unwrap();
        assert_eq!((i.n, i.population, i.fpc, i.missing), (7, None, None, None));
        close(i.std_dev.unwrap(), 19.390_412_456_626_475);
        let b = i.bounds.unwrap();
        assert_eq!(b.df, 6);
        close(b.mean, 73.785_714_285_714_29);
        close(b.t, 2.446_911_851_144_978_6);
        close(b.standard_error, 7.328_887_025_600_38);
        close(b.lower, 55.852_573_767_070_05);
        close(b.upper, 91.718_854_804_358_53);
    }

    /// 50 respondents' scores; `rubric/tests/surveys.rs` builds questionnaires that score these.
    const FIFTY: [f64; 50] = [
        88.0, 84.0, 74.0, 60.0, 80.0, 70.0, 76.0, 73.0, 73.0, 64.0, 59.0, 79.0, 92.0, 79.0, 75.0,
        79.0, 86.0, 76.0, 66.0, 69.0, 88.0, 68.0, 76.0, 70.0, 74.0, 72.0, 74.0, 72.0, 69.0, 59.0,
        72.0, 75.0, 74.0, 73.0, 68.0, 72.0, 79.0, 62.0, 77.0, 77.0, 88.0, 66.0, 63.0, 74.0, 75.0,
        74.0, 72.0, 73.0, 72.0, 67.0,
    ];

    /// A fifth of 250 households answered. Expected values: scipy 1.17.1 / numpy 2.4.6 with
    /// `m = numpy.mean(FIFTY)`, `s = numpy.std(FIFTY, ddof=1)`,
    /// `t = scipy.stats.t.ppf(0.975, 49)`, `fpc = numpy.sqrt(1 - 50/250)`,
    /// bounds `m ∓ t * s / sqrt(50) * fpc`. (The old z interval without the correction was
    /// 71.488–75.592; the uncorrected t interval is 71.436–75.644.)
    #[test]
    fn a_fifth_of_households_narrows_the_interval_by_the_correction() {
        let i = mean_interval(&FIFTY, dec!(0.95), Some(250)).unwrap();
        assert_eq!((i.n, i.population), (50, Some(250)));
        close(i.fpc.unwrap(), 0.894_427_190_999_915_9);
        close(i.std_dev.unwrap(), 7.401_626_958_490_482);
        let b = i.bounds.unwrap();
        assert_eq!(b.df, 49);
        close(b.mean, 73.54);
        close(b.t, 2.009_575_237_129_239_2);
        close(b.standard_error, 0.936_239_983_189_379_2);
        close(b.lower, 71.658_555_313_772_34);
        close(b.upper, 75.421_444_686_227_67);
        let uncorrected = mean_interval(&FIFTY, dec!(0.95), None).unwrap();
        let u = uncorrected.bounds.unwrap();
        close(u.lower, 71.436_480_892_844_59);
        close(u.upper, 75.643_519_107_155_43);
    }

    #[test]
    fn every_household_answering_leaves_no_sampling_error() {
        let i = mean_interval(&FIFTY, dec!(0.95), Some(50)).unwrap();
        assert_eq!(i.fpc, Some(0.0));
        let b = i.bounds.unwrap();
        assert_eq!((b.lower, b.upper, b.standard_error), (b.mean, b.mean, 0.0));
    }

    #[test]
    fn no_interval_below_two_responses_and_it_says_why() {
        let none = mean_interval(&[], dec!(0.95), Some(100)).unwrap();
        assert_eq!(none.missing, Some(NoInterval::NoResponses));
        assert_eq!(
            (&none.bounds, none.std_dev, none.fpc),
            (&None, None, Some(1.0))
        );
        let one = mean_interval(&[80.0], dec!(0.95), None).unwrap();
        assert_eq!(one.missing, Some(NoInterval::SingleResponse));
        assert_eq!((&one.bounds, one.std_dev), (&None, None));
        let json = serde_json::to_value(one.missing).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "single_response", "label": NoInterval::SingleResponse.label()})
        );
        // One household of one: still no spread to estimate, and nothing divides by zero.
        let census_of_one = mean_interval(&[80.0], dec!(0.95), Some(1)).unwrap();
        assert_eq!(census_of_one.fpc, Some(0.0));
        assert_eq!(census_of_one.missing, Some(NoInterval::SingleResponse));
        let empty_estate = mean_interval(&[], dec!(0.95), Some(0)).unwrap();
        assert_eq!(empty_estate.fpc, None);
    }

    #[test]
    fn identical_scores_give_a_zero_width_interval() {
        let i = mean_interval(&[80.0, 80.0, 80.0], dec!(0.95), None).unwrap();
        let b = i.bounds.unwrap();
        assert_eq!((i.std_dev, b.lower, b.upper), (Some(0.0), 80.0, 80.0));
    }

    #[test]
    fn bad_inputs_are_errors_not_numbers() {
        assert!(matches!(
            mean_interval(&[80.0, f64::NAN], dec!(0.95), None),
            Err(StatsError::NonFinite { .. })
        ));
        assert_eq!(
            mean_interval(&[80.0, 60.0, 70.0], dec!(0.95), Some(2)),
            Err(StatsError::SampleExceedsPopulation {
                n: 3,
                population: 2
            })
        );
        assert_eq!(
            mean_interval(&[80.0, 60.0], dec!(1), None),
            Err(StatsError::Confidence(dec!(1)))
        );
    }
}
