//! What a subject (a unit, or a project for service quality) brings to be scored.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Inputs for one subject against one points rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectInputs {
    /// Who is scored (unit or project id), copied to the result.
    pub subject: String,
    /// Unit type (e.g. `town`, `department`); items that are not its duty are N/A.
    #[serde(default)]
    pub unit_type: Option<String>,
    /// The plan role the unit is bound to (e.g. `县住建局`): items naming it are its duty.
    #[serde(default)]
    pub role: Option<String>,
    /// Optional rules enabled (item codes, or `inflation`); other optional items are N/A.
    #[serde(default)]
    pub options: BTreeSet<String>,
    /// Item code → input.
    #[serde(default)]
    pub items: BTreeMap<String, ItemInput>,
    /// Deductions from the total decided outside the items, e.g. 自评失实.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
}

/// The input for one item; the variant must match the item's method (or be `score` or
/// `not_applicable`, which fit any method).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemInput {
    /// `points`: the points given, on the item's step.
    Points(Decimal),
    /// `deduction`: finding code → occurrences.
    Findings(BTreeMap<String, u32>),
    /// `threshold`: the measured value, e.g. 0.92 for a 92% formation rate.
    Measured(Decimal),
    /// `deadline`: the date the task was done.
    Done(Date),
    /// `deadline`: not done.
    NotDone,
    /// `survey`: satisfaction index 0–100.
    Index(Decimal),
    /// `bonus`: award code → occurrences.
    Awards(BTreeMap<String, u32>),
    /// `veto`: whether the veto is triggered.
    Veto(bool),
    /// Any method: a score already decided (e.g. the combined final of self and review
    /// scores); checked against 0..max.
    Score(Decimal),
    /// Any method: the item does not apply to this subject.
    NotApplicable {
        /// Why (shown in the trace).
        reason: String,
    },
}

impl ItemInput {
    /// The JSON/variant name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            ItemInput::Points(_) => "points",
            ItemInput::Findings(_) => "findings",
            ItemInput::Measured(_) => "measured",
            ItemInput::Done(_) => "done",
            ItemInput::NotDone => "not_done",
            ItemInput::Index(_) => "index",
            ItemInput::Awards(_) => "awards",
            ItemInput::Veto(_) => "veto",
            ItemInput::Score(_) => "score",
            ItemInput::NotApplicable { .. } => "not_applicable",
        }
    }
}

/// A deduction from the total with its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// What it is, e.g. 自评失实.
    pub label: String,
    /// Points deducted (positive).
    pub points: Decimal,
}
