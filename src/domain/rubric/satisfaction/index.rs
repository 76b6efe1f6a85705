//! The satisfaction index over valid responses.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::interval::mean_interval;
use super::published::IndexInterval;
use super::{Dimension, SatisfactionSpec, SurveyResponse, invalidities, sample_size};
use crate::domain::FieldError;
use crate::domain::rubric::model::{RoundAt, Rounding, round_opt};
use crate::domain::rubric::statistic::StatFormat;
use crate::domain::stats::{StatsError, count, to_f64};

/// Why an index could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SatisfactionError {
    /// The inputs contradict the rules or each other (e.g. more valid responses than
    /// households), naming the field: the caller can correct them.
    #[error("输入不符合规则 (invalid input)")]
    Invalid(Vec<FieldError>),
    /// A statistic could not be computed (a figure with no `f64` value, a non-finite result):
    /// a fault, not something the caller can correct.
    #[error(transparent)]
    Stats(#[from] StatsError),
}

/// The index with its breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SatisfactionIndex {
    /// Mean over valid respondents of their weighted score, 0–100 (None: no valid response).
    pub index: Option<Decimal>,
    /// Per dimension: mean answer value over all answers to it.
    pub dimensions: Vec<DimensionIndex>,
    /// Share of valid respondents whose weighted score reaches `satisfied_at`, 0–1: decimal
    /// string at the rubric's `[statistics] share_places` (default two more than its rounding
    /// `places`, i.e. a percentage at the index's precision: `0.3750` is 37.50%), rounded once
    /// from the exact ratio by the rubric's mode; null without valid responses.
    pub share_satisfied: Option<Decimal>,
    /// Whether the share satisfied reaches the benchmark.
    pub meets_benchmark: bool,
    /// Responses that counted.
    pub valid: u32,
    /// Responses thrown out, by reason: a response with several reasons is counted under each;
    /// written as a list of `{reason: {code, label}, count}`.
    #[serde(with = "super::invalid")]
    #[schemars(with = "Vec<super::invalid::InvalidCount>")]
    pub invalid: BTreeMap<String, u32>,
    /// Responses thrown out, each once however many reasons it has.
    pub invalid_responses: u32,
    /// Confidence interval of the index at the sample rule's confidence: Student's t with
    /// n − 1 degrees of freedom and, when the households are known, the finite-population
    /// correction; with n, N and the standard deviation (see [`IndexInterval`]).
    pub interval: IndexInterval,
    /// Households that should have answered, when the population is known.
    pub required_sample: Option<u32>,
    /// Whether enough valid responses came in (None when the population is unknown).
    pub sample_adequate: Option<bool>,
}

/// One dimension's mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DimensionIndex {
    /// Dimension code.
    pub code: String,
    /// Dimension title.
    pub title: String,
    /// Its weight.
    pub weight: Decimal,
    /// Mean answer value (None: never answered).
    pub mean: Option<Decimal>,
    /// Answers counted.
    pub answers: u32,
}

/// Computes the index of `responses` against `spec`; `households` (the estate's N) enables the
/// sample-adequacy check and the interval's finite-population correction. `rounding` rounds
/// the index and the dimension means, `format` publishes the statistics. Invalid responses are
/// counted by reason and left out. More valid responses than households is refused (field
/// `households`); a figure the statistics cannot carry is an error, never a 0 or a dropped score.
pub fn index(
    spec: &SatisfactionSpec,
    rounding: Option<&Rounding>,
    format: StatFormat,
    responses: &[SurveyResponse],
    households: Option<u32>,
) -> Result<SatisfactionIndex, SatisfactionError> {
    let mut invalid = BTreeMap::new();
    let mut invalid_responses = 0;
    let mut sums: Vec<(Decimal, usize)> = vec![(Decimal::ZERO, 0); spec.dimensions.len()];
    let mut scores = Vec::new();
    for r in responses {
        let reasons = invalidities(spec, r);
        if !reasons.is_empty() {
            invalid_responses += 1;
            for why in &reasons {
                *invalid.entry(reason_key(why)).or_insert(0) += 1;
            }
            continue;
        }
        if let Some(score) = weighted_score(spec, r, &mut sums) {
            scores.push(score);
        }
    }
    let valid = count("有效问卷", scores.len())?;
    if let Some(big_n) = households.filter(|big_n| valid > *big_n) {
        return Err(SatisfactionError::Invalid(vec![FieldError::new(
            "households",
            format!(
                "有效问卷 {valid} 份，多于住户数 {big_n}，住户数有误 (more valid responses than households)"
            ),
        )]));
    }
    let index = mean(&scores).map(|m| round_opt(rounding, RoundAt::Total, m));
    let satisfied = scores.iter().filter(|s| **s >= spec.satisfied_at).count();
    let meets = share_meets(spec, satisfied as u64, valid);
    let share_satisfied = format.share(satisfied as u64, valid);
    let as_f64 = scores
        .iter()
        .map(|s| to_f64("受访户得分", *s))
        .collect::<Result<Vec<f64>, _>>()?;
    let required_sample = households
        .map(|n| sample_size(&spec.sample, n))
        .transpose()?;
    Ok(SatisfactionIndex {
        index,
        dimensions: dimension_rows(&spec.dimensions, &sums, rounding)?,
        meets_benchmark: meets,
        share_satisfied,
        valid,
        invalid,
        invalid_responses,
        interval: IndexInterval::publish(
            &mean_interval(&as_f64, spec.sample.confidence, households)?,
            format,
        )?,
        sample_adequate: required_sample.map(|n| valid >= n),
        required_sample,
    })
}

