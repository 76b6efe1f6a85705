//! The rubric engine (考核标准和细则): load rubric files, score subjects with a full trace,
//! combine self and review scores, grade, rank, and compute satisfaction indices, credit
//! ratings and composite results. Pure: no I/O; the caller reads the file.
//!
//! # Entry points
//!
//! - [`parse`]`(file_name, text) -> Result<`[`Rubric`]`, Vec<`[`Diagnostic`]`>>` — every problem
//!   as `file:line:col: message`. [`Rubric::content_hash`] is the SHA-256 of the text.
//! - [`score`]`(&Rubric, &`[`SubjectInputs`]`) -> Result<`[`ScoreResult`]`, Vec<FieldError>>` —
//!   `unit-assessment` / `service-quality`: items, categories, weighting, N/A re-normalisation,
//!   bonus cap, adjustments, rounding, total and grade, each step in the trace.
//! - [`combine()`]`(&Combination, max, self_score, &[`[`Review`]`]) -> `[`CombineOutcome`] per item,
//!   and [`inflation_deduction`] for 自评失实 (feed it back as an [`Adjustment`]).
//! - [`assign_grades_with_quota`]`(&Rubric, &[ScoreResult])` (the rubric's quota and tie
//!   rule) and [`rank_results`]`(&Rubric, &[ScoreResult])` (vetoed subjects last, then the
//!   rubric's ranking rules); [`rank_totals`] for plain totals (competition ranking 1, 2, 2, 4).
//! - [`satisfaction_index`] (index, share satisfied, t interval with the finite-population
//!   correction), [`sample_size`], [`check_validity`] for `satisfaction` rubrics.
//! - [`credit_score`] for `credit` rubrics; [`composite_score`] for `composite` rubrics.
//!
//! # Numbers
//!
//! Points are [`rust_decimal::Decimal`] in inputs and results (serialised as strings), and
//! exact fractions ([`Frac`]) in between: every method, weighting, re-normalisation, mean and
//! area-weighted score multiplies before it divides and carries numerator / denominator, so a
//! result that terminates within a decimal's 28 places is exact (3 × 0.1/0.3 is 1, not
//! 0.999…9) and rounding happens once, exactly, only at the stages the file names. A
//! `measured` or `score` input carrying 20 or more decimal places is a quotient made upstream
//! (a ledger rate of 2 of 3 as 0.666…7, a mean of three scores) and is scored as the fraction
//! it rounds ([`Frac::recovered`]). `f64` appears only in statistics (z and t values, the index's interval), and a figure
//! that cannot be carried into `f64` there is an error ([`crate::domain::stats`]), never a 0
//! or a dropped value.
//!
//! **Published precision** ([`Precision::show`], the one rule for every printed figure): a
//! figure rounded at a stage carries exactly the rubric's `places` ("52.00", "100.00"); a
//! given figure (input, constant) and an exact subtotal carry no trailing zeros ("28.92",
//! "9"); an intermediate that needs more than `display_places` is shown rounded half-up to
//! them, marked "≈" in text ("76.54 × 100 / 96 ≈ 79.7292") — for reading only.
//!
//! # Rubric file format (TOML)
//!
//! Header: `id`, `version` (integer ≥ 1, bumped whenever a score could change), `kind`
//! (`unit-assessment` | `service-quality` | `satisfaction` | `credit` | `composite`), `title`,
//! `effective_from` / `effective_to` (TOML dates), optional
//! `[rounding] places, mode = "half-up"|"half-even"|"down", at = ["item"|"category"|"total"]`,
//! optional `display_places` (0–10, at least `places`; default 4): places of intermediate
//! figures in traces; optional `[statistics] scale_places, spread_places, share_places,
//! coefficient_places` (0–10 each): places statistics are published with (interval bounds,
//! standard deviation and error, t, shares and rates, ICC and α; defaults and meaning in
//! [`statistic`]).
//!
//! Points rubrics: `total`, `bonus_cap`, `renormalise = "scale-to-max"|"none"`,
//! `[[category]]` (code, title, points, weight) nesting `[[category.category]]` and
//! `[[category.item]]` up to 4 levels. Items: code, title, max, weight, applies_to, evidence,
//! responsible, deadline | ongoing, basis, and `method` with its keys: `points` (step),
//! `deduction` ([[…finding]] code/title/points), `threshold`, `deadline` (per = day|week,
//! late_points, late_cap), `survey`, `bonus` ([[…award]]), `veto` (max_grade).
//!
//! `threshold` keys: `measure`; `measured_in = "share"` (default: the measured value, `target`
//! and `floor` are shares 0–1, and a measured value above 1 — 95 typed for 95% — is refused
//! naming the item and suggesting 0.95) or `"percent"` (all three in 0–100; not for `source =
//! "ledger"`, whose metrics are shares); `target` (full points at or above; ≤ 1 for shares);
//! `floor` (< target); `curve = "linear"` (max × (x − floor)/(target − floor)) or `"efficacy"`
//! (功效系数: max × (base + span × (x − floor)/(target − floor))%, with optional `base` and
//! `span`, given together and summing to 100, default 60 and 40, and `below_floor = "zero"`
//! (default) or `"base"` (below the floor still earns the base)). `base`, `span` and
//! `below_floor` are refused on a linear curve.
//!
//! `[[grade]]` name/min bands (descending). `[grading]` (all optional):
//! category_minimum_grade/share; `top_quota` (share of subjects that may hold the top grade)
//! with `quota_ties` (required with it): `"drop-all"` — a group tied across the quota line
//! drops to the next grade as a whole (the quota is a ceiling) — or `"keep-all"` — the group
//! keeps the top grade as a whole (the tie may exceed the quota); `rank_by = "total"` (default)
//! or `"grade"` (final grade first, so a demoted unit never ranks above a higher grade), then
//! `tie_breakers` (category or item codes). Whatever the rules, a subject with a triggered veto
//! ranks after every subject without one ([`rank_results`]). `[combination]` rule, tolerance,
//! inflation_per_item/cap.
//!
//! `satisfaction`: `[satisfaction]` satisfied_at, benchmark, `[[satisfaction.scale]]`,
//! `[[satisfaction.dimension]]` with `[[satisfaction.dimension.question]]`,
//! `[satisfaction.validity]`, `[satisfaction.sample]`. `credit`: `[credit]` base, cap,
//! good_cap, validity_months, alerts, blacklist_grade, `[[credit.record]]`, `[[credit.band]]`,
//! `[[credit.use]]`. `composite`: `[[component]]` code/title/weight/source, optional `[[grade]]`.

