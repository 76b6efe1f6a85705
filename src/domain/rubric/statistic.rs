//! Published precision of statistics: the satisfaction index's interval, shares and rates,
//! reviewer reliability. The arithmetic runs unrounded (`f64`, or an exact fraction for a
//! ratio of counts); only the published figure is rounded, once, to the places the rubric
//! declares in `[statistics]`, and written through the one formatting rule
//! ([`Precision::show`], as a rounded figure: all its places, "7.4000").
//!
//! Four kinds of figure, each with its places (defaults in brackets):
//!
//! - [`Stat::Scale`] — on the scores' own 0–100 scale: the interval's bounds and centre, a
//!   reviewer's leniency in percentage points (`scale_places`, [the rubric's rounding places,
//!   else 2], so a bound reads like the index it brackets);
//! - [`Stat::Spread`] — spread and test figures: standard deviation, standard error, the t
//!   quantile, the finite-population correction (`spread_places`, [4]);
//! - [`Stat::Share`] — shares 0–1: the share satisfied, the response rate (`share_places`,
//!   [scale + 2], i.e. a percentage at the scale's places: 0.3750 is 37.50%);
//! - [`Stat::Coefficient`] — ICC(A,1), ICC(C,1), Krippendorff's α (`coefficient_places`, [4]).
//!
//! Ties and tails follow the rubric's `[rounding] mode` (half-up when it has none). A decision
//! (a Koo & Li band, the share's benchmark) reads the unrounded value, never the figure.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::Frac;
use super::figures::{Figure, Precision};
use super::model::{Header, Rounding, RoundingMode};
use crate::domain::stats::{StatsError, finite};

/// Largest number of places a statistic may declare.
pub const MAX_STAT_PLACES: u32 = 10;

/// Places of spread figures and coefficients when the rubric does not declare them.
pub const DEFAULT_STAT_PLACES: u32 = 4;

/// The `[statistics]` places of a rubric (all resolved: defaults filled in by the loader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatPlaces {
    /// Figures on the scores' scale: interval bounds and centre, leniency.
    pub scale_places: u32,
    /// Standard deviation, standard error, t quantile, finite-population correction.
    pub spread_places: u32,
    /// Shares 0–1: share satisfied, response rate.
    pub share_places: u32,
    /// ICC(A,1), ICC(C,1), Krippendorff's α.
    pub coefficient_places: u32,
}

impl StatPlaces {
    /// The defaults for a rubric rounding by `rounding`: scale at its places (else 2), shares
    /// two places more, spread and coefficients 4.
    pub fn defaults(rounding: Option<&Rounding>) -> StatPlaces {
        let scale = rounding.map_or(2, |r| r.places);
        StatPlaces {
            scale_places: scale,
            spread_places: DEFAULT_STAT_PLACES,
            share_places: scale + 2,
            coefficient_places: DEFAULT_STAT_PLACES,
        }
    }
}

impl Default for StatPlaces {
    fn default() -> Self {
        StatPlaces::defaults(None)
    }
}

/// Which kind of statistic a figure is (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    /// On the scores' 0–100 scale.
    Scale,
    /// Spread and test figures.
    Spread,
    /// Shares 0–1.
    Share,
    /// Agreement coefficients.
    Coefficient,
}

/// How a rubric publishes its statistics: its places and its rounding mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatFormat {
    /// Places per kind.
    pub places: StatPlaces,
    /// Rounding mode of ties and tails.
    pub mode: RoundingMode,
}

impl Default for StatFormat {
    fn default() -> Self {
        StatFormat {
            places: StatPlaces::default(),
            mode: RoundingMode::HalfUp,
        }
    }
}

impl StatFormat {
    /// The format a rubric declares.
    pub fn of(header: &Header) -> StatFormat {
        StatFormat {
            places: header.statistics,
            mode: header
                .rounding
                .as_ref()
                .map_or(RoundingMode::HalfUp, |r| r.mode),
        }
    }

    /// Places of a kind.
    pub fn places_of(self, kind: Stat) -> u32 {
        let p = self.places;
        match kind {
            Stat::Scale => p.scale_places,
            Stat::Spread => p.spread_places,
            Stat::Share => p.share_places,
            Stat::Coefficient => p.coefficient_places,
        }
    }

