//! `satisfaction` rubrics: questionnaire, answer scale, validity and sample-size rules, and the
//! satisfaction index (满意度指数).

mod index;
mod interval;
pub mod invalid;
mod published;
mod sample;
mod stats;
mod validity;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use index::{
    DimensionIndex, SatisfactionError, SatisfactionIndex, index, reason_key, respondent_score,
    share_meets,
};
pub use interval::{
    Estimate, EstimateBounds, NoInterval, Summary, mean_interval, summary_interval,
};
pub use published::{Bounds, IndexInterval};
pub use sample::sample_size;
pub use stats::{normal_quantile, t_quantile};
pub use validity::{Invalidity, SurveyResponse, check_validity, invalidities};

/// The validated `[satisfaction]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SatisfactionSpec {
    /// Answer labels and their values (0–100).
    pub scale: Vec<ScalePoint>,
    /// A respondent whose weighted score reaches this counts as satisfied.
    pub satisfied_at: Decimal,
    /// Benchmark for the share satisfied (e.g. 0.8).
    pub benchmark: Decimal,
    /// Weighted dimensions with their questions.
    pub dimensions: Vec<Dimension>,
    /// When a questionnaire is thrown out.
    pub validity: ValidityRule,
    /// How many households to survey.
    pub sample: SampleRule,
}

/// One answer label and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScalePoint {
    /// Label as printed, e.g. 满意.
    pub label: String,
    /// Value 0–100.
    pub value: Decimal,
}

/// A weighted group of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Dimension {
    /// Stable code.
    pub code: String,
    /// Chinese title.
    pub title: String,
    /// Weight in the index (dimensions sum to 1).
    pub weight: Decimal,
    /// Questions of the dimension.
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Question {
    /// Stable code used in responses.
    pub code: String,
    /// Question text.
    pub text: String,
}

/// Rules that invalidate a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ValidityRule {
    /// Throw out identical answers to every question (straight-lining).
    pub straight_lining: bool,
    /// Straight-lining only counts with at least this many answers.
    pub straight_lining_min_answers: u32,
    /// Largest share of unanswered questions still valid (0.2: more than 20% is invalid).
    pub max_unanswered_share: Decimal,
    /// Faster than this many seconds is invalid.
    pub min_seconds: u32,
}

/// Sample-size rule: n₀ = z²p(1−p)/e², finite-population correction, floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SampleRule {
    /// Confidence level, e.g. 0.95.
    pub confidence: Decimal,
    /// Margin of error, e.g. 0.05.
    pub margin: Decimal,
    /// Assumed proportion, 0.5 is the most conservative.
    pub p: Decimal,
    /// Fewest households surveyed (all of them when there are fewer).
    pub minimum: u32,
    /// Published (public) indices show a project only with at least this many valid
    /// responses, so a small estate's few answers are never exposed one by one.
    #[serde(default = "default_publish_minimum")]
    pub publish_minimum: u32,
}

fn default_publish_minimum() -> u32 {
    10
}

impl SatisfactionSpec {
    /// Value of an answer label.
    pub fn value_of(&self, label: &str) -> Option<Decimal> {
        self.scale
            .iter()
            .find(|s| s.label == label)
            .map(|s| s.value)
    }

    /// Number of questions in the questionnaire.
    pub fn question_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.questions.len()).sum()
    }
}
