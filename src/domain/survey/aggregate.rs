//! Sufficient statistics of a project's responses (count, sum, sum of squares per key) and the
//! satisfaction index computed from them alone, in time independent of the responses' number.
//!
//! Keys: `responses` (every response), `q:<question>` (each answered question's value),
//! `score` (each valid respondent's weighted score), `satisfied` (valid respondents reaching
//! `satisfied_at`), `invalid:<reason>` (responses thrown out, by reason).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::Serialize;

use crate::domain::rubric::model::{RoundAt, Rounding, round_opt};
use crate::domain::rubric::satisfaction::{
    DimensionIndex, Estimate, IndexInterval, Invalidity, SatisfactionError, SatisfactionIndex,
    SatisfactionSpec, Summary, SurveyResponse, invalidities, reason_key, respondent_score,
    sample_size, share_meets, summary_interval,
};
use crate::domain::rubric::statistic::StatFormat;
use crate::domain::stats::{StatsError, to_f64};

/// Count, sum and sum of squares of one key's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Moments {
    /// Values added.
    pub n: i64,
    /// Their sum.
    pub total: f64,
    /// Their sum of squares.
    pub total_sq: f64,
}

impl Moments {
    /// Adds one value.
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.total += x;
        self.total_sq += x * x;
    }

    /// Adds another set of moments (pooling projects).
    pub fn merge(&mut self, other: &Moments) {
        self.n += other.n;
        self.total += other.total;
        self.total_sq += other.total_sq;
    }

    /// Whether two sets agree to rounding (sums in a different order differ in the last bits).
    pub fn agrees(&self, other: &Moments) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        self.n == other.n && close(self.total, other.total) && close(self.total_sq, other.total_sq)
    }
}

/// Moments by key.
pub type Stats = BTreeMap<String, Moments>;

/// The respondent index's key.
pub const SCORE: &str = "score";
/// Every response's key.
pub const RESPONSES: &str = "responses";
/// Satisfied respondents' key.
pub const SATISFIED: &str = "satisfied";

/// A response's validity verdict (every reason it does not count) and what it adds to the
/// statistics, as `(key, value)` pairs.
pub type Contribution = (Result<(), Vec<Invalidity>>, Vec<(String, f64)>);

/// A response's [`Contribution`].
pub fn contributions(
    spec: &SatisfactionSpec,
    r: &SurveyResponse,
) -> Result<Contribution, StatsError> {
    let mut out = vec![(RESPONSES.to_owned(), 1.0)];
    let reasons = invalidities(spec, r);
    if !reasons.is_empty() {
        // Every reason is counted under its own key; the number of invalid responses is
        // `responses` less the valid ones, so a response with two reasons is one response.
        for why in &reasons {
            out.push((format!("invalid:{}", reason_key(why)), 1.0));
        }
        return Ok((Err(reasons), out));
    }
    for (question, label) in &r.answers {
        if let Some(v) = spec.value_of(label) {
            out.push((format!("q:{question}"), to_f64("答案分值", v)?));
        }
    }
    if let Some(score) = respondent_score(spec, r) {
        out.push((SCORE.to_owned(), to_f64("受访户得分", score)?));
        if score >= spec.satisfied_at {
            out.push((SATISFIED.to_owned(), 1.0));
        }
    }
    Ok((Ok(()), out))
}

/// Adds `pairs` to `stats`.
pub fn accumulate(stats: &mut Stats, pairs: &[(String, f64)]) {
    for (key, x) in pairs {
        stats.entry(key.clone()).or_default().add(*x);
    }
}

/// The population and sample of the projects an index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    /// Households (N), summed over projects.
    pub households: u32,
    /// Required valid responses, summed over the projects' own requirements.
    pub required: u32,
}

/// The satisfaction index from `stats` (one project's, or several pooled); see the module
/// docs. The same figures as [`crate::domain::rubric::satisfaction::index`] over the raw
/// responses, up to floating-point rounding of the sums (the index is rounded from a mean
/// first cut to nine decimals, so that rounding never moves its last published digit).
pub fn index_of(
    spec: &SatisfactionSpec,
    rounding: Option<&Rounding>,
    format: StatFormat,
    stats: &Stats,
    population: Option<Population>,
) -> Result<SatisfactionIndex, SatisfactionError> {
    let get = |key: &str| stats.get(key).copied().unwrap_or_default();
    let score = get(SCORE);
    let (index, valid) = index_alone(rounding, stats)?;
    let satisfied = u64::try_from(get(SATISFIED).n).unwrap_or(0);
    let share_satisfied = format.share(satisfied, valid);
    Ok(SatisfactionIndex {
        index,
        dimensions: dimensions(spec, rounding, stats)?,
        meets_benchmark: share_meets(spec, satisfied, valid),
        share_satisfied,
        valid,
        invalid: invalid_counts(stats),
        invalid_responses: u32::try_from((get(RESPONSES).n - score.n).max(0)).unwrap_or(u32::MAX),
        interval: IndexInterval::publish(&estimate(spec, stats, population)?, format)?,
        required_sample: population.map(|p| p.required),
        sample_adequate: population.map(|p| valid >= p.required),
    })
}

