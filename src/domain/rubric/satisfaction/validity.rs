//! Questionnaire validity: straight-lining, too many blanks, too fast.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::SatisfactionSpec;

/// One household's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SurveyResponse {
    /// Question code → answer label (e.g. 满意); unanswered questions are absent.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Seconds from opening to submitting; `None` when nobody timed it (a paper sheet filled
    /// in at the door), and then the too-fast rule has nothing to judge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
    /// The answer page's signed start time did not verify (forged, altered, of another code or
    /// outside the round): the time taken is unknown and the response does not count.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unverified_start: bool,
}

/// Why a questionnaire does not count.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Invalidity {
    /// An answer to a question the questionnaire does not have.
    #[error("未知题目 {question} (unknown question)")]
    UnknownQuestion {
        /// The code given.
        question: String,
    },
    /// A label that is not on the scale.
    #[error("题目 {question} 的答案 {label} 不在量表中 (answer not on the scale)")]
    UnknownAnswer {
        /// Question code.
        question: String,
        /// The label given.
        label: String,
    },
    /// The start time the answer page signed did not verify, so the time taken is unknown.
    #[error("开始答题时间的凭据无效或已过期，用时无法核实 (start time not verified)")]
    UnverifiedStart,
    /// Completed faster than the minimum time.
    #[error("用时 {seconds} 秒，少于 {min_seconds} 秒 (completed too fast)")]
    TooFast {
        /// Time taken.
        seconds: u32,
        /// The rule's minimum.
        min_seconds: u32,
    },
    /// More than the allowed share left blank.
    #[error("{unanswered}/{questions} 题未答，超过允许比例 (too many unanswered)")]
    TooManyUnanswered {
        /// Blank questions.
        unanswered: usize,
        /// Questions in the questionnaire.
        questions: usize,
    },
    /// The same answer to every question.
    #[error("全部答案均为 {label} (straight-lined)")]
    StraightLined {
        /// The one label used.
        label: String,
    },
}

/// `Ok(())` when the response counts toward the index, else its first reason (see
/// [`invalidities`] for all of them).
pub fn check_validity(
    spec: &SatisfactionSpec,
    response: &SurveyResponse,
) -> Result<(), Invalidity> {
    match invalidities(spec, response).into_iter().next() {
        Some(first) => Err(first),
        None => Ok(()),
    }
}

/// Every reason the response does not count, in the rules' order (none: it counts).
pub fn invalidities(spec: &SatisfactionSpec, response: &SurveyResponse) -> Vec<Invalidity> {
    let mut out = off_questionnaire(spec, response);
    let rule = &spec.validity;
    if response.unverified_start {
        out.push(Invalidity::UnverifiedStart);
    }
    if let Some(seconds) = response.seconds
        && seconds < rule.min_seconds
    {
        out.push(Invalidity::TooFast {
            seconds,
            min_seconds: rule.min_seconds,
        });
    }
    // Counted in `usize`, never narrowed: no count is clamped into a wrong one.
    let questions = spec.question_count();
    let answered = response.answers.len();
    let unanswered = questions.saturating_sub(answered);
    // Exact comparison: 2 blanks out of 10 is exactly 20% and still valid.
    if Decimal::from(unanswered) > rule.max_unanswered_share * Decimal::from(questions) {
        out.push(Invalidity::TooManyUnanswered {
            unanswered,
            questions,
        });
    }
    let mut labels = response.answers.values();
    if let (true, Some(first)) = (
        rule.straight_lining && answered >= rule.straight_lining_min_answers as usize,
        labels.next(),
    ) && labels.all(|l| l == first)
    {
        out.push(Invalidity::StraightLined {
            label: first.clone(),
        });
    }
    out
}

/// Answers to questions the questionnaire does not have, or labels off its scale.
fn off_questionnaire(spec: &SatisfactionSpec, response: &SurveyResponse) -> Vec<Invalidity> {
    let mut out = Vec::new();
    for (question, label) in &response.answers {
        let known = spec
            .dimensions
            .iter()
            .flat_map(|d| &d.questions)
            .any(|q| &q.code == question);
        if !known {
            out.push(Invalidity::UnknownQuestion {
                question: question.clone(),
            });
        } else if spec.value_of(label).is_none() {
            out.push(Invalidity::UnknownAnswer {
                question: question.clone(),
                label: label.clone(),
            });
        }
    }
    out
}