/// A respondent's weighted score (0–100), weights re-normalised over the dimensions they
/// answered; None when nothing was answered.
pub fn respondent_score(spec: &SatisfactionSpec, r: &SurveyResponse) -> Option<Decimal> {
    let mut sums = vec![(Decimal::ZERO, 0); spec.dimensions.len()];
    weighted_score(spec, r, &mut sums)
}

/// [`respondent_score`], adding each dimension's answers to `sums`.
fn weighted_score(
    spec: &SatisfactionSpec,
    r: &SurveyResponse,
    sums: &mut [(Decimal, usize)],
) -> Option<Decimal> {
    let (mut weighted, mut weights) = (Decimal::ZERO, Decimal::ZERO);
    for (d, acc) in spec.dimensions.iter().zip(sums.iter_mut()) {
        let values: Vec<Decimal> = d
            .questions
            .iter()
            .filter_map(|q| r.answers.get(&q.code))
            .filter_map(|label| spec.value_of(label))
            .collect();
        if let Some(m) = mean(&values) {
            weighted += d.weight * m;
            weights += d.weight;
            acc.0 += values.iter().sum::<Decimal>();
            acc.1 += values.len();
        }
    }
    (!weights.is_zero()).then(|| weighted / weights)
}

fn dimension_rows(
    dims: &[Dimension],
    sums: &[(Decimal, usize)],
    rounding: Option<&Rounding>,
) -> Result<Vec<DimensionIndex>, StatsError> {
    dims.iter()
        .zip(sums)
        .map(|(d, (sum, n))| {
            Ok(DimensionIndex {
                code: d.code.clone(),
                title: d.title.clone(),
                weight: d.weight,
                mean: (*n > 0)
                    .then(|| round_opt(rounding, RoundAt::Category, *sum / Decimal::from(*n))),
                answers: count("维度答题", *n)?,
            })
        })
        .collect()
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    (!values.is_empty()).then(|| values.iter().sum::<Decimal>() / Decimal::from(values.len()))
}

/// The stable key of an invalidity reason (`too_fast`, `straight_lined`, …), as counted.
pub fn reason_key(why: &super::Invalidity) -> String {
    use super::Invalidity as I;
    use super::invalid::InvalidReason as R;
    // Through the labelled reason, so a new kind without a label cannot compile (its count
    // would otherwise fail to serialise).
    match why {
        I::UnknownQuestion { .. } => R::UnknownQuestion,
        I::UnknownAnswer { .. } => R::UnknownAnswer,
        I::UnverifiedStart => R::UnverifiedStart,
        I::TooFast { .. } => R::TooFast,
        I::TooManyUnanswered { .. } => R::TooManyUnanswered,
        I::StraightLined { .. } => R::StraightLined,
    }
    .code()
    .to_owned()
}

/// Whether the exact share satisfied (not its rounded figure) reaches the benchmark:
/// satisfied × 1 ≥ benchmark × valid, compared without dividing.
pub fn share_meets(spec: &SatisfactionSpec, satisfied: u64, valid: u32) -> bool {
    valid > 0 && Decimal::from(satisfied) >= spec.benchmark * Decimal::from(valid)
}
