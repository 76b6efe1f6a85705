//! Scoring methods: how an item turns its input into points, with the parameters each takes.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scoring method of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Method {
    /// 0..max in steps of `step`.
    Points {
        /// Granularity of allowed scores, e.g. 0.5.
        step: Decimal,
    },
    /// Named findings deducted per occurrence, never below zero (扣完为止).
    Deduction {
        /// The findings that may be recorded.
        findings: Vec<Finding>,
    },
    /// From a measured value against a target and a floor.
    Threshold {
        /// What is measured, e.g. 业委会组建率.
        measure: String,
        /// How the measured value, `target` and `floor` are written (share 0–1 or percent).
        #[serde(default)]
        measured_in: ShareUnit,
        /// Full points at or above this value.
        target: Decimal,
        /// The curve starts here; below it see `below_floor`.
        floor: Decimal,
        /// Interpolation between floor and target.
        curve: Curve,
        /// Percent of the points at the floor (efficacy: 60; linear: 0).
        base: Decimal,
        /// Percent added across floor → target (efficacy: 40; linear: 100); base + span = 100.
        span: Decimal,
        /// What a value below the floor earns.
        #[serde(default)]
        below_floor: BelowFloor,
    },
    /// Full when done by the deadline, less per late day/week, zero when not done.
    Deadline {
        /// Unit of lateness.
        per: LatePer,
        /// Points off per late unit.
        points: Decimal,
        /// Most that lateness can take off.
        cap: Decimal,
    },
    /// max × satisfaction index / 100.
    Survey,
    /// Named achievements added, capped by the item max and the rubric bonus cap.
    Bonus {
        /// The achievements that may be recorded.
        awards: Vec<Finding>,
    },
    /// One-vote veto: forces the lowest grade, or caps the grade at `max_grade`.
    Veto {
        /// Highest grade still possible when triggered (None: the lowest grade).
        max_grade: Option<String>,
    },
}

impl Method {
    /// The file spelling of the method.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Points { .. } => "points",
            Method::Deduction { .. } => "deduction",
            Method::Threshold { .. } => "threshold",
            Method::Deadline { .. } => "deadline",
            Method::Survey => "survey",
            Method::Bonus { .. } => "bonus",
            Method::Veto { .. } => "veto",
        }
    }

    /// Whether the item counts toward category and rubric full points.
    pub fn counts_toward_total(&self) -> bool {
        !matches!(self, Method::Bonus { .. } | Method::Veto { .. })
    }
}

/// A finding (deduction) or award (bonus) worth points per occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// Code used in inputs.
    pub code: String,
    /// Chinese description.
    pub title: String,
    /// Points per occurrence.
    pub points: Decimal,
}

/// Interpolation between floor and target: max × (base + span × (x − floor)/(target −
/// floor)) / 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Curve {
    /// Base 0, span 100: max × (x − floor)/(target − floor).
    Linear,
    /// 功效系数: base + span, by default 60 + 40.
    Efficacy,
}

/// How a threshold item's measured value, target and floor are written (`measured_in = …`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ShareUnit {
    /// `share`: a proportion in 0–1 (92% is 0.92).
    #[default]
    Share,
    /// `percent`: a percentage in 0–100 (92% is 92).
    Percent,
}

impl ShareUnit {
    /// The largest value a measurement can take (1 or 100).
    pub fn whole(self) -> Decimal {
        match self {
            ShareUnit::Share => Decimal::ONE,
            ShareUnit::Percent => Decimal::ONE_HUNDRED,
        }
    }

    /// Every unit with its file spelling.
    pub const ALL: [(&'static str, ShareUnit); 2] =
        [("share", ShareUnit::Share), ("percent", ShareUnit::Percent)];
}

/// What a threshold item scores below its floor (`below_floor = …`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BelowFloor {
    /// `zero`: nothing.
    #[default]
    Zero,
    /// `base`: the curve's base percentage, as at the floor.
    Base,
}

/// Unit of lateness for deadline items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LatePer {
    /// Each calendar day late.
    Day,
    /// Each started week (7 calendar days) late.
    Week,
}
