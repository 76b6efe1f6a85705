//! Published precision: the one place that decides how a figure is written, in trace text
//! and in the JSON of results ([`Precision::show`]).
//!
//! - A figure the rubric **rounded** (at a stage its `[rounding]` names) carries exactly the
//!   rubric's places: a total of 52 is "52.00", never "52".
//! - A **given** figure (an input, a rubric constant) is written as it is, without trailing
//!   zeros: "9.000" is "9", "10.000000000000000000000000000" is "10".
//! - A **computed** figure that is not a rounding stage (a subtotal, a re-normalised base) is
//!   exact when it needs at most the rubric's `display_places` (default 4): "28.920" is
//!   "28.92", "26.5050" is "26.505". One that needs more (79.7291666…) is rounded half-up to
//!   `display_places` for reading and marked "≈" in text ("≈79.7292"). Only the figure is
//!   rounded: the arithmetic behind it stays exact ([`Frac`]).

use std::fmt;

use rust_decimal::Decimal;

use super::exact::Frac;
use super::model::{Header, RoundAt, Rounding, RoundingMode};

/// Display places of intermediate figures when the rubric does not declare `display_places`.
pub const DEFAULT_DISPLAY_PLACES: u32 = 4;

/// What kind of figure is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// An input or rubric constant: as given, without trailing zeros.
    Given,
    /// A computed value that is not a rounding stage: exact up to the display places, else
    /// rounded for reading.
    Computed,
    /// A value rounded at one of the rubric's stages: exactly the rubric's places.
    Rounded,
}

/// A figure as written: the decimal (whose scale carries the places into JSON) and whether
/// it was rounded for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The decimal to publish.
    pub value: Decimal,
    /// True when the exact value needs more places than shown.
    pub approx: bool,
}

impl Shown {
    /// The figure after a formula: "= 5.4", or "≈ 79.7292" when rounded for reading.
    pub fn equals(&self) -> String {
        if self.approx {
            format!("≈ {}", self.value)
        } else {
            format!("= {}", self.value)
        }
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approx {
            f.write_str("≈")?;
        }
        write!(f, "{}", self.value)
    }
}

/// The places a rubric publishes with: its rounding places and its display places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision {
    /// Places of rounded figures (`[rounding] places`), when the rubric rounds.
    pub places: Option<u32>,
    /// Places intermediate figures are shown with (`display_places`).
    pub display: u32,
}

impl Default for Precision {
    fn default() -> Self {
        Precision {
            places: None,
            display: DEFAULT_DISPLAY_PLACES,
        }
    }
}

impl Precision {
    /// The precision a rubric declares in its header.
    pub fn of(header: &Header) -> Precision {
        Precision {
            places: header.rounding.as_ref().map(|r| r.places),
            display: header.display_places,
        }
    }

    /// The precision for figures of a rubric with only a rounding rule at hand.
    pub fn with_rounding(rounding: Option<&Rounding>, display: u32) -> Precision {
        Precision {
            places: rounding.map(|r| r.places),
            display,
        }
    }

    /// **The** formatting rule: how `value` is published as a figure of kind `kind`.
    pub fn show(self, value: Frac, kind: Figure) -> Shown {
        match (kind, self.places) {
            (Figure::Rounded, Some(places)) if value.places().is_some_and(|p| p <= places) => {
                let mut d = value.to_decimal();
                d.rescale(places);
                Shown {
                    value: d,
                    approx: false,
                }
            }
            // A reduced fraction converts with the fewest places: no trailing zeros to strip.
            (Figure::Given, _) => Shown {
                value: value.to_decimal(),
                approx: false,
            },
            _ => self.computed(value),
        }
    }

    fn computed(self, value: Frac) -> Shown {
        if value.places().is_some_and(|p| p <= self.display) {
            return Shown {
                value: value.to_decimal(),
                approx: false,
            };
        }
        let value = value
            .round(self.display, RoundingMode::HalfUp)
            .unwrap_or_else(|| value.to_decimal());
        Shown {
            value,
            approx: true,
        }
    }