/// The index alone — the mean score of the valid answers, rounded as the rubric says, `None`
/// without any — with the number of valid answers: what a credit rating reads of a project,
/// without the interval and dimensions [`index_of`] adds around the same value.
pub fn index_alone(
    rounding: Option<&Rounding>,
    stats: &Stats,
) -> Result<(Option<Decimal>, u32), StatsError> {
    let score = stats.get(SCORE).copied().unwrap_or_default();
    let valid = u32::try_from(score.n).map_err(|_| StatsError::CountOutOfRange {
        what: "有效问卷",
        count: usize::MAX,
    })?;
    let mean = (valid > 0).then(|| score.total / f64::from(valid));
    let index = mean
        .map(|m| decimal(m, "满意度指数"))
        .transpose()?
        .map(|m| rounded(rounding, RoundAt::Total, m));
    Ok((index, valid))
}

/// The index's interval from `stats`, unrounded (published by [`index_of`]).
pub fn estimate(
    spec: &SatisfactionSpec,
    stats: &Stats,
    population: Option<Population>,
) -> Result<Estimate, StatsError> {
    let score = stats.get(SCORE).copied().unwrap_or_default();
    let valid = u32::try_from(score.n).map_err(|_| StatsError::CountOutOfRange {
        what: "有效问卷",
        count: usize::MAX,
    })?;
    let n = f64::from(valid.max(1));
    let ss = score.total_sq - score.total * score.total / n;
    // More valid answers than households cannot be (codes are capped at one per household);
    // should the ledger's count be wrong, the interval goes without the correction rather
    // than the whole index failing.
    let households = population.map(|p| p.households).filter(|h| *h >= valid);
    let summary = Summary {
        n: valid,
        mean: score.total / n,
        ss,
    };
    summary_interval(summary, spec.sample.confidence, households)
}

/// Rounded at `stage` and, when rounded, written with all the rule's places ("72.50"), as
/// every published figure is.
fn rounded(rule: Option<&Rounding>, stage: RoundAt, value: Decimal) -> Decimal {
    let mut v = round_opt(rule, stage, value);
    if let Some(r) = rule.filter(|r| r.at.contains(&stage)) {
        v.rescale(r.places);
    }
    v
}

fn decimal(x: f64, what: &'static str) -> Result<Decimal, StatsError> {
    Decimal::from_f64(x)
        .map(|d| d.round_dp(9))
        .ok_or(StatsError::NonFinite { what, value: x })
}

fn dimensions(
    spec: &SatisfactionSpec,
    rounding: Option<&Rounding>,
    stats: &Stats,
) -> Result<Vec<DimensionIndex>, StatsError> {
    let mut rows = Vec::with_capacity(spec.dimensions.len());
    for d in &spec.dimensions {
        let mut m = Moments::default();
        for q in &d.questions {
            if let Some(s) = stats.get(&format!("q:{}", q.code)) {
                m.merge(s);
            }
        }
        let mean = match m.n {
            0 => None,
            n => Some(rounded(
                rounding,
                RoundAt::Category,
                decimal(m.total / n as f64, "维度平均分")?,
            )),
        };
        rows.push(DimensionIndex {
            code: d.code.clone(),
            title: d.title.clone(),
            weight: d.weight,
            mean,
            answers: u32::try_from(m.n).unwrap_or(u32::MAX),
        });
    }
    Ok(rows)
}

fn invalid_counts(stats: &Stats) -> BTreeMap<String, u32> {
    stats
        .iter()
        .filter_map(|(k, m)| {
            let reason = k.strip_prefix("invalid:")?;
            Some((reason.to_owned(), u32::try_from(m.n).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// A project's required sample from its households by the rubric's rule.
pub fn required_sample(spec: &SatisfactionSpec, households: u32) -> Result<u32, StatsError> {
    sample_size(&spec.sample, households)
}