    /// **The** rule for a statistic computed in `f64`: its shortest decimal (the digits
    /// scipy and numpy print for it) rounded once to the kind's places by the rubric's mode,
    /// written with all of them. A non-finite value, or one no decimal holds, is an error.
    pub fn show(self, what: &'static str, kind: Stat, value: f64) -> Result<Decimal, StatsError> {
        let value = finite(what, value)?;
        let exact: Decimal = format!("{value}")
            .parse()
            .or_else(|_| Decimal::try_from(value))
            .map_err(|_| StatsError::NonFinite { what, value })?;
        Ok(self.publish(Frac::from(exact), kind))
    }

    /// A ratio of counts (`num / den`, exact) as a published share; None when `den` is 0.
    pub fn share(self, num: u64, den: u32) -> Option<Decimal> {
        (den > 0).then(|| {
            let exact = Frac::ratio(Decimal::from(num), Decimal::from(den));
            self.publish(exact, Stat::Share)
        })
    }

    /// An exact value rounded to the kind's places and written by [`Precision::show`].
    fn publish(self, exact: Frac, kind: Stat) -> Decimal {
        let places = self.places_of(kind);
        let precision = Precision {
            places: Some(places),
            display: places,
        };
        precision
            .show(exact.rounded(places, self.mode), Figure::Rounded)
            .value
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn format() -> StatFormat {
        StatFormat::default()
    }

    #[test]
    fn each_kind_is_written_with_all_its_places() {
        let f = format();
        // By hand: 71.658555… → 71.66; 7.401626… → 7.4016; 0.8944271… → 0.8944.
        let lower = f.show("lower", Stat::Scale, 71.658_555_313_772_34).unwrap();
        assert_eq!(lower.to_string(), "71.66");
        let sd = f.show("sd", Stat::Spread, 7.401_626_958_490_482).unwrap();
        assert_eq!(sd.to_string(), "7.4016");
        assert_eq!(
            f.show("x", Stat::Spread, 0.0).unwrap().to_string(),
            "0.0000"
        );
        assert_eq!(f.show("x", Stat::Scale, 80.0).unwrap().to_string(), "80.00");
        let icc = f.show("icc", Stat::Coefficient, -0.123_45).unwrap();
        assert_eq!(icc.to_string(), "-0.1235");
        assert_eq!(serde_json::to_string(&sd).unwrap(), "\"7.4016\"");
    }

    #[test]
    fn ties_follow_the_printed_digits_and_the_rubric_mode() {
        // 73.545 prints as 73.545 (its binary value is 73.54499999…): half-up gives 73.55 as a
        // reader rounding the printed figure would; half-even keeps 73.54; down cuts.
        let up = format();
        assert_eq!(up.show("m", Stat::Scale, 73.545).unwrap(), dec!(73.55));
        let even = StatFormat {
            mode: RoundingMode::HalfEven,
            ..up
        };
        assert_eq!(even.show("m", Stat::Scale, 73.545).unwrap(), dec!(73.54));
        let down = StatFormat {
            mode: RoundingMode::Down,
            ..up
        };
        assert_eq!(down.show("m", Stat::Scale, 73.549).unwrap(), dec!(73.54));
    }

    #[test]
    fn shares_of_counts_are_exact_before_rounding() {
        let f = format();
        assert_eq!(f.share(11, 12).unwrap().to_string(), "0.9167");
        assert_eq!(f.share(3, 8).unwrap().to_string(), "0.3750");
        assert_eq!(f.share(1, 1).unwrap().to_string(), "1.0000");
        assert_eq!(f.share(0, 0), None);
    }

    #[test]
    fn declared_places_and_defaults() {
        let rounding = Rounding {
            places: 1,
            mode: RoundingMode::HalfUp,
            at: vec![],
        };
        let d = StatPlaces::defaults(Some(&rounding));
        assert_eq!((d.scale_places, d.share_places), (1, 3));
        assert_eq!((d.spread_places, d.coefficient_places), (4, 4));
        let f = StatFormat {
            places: StatPlaces {
                spread_places: 2,
                ..d
            },
            mode: RoundingMode::HalfUp,
        };
        assert_eq!(f.show("t", Stat::Spread, 2.009_575).unwrap(), dec!(2.01));
    }

    #[test]
    fn a_value_no_decimal_holds_is_an_error_not_a_figure() {
        let f = format();
        assert!(matches!(
            f.show("sd", Stat::Spread, f64::NAN),
            Err(StatsError::NonFinite { what: "sd", .. })
        ));
        assert!(f.show("sd", Stat::Spread, 1e300).is_err());
        // Tiny values keep their sign and round to zero at the declared places.
        assert_eq!(
            f.show("x", Stat::Spread, 1e-20).unwrap().to_string(),
            "0.0000"
        );
    }
}