    /// A given decimal as published (no trailing zeros).
    pub fn given(d: Decimal) -> Decimal {
        if d.scale() == 0 { d } else { d.normalize() }
    }

    /// Text of a computed value (with "≈" when rounded for reading).
    pub fn text(self, value: Frac) -> String {
        self.show(value, Figure::Computed).to_string()
    }

    /// "= x" or "≈ x" for a computed value closing a formula.
    pub fn equals(self, value: Frac) -> String {
        self.show(value, Figure::Computed).equals()
    }

    /// A value at `stage`: rounded by the rubric's rule when the rule names the stage (then
    /// published with its places), else computed.
    pub fn at_stage(self, rounding: Option<&Rounding>, stage: RoundAt, value: Frac) -> Staged {
        match rounding.filter(|r| r.at.contains(&stage)) {
            Some(r) => {
                let exact = value.rounded(r.places, r.mode);
                Staged {
                    exact,
                    shown: self.show(exact, Figure::Rounded),
                }
            }
            None => Staged {
                exact: value,
                shown: self.show(value, Figure::Computed),
            },
        }
    }
}

impl Precision {
    /// A final result (total, credit score, composite total): rounded and published with the
    /// rubric's places when it rounds at `total`, otherwise published exactly (a decimal's
    /// 28 places at most), never rounded for reading — grades and ranks compare it.
    pub fn result(self, rounding: Option<&Rounding>, value: Frac) -> Staged {
        match rounding.filter(|r| r.at.contains(&RoundAt::Total)) {
            Some(_) => self.at_stage(rounding, RoundAt::Total, value),
            None => Staged {
                exact: value,
                shown: self.show(value, Figure::Given),
            },
        }
    }
}

/// A value after a possible rounding stage: the exact value the arithmetic goes on with,
/// and the figure published for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staged {
    /// Exact value (rounded when the stage rounds).
    pub exact: Frac,
    /// As published.
    pub shown: Shown,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn two() -> Precision {
        Precision {
            places: Some(2),
            display: 4,
        }
    }

    #[test]
    fn rounded_figures_carry_the_rubric_places() {
        let p = two();
        assert_eq!(
            p.show(Frac::from(dec!(52)), Figure::Rounded).to_string(),
            "52.00"
        );
        assert_eq!(
            p.show(Frac::from(dec!(100)), Figure::Rounded).to_string(),
            "100.00"
        );
        assert_eq!(
            p.show(Frac::from(dec!(80.73)), Figure::Rounded).to_string(),
            "80.73"
        );
        let json = serde_json::to_string(&p.show(Frac::from(dec!(100)), Figure::Rounded).value);
        assert_eq!(json.unwrap(), "\"100.00\"");
    }

    #[test]
    fn other_figures_carry_no_stray_zeros() {
        let p = two();
        for (raw, want) in [
            ("28.920", "28.92"),
            ("9.000", "9"),
            ("26.5050", "26.505"),
            ("10.000000000000000000000000000", "10"),
            ("0.000", "0"),
        ] {
            let d: Decimal = raw.parse().unwrap();
            assert_eq!(p.show(Frac::from(d), Figure::Computed).to_string(), want);
            assert_eq!(p.show(Frac::from(d), Figure::Given).to_string(), want);
        }
    }

    #[test]
    fn long_intermediates_are_rounded_for_reading_only() {
        let p = two();
        let v = Frac::from(dec!(76.54)) * dec!(100) / Frac::from(dec!(96));
        assert_eq!(p.text(v), "≈79.7292");
        assert_eq!(p.equals(v), "≈ 79.7292");
        assert_eq!(p.equals(Frac::from(dec!(5.40))), "= 5.4");
        let s = p.show(Frac::ratio(dec!(9), dec!(17)), Figure::Computed);
        assert_eq!((s.value, s.approx), (dec!(0.5294), true));
        // A given figure is never rounded, however long.
        assert_eq!(
            p.show(Frac::from(dec!(0.123456)), Figure::Given)
                .to_string(),
            "0.123456"
        );
    }
}