pub mod combine;
pub mod composite;
pub mod credit;
pub mod daily;
pub mod diagnostic;
pub mod exact;
pub mod figures;
pub mod grade;
pub mod inputs;
mod load;
pub mod methods;
pub mod model;
pub mod rank;
pub mod satisfaction;
mod score;
pub mod statistic;
pub mod trace;

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

pub use combine::{CombineOutcome, Review, combine, inflation_deduction};
pub use composite::{CompositeResult, CompositeSpec};
pub use credit::{CreditInputs, CreditResult, CreditSpec};
pub use diagnostic::{Diagnostic, line_col};
pub use exact::Frac;
pub use figures::{Figure, Precision, Shown};
pub use grade::{QuotaDecision, band_of};
pub use inputs::{Adjustment, ItemInput, SubjectInputs};
pub use load::parse;
pub use methods::{ItemOutcome, score_item};
pub use model::{Assessment, Body, Combination, Grading, Header, Kind, Method, Rounding, Rubric};
pub use rank::{rank, rank_keys, rank_totals};
pub use satisfaction::{
    Invalidity, SatisfactionError, SatisfactionIndex, SurveyResponse, check_validity, sample_size,
};
pub use trace::{GradeTrace, ItemTrace, ScoreResult};

use super::FieldError;

