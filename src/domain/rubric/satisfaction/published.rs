//! The index's interval as published: every figure of an [`Estimate`] rounded once to the
//! places the rubric declares (`[statistics]`) and written as a decimal string with all of
//! them, through [`StatFormat::show`]. The arithmetic behind them stays unrounded.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::interval::{Estimate, NoInterval};
use crate::domain::rubric::statistic::{Stat, StatFormat};
use crate::domain::stats::StatsError;

/// The index's confidence interval, x̄ ± t₁₋α/₂,ₙ₋₁ · s/√n · √(1 − n/N): Student's t with
/// n − 1 degrees of freedom and, when the households N are known, the finite-population
/// correction (Cochran, *Sampling Techniques*, 1977, ch. 2); zero width when every household
/// answered; below two valid responses no interval and `missing` says why. Bounds are not
/// clipped to 0–100. Each figure is a decimal string with exactly the places the rubric
/// declares in `[statistics]` (`scale_places` for the bounds and centre, `spread_places` for
/// the standard deviation, standard error, t and correction), rounded once from the
/// unrounded computation: the bounds are the rounded unrounded bounds, not the rounded mean
/// ± the rounded half-width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndexInterval {
    /// Confidence level, the sample rule's (e.g. "0.95"), as given.
    pub confidence: Decimal,
    /// Valid respondents (n).
    pub n: u32,
    /// Households (N), when known.
    pub population: Option<u32>,
    /// Sample standard deviation s of the respondents' 0–100 scores (n − 1 in the
    /// denominator): decimal string at `spread_places` (default 4, e.g. "7.4016"); null below
    /// 2 respondents.
    pub std_dev: Option<Decimal>,
    /// Finite-population correction √(1 − n/N): decimal string at `spread_places` (e.g.
    /// "0.8944"); null when N is unknown or 0.
    pub fpc: Option<Decimal>,
    /// The interval; exactly one of `bounds` and `missing` is set.
    pub bounds: Option<Bounds>,
    /// Why there is no interval.
    pub missing: Option<NoInterval>,
}

/// The interval's bounds and the quantities between the data and them, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bounds {
    /// Lower bound on the 0–100 scale: decimal string at `scale_places` (default: the
    /// rubric's rounding places, e.g. "71.66").
    pub lower: Decimal,
    /// Upper bound on the 0–100 scale: decimal string at `scale_places` (e.g. "75.42").
    pub upper: Decimal,
    /// Centre, the mean of the respondents' scores: decimal string at `scale_places`.
    pub mean: Decimal,
    /// Degrees of freedom, n − 1.
    pub df: u32,
    /// The t quantile t₁₋α/₂,ₙ₋₁: decimal string at `spread_places` (e.g. "2.0096").
    pub t: Decimal,
    /// Standard error s/√n, times the correction when N is known: decimal string at
    /// `spread_places` (e.g. "0.9362").
    pub standard_error: Decimal,
}

impl IndexInterval {
    /// The published figures of `e` in `format`.
    pub fn publish(e: &Estimate, format: StatFormat) -> Result<IndexInterval, StatsError> {
        let spread = |what, v: f64| format.show(what, Stat::Spread, v);
        let scale = |what, v: f64| format.show(what, Stat::Scale, v);
        let bounds = match &e.bounds {
            Some(b) => Some(Bounds {
                lower: scale("区间下限", b.lower)?,
                upper: scale("区间上限", b.upper)?,
                mean: scale("平均分", b.mean)?,
                df: b.df,
                t: spread("t 分位数", b.t)?,
                standard_error: spread("标准误", b.standard_error)?,
            }),
            None => None,
        };
        Ok(IndexInterval {
            confidence: e.confidence,
            n: e.n,
            population: e.population,
            std_dev: e.std_dev.map(|s| spread("标准差", s)).transpose()?,
            fpc: e.fpc.map(|f| spread("有限总体校正", f)).transpose()?,
            bounds,
            missing: e.missing,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::rubric::satisfaction::mean_interval;
    use crate::domain::rubric::statistic::StatPlaces;
    use rust_decimal_macros::dec;

    /// The 7 scores of `interval.rs`'s scipy test; expected values are scipy 1.17.1's
    /// figures there, rounded by hand: s = 19.390412… → 19.3904, t = 2.4469118… → 2.4469,
    /// se = 7.3288870… → 7.3289, bounds 55.85257… → 55.85 and 91.71885… → 91.72, mean
    /// 73.785714… → 73.79.
    #[test]
    fn every_figure_is_published_at_its_declared_places() {
        let x = [80.0, 57.0, 92.0, 68.5, 75.0, 100.0, 44.0];
        let e = mean_interval(&x, dec!(0.95), None).unwrap();
        let i = IndexInterval::publish(&e, StatFormat::default()).unwrap();
        let json = serde_json::to_value(&i).unwrap();
        assert_eq!(json["std_dev"], "19.3904");
        assert_eq!(json["fpc"], serde_json::Value::Null);
        let b = &json["bounds"];
        assert_eq!(
            (&b["lower"], &b["upper"], &b["mean"]),
            (&"55.85".into(), &"91.72".into(), &"73.79".into())
        );
        assert_eq!(
            (&b["t"], &b["standard_error"]),
            (&"2.4469".into(), &"7.3289".into())
        );
        assert_eq!(b["df"], 6);
        // Declared places change only the figures: 3 places of scale, 2 of spread.
        let three = StatFormat {
            places: StatPlaces {
                scale_places: 3,
                spread_places: 2,
                ..StatPlaces::default()
            },
            ..StatFormat::default()
        };
        let i = IndexInterval::publish(&e, three).unwrap();
        let b = i.bounds.unwrap();
        assert_eq!(
            (b.lower.to_string(), b.t.to_string()),
            ("55.853".into(), "2.45".into())
        );
        assert_eq!(i.std_dev.unwrap().to_string(), "19.39");
    }

    #[test]
    fn no_interval_publishes_no_figures() {
        let e = mean_interval(&[80.0], dec!(0.95), Some(1)).unwrap();
        let i = IndexInterval::publish(&e, StatFormat::default()).unwrap();
        assert_eq!((i.std_dev, i.bounds), (None, None));
        assert_eq!(i.fpc.unwrap().to_string(), "0.0000");
        assert_eq!(i.missing, Some(NoInterval::SingleResponse));
    }
}
