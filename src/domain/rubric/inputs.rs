//! What a subject (a unit, or a project for service quality) brings to be scored.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Inputs for one subject against one points rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SubjectInputs {
    /// Who is scored (unit or project id), copied to the result.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub subject: String,
    /// Unit type (e.g. `town`, `department`); items that are not its duty are N/A.
    #[serde(default)]
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub unit_type: Option<String>,
    /// The plan role the unit is bound to (e.g. `县住建局`): items naming it are its duty.
    #[serde(default)]
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemInput {
    /// `points`: the points given, on the item's step.
    Points(#[schemars(with = "crate::domain::number::schema::Points")] Decimal),
    /// `deduction`: finding code → occurrences.
    Findings(BTreeMap<String, u32>),
    /// `threshold`: the measured value, e.g. 0.92 for a 92% formation rate.
    Measured(#[schemars(with = "crate::domain::number::schema::Measured")] Decimal),
    /// `deadline`: the date the task was done.
    Done(Date),
    /// `deadline`: not done.
    NotDone,
    /// `survey`: satisfaction index 0–100.
    Index(#[schemars(with = "crate::domain::number::schema::Index")] Decimal),
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
        #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Adjustment {
    /// What it is, e.g. 自评失实; the head of the label (before any `：` or bracket) names it
    /// in the total's line of arithmetic ([`Adjustment::name`]). One line of at most 500
    /// characters (a dry run's text rule).
    #[schemars(
        length(min = 1, max = 500),
        regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")
    )]
    pub label: String,
    /// Points deducted: 0 or more (a deduction is written positive), at most the rubric's
    /// full points.
    #[schemars(with = "crate::domain::number::schema::Points")]
    pub points: Decimal,
    /// The items it counted, each with why (e.g. the self score against the final and the
    /// tolerance of a 自评失实 deduction). Empty for a deduction given as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<AdjustedItem>,
}

impl Adjustment {
    /// The name the total's line gives it: the label up to its first `：`, `:` or bracket
    /// (`自评失实` of `自评失实：2 项（…）`), or the whole label when that is empty.
    pub fn name(&self) -> &str {
        let head = self
            .label
            .split(['：', ':', '(', '（'])
            .next()
            .unwrap_or_default()
            .trim();
        if head.is_empty() {
            self.label.trim()
        } else {
            head
        }
    }
}

/// One item an adjustment counted, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AdjustedItem {
    /// Item code.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub code: String,
    /// Why it counted, e.g. `自评 6 − 最终 4 = 2 > 容差 1`.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub why: String,
}