impl Rubric {
    /// Stable identifier.
    pub fn id(&self) -> &str {
        &self.header.id
    }
    /// Integer version.
    pub fn version(&self) -> u32 {
        self.header.version
    }
    /// Kind of rubric.
    pub fn kind(&self) -> Kind {
        self.header.kind
    }
    /// Chinese title.
    pub fn title(&self) -> &str {
        &self.header.title
    }
    /// SHA-256 hex of the file bytes.
    pub fn content_hash(&self) -> &str {
        &self.header.content_hash
    }
    /// The whole header.
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The kind-specific body.
    pub fn body(&self) -> &Body {
        &self.body
    }
    /// Whether `date` falls in the effective period (both ends inclusive).
    pub fn is_effective_on(&self, date: Date) -> bool {
        self.header.effective_from <= date && date <= self.header.effective_to
    }
    /// The points body of `unit-assessment` / `service-quality` rubrics.
    pub fn assessment(&self) -> Option<&Assessment> {
        match &self.body {
            Body::Assessment(a) => Some(a),
            _ => None,
        }
    }
}

fn wrong_kind(rubric: &Rubric, wanted: &str) -> Vec<FieldError> {
    vec![FieldError::new(
        "rubric",
        format!(
            "评分细则 {} 的类型为 {}，不能用于{wanted} (wrong rubric kind)",
            rubric.id(),
            rubric.kind().as_str()
        ),
    )]
}

/// Scores one subject against a `unit-assessment` or `service-quality` rubric.
pub fn score(rubric: &Rubric, inputs: &SubjectInputs) -> Result<ScoreResult, Vec<FieldError>> {
    match &rubric.body {
        Body::Assessment(a) => score::score_assessment(rubric, a, inputs),
        _ => Err(wrong_kind(rubric, "打分")),
    }
}

/// Applies the rubric's top-grade quota to a set of scored subjects (input order kept).
pub fn assign_grades_with_quota(
    rubric: &Rubric,
    results: &[ScoreResult],
) -> Result<Vec<QuotaDecision>, Vec<FieldError>> {
    match &rubric.body {
        Body::Assessment(a) => Ok(grade::apply_quota(&a.grading, results)),
        _ => Err(wrong_kind(rubric, "评定等次")),
    }
}

/// Ranks scored subjects by the rubric's ranking rules (input order kept): vetoed subjects
/// after all others, then `rank_by` and the tie-breakers.
pub fn rank_results(rubric: &Rubric, results: &[ScoreResult]) -> Result<Vec<u32>, Vec<FieldError>> {
    match &rubric.body {
        Body::Assessment(a) => Ok(rank::rank(results, &a.grading)),
        _ => Err(wrong_kind(rubric, "排名")),
    }
}

/// The satisfaction index of `responses` with its t interval; `households` (N) enables the
/// sample-adequacy check and the interval's finite-population correction.
pub fn satisfaction_index(
    rubric: &Rubric,
    responses: &[SurveyResponse],
    households: Option<u32>,
) -> Result<SatisfactionIndex, SatisfactionError> {
    match &rubric.body {
        Body::Satisfaction(s) => {
            let format = statistic::StatFormat::of(&rubric.header);
            let rounding = rubric.header.rounding.as_ref();
            satisfaction::index(s, rounding, format, responses, households)
        }
        _ => Err(SatisfactionError::Invalid(wrong_kind(rubric, "满意度测评"))),
    }
}

/// A company's credit score and grade as of `inputs.as_of`.
pub fn credit_score(
    rubric: &Rubric,
    inputs: &CreditInputs,
) -> Result<CreditResult, Vec<FieldError>> {
    match &rubric.body {
        Body::Credit(c) => credit::credit_score_of(
            c,
            rubric.header.rounding.as_ref(),
            Precision::of(&rubric.header),
            inputs,
        ),
        _ => Err(wrong_kind(rubric, "信用评级")),
    }
}

/// Combines component values (component code → 0..100) of a `composite` rubric.
pub fn composite_score(
    rubric: &Rubric,
    values: &BTreeMap<String, Decimal>,
) -> Result<CompositeResult, Vec<FieldError>> {
    match &rubric.body {
        Body::Composite(c) => composite::composite_of(
            c,
            rubric.header.rounding.as_ref(),
            Precision::of(&rubric.header),
            values,
        ),
        _ => Err(wrong_kind(rubric, "综合计算")),
    }
}

// Tests may unwrap: a panic is the failure report there.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
