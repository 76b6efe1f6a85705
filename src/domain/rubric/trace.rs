//! The full calculation trace returned with every score.
//!
//! Figures follow [`super::Precision::show`]: the total (and item or category scores where the
//! rubric rounds them) carries exactly the rubric's places ("80.73", "100.00"); other figures
//! carry no trailing zeros, and an intermediate that needs more than the rubric's
//! `display_places` is rounded half-up to them for reading (the arithmetic behind it is exact).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::inputs::{Adjustment, ItemInput};

/// A scored subject with every step that led to the total and the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreResult {
    /// Rubric id.
    pub rubric_id: String,
    /// Rubric version.
    pub rubric_version: u32,
    /// SHA-256 of the rubric file.
    pub rubric_hash: String,
    /// Subject scored.
    pub subject: String,
    /// The total's arithmetic in one line, read first: base (× full / applicable when
    /// re-normalised) + bonus − each adjustment = the total, e.g.
    /// `76.54 × 100 / 96 + 1 加分 ≈ 80.7292 → 80.73`. The categories' and items' own lines
    /// follow in `categories[].line` and `items[].explanation`.
    #[serde(default)]
    pub total_line: String,
    /// Every item, in file order.
    pub items: Vec<ItemTrace>,
    /// Every category, children before parents.
    pub categories: Vec<CategoryTrace>,
    /// Sum (or weighted sum) of the categories before re-normalisation (shown to at most the
    /// display places).
    pub base: Decimal,
    /// Full points of the rubric.
    pub full: Decimal,
    /// Full points of the applicable items.
    pub applicable: Decimal,
    /// Re-normalisation applied, if any.
    pub renormalised: Option<String>,
    /// Base after re-normalisation (shown to at most the display places).
    pub after_renormalisation: Decimal,
    /// Bonus before and after the rubric cap.
    pub bonus: BonusTrace,
    /// Deductions from the total (e.g. 自评失实).
    pub adjustments: Vec<Adjustment>,
    /// Triggered vetoes.
    pub vetoes: Vec<VetoTrace>,
    /// Total before the rubric's rounding (shown to at most the display places).
    pub unrounded_total: Decimal,
    /// The total: with exactly the rubric's places when it rounds at `total`, else exact.
    pub total: Decimal,
    /// Grade and why.
    pub grade: GradeTrace,
}

/// One item's input, method, score and explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemTrace {
    /// Item code.
    pub code: String,
    /// Title.
    pub title: String,
    /// The scoring method, `{code, label}`.
    pub method: crate::domain::rubric::model::MethodKind,
    /// The input given (None: defaulted, e.g. no findings).
    pub input: Option<ItemInput>,
    /// Item max.
    pub max: Decimal,
    /// Score (0 when not applicable): the rubric's places when it rounds at `item`, else
    /// shown to at most the display places.
    pub score: Decimal,
    /// False when not applicable.
    pub applicable: bool,
    /// One line, Chinese with English.
    pub explanation: String,
}

/// One category's sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryTrace {
    /// Category code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Nesting level (1 = top).
    pub level: usize,
    /// Full points.
    pub points: Decimal,
    /// Full points of applicable children (scaled like the score).
    pub applicable: Decimal,
    /// Score (sum, or points × weighted share).
    pub score: Decimal,
    /// Whether children were weighted.
    pub weighted: bool,
    /// The category's arithmetic in one line: its children's scores summed (or weighted) to
    /// its score, naming children left out as not applicable, e.g.
    /// `2.1 4 + 2.2 3.5 + 2.3 5.4 = 12.9（不适用：2.7）`.
    #[serde(default)]
    pub line: String,
}

/// Bonus points and the cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BonusTrace {
    /// Σ bonus items.
    pub claimed: Decimal,
    /// Rubric-level cap.
    pub cap: Decimal,
    /// min(claimed, cap).
    pub applied: Decimal,
}

/// A triggered veto.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VetoTrace {
    /// Item code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Highest grade still possible (None: the lowest grade).
    pub max_grade: Option<String>,
}

/// The grade and every rule that moved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GradeTrace {
    /// Band reached by the total.
    pub band: String,
    /// Final grade.
    pub grade: String,
    /// Why, step by step.
    pub steps: Vec<String>,
    /// The first top-level category below the rubric's category minimum, whether or not it
    /// moved the grade (award eligibility asks for every minimum met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_short: Option<String>,
}
