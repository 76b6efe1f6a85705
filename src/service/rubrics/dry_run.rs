//! 试算 (dry run): scores posted inputs against a rubric without storing anything. The input's
//! shape follows the rubric's kind; for a points rubric, several subjects may be posted at once
//! and are then ranked and graded as a set, by the same domain rules as a period's results.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::FieldError;
use crate::domain::number;
use crate::domain::rubric::{
    CompositeResult, CreditInputs, CreditResult, Kind, QuotaDecision, Rubric, SatisfactionIndex,
    ScoreResult, SubjectInputs, SurveyResponse, assign_grades_with_quota, composite_score,
    credit_score, rank_results, satisfaction_index, score,
};
use crate::service::ServiceError;

/// Longest text in a dry run's input, in characters: the longest text those inputs carry is
/// a not-applicable reason ([`crate::domain::assessment::NOT_APPLICABLE_REASON_MAX`]).
pub const DRY_RUN_TEXT_MAX: usize = crate::domain::assessment::NOT_APPLICABLE_REASON_MAX;

/// Most subjects in one multi-subject dry run (a county has a few dozen units; the cap keeps
/// one request's work bounded).
pub const DRY_RUN_SUBJECTS_MAX: usize = 200;

/// Several subjects of a points rubric, scored, ranked and graded together.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectSet {
    /// Each subject's inputs (1–200).
    #[schemars(length(min = 1, max = 200))]
    pub subjects: Vec<SubjectInputs>,
}

/// A satisfaction survey's responses.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyInputs {
    /// One per household.
    pub responses: Vec<SurveyResponse>,
    /// Households in the project (N): enables the sample-adequacy check and the interval's
    /// finite-population correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households: Option<u32>,
}

/// The parts of a composite rubric.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompositeInputs {
    /// Part name → its score (0–100, at most 4 decimals).
    #[schemars(with = "BTreeMap<String, number::schema::Index>")]
    pub values: BTreeMap<String, Decimal>,
}

/// What a dry run takes, by the rubric's kind (read by the kind, not by trying each shape).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DryRunInput {
    /// `unit-assessment` / `service-quality`: several subjects, ranked and graded as a set.
    Subjects(SubjectSet),
    /// `unit-assessment` / `service-quality`: one subject.
    Subject(SubjectInputs),
    /// `satisfaction`.
    Survey(SurveyInputs),
    /// `credit`.
    Credit(CreditInputs),
    /// `composite`.
    Composite(CompositeInputs),
}

/// Several subjects' results, with the ranking and the top-grade quota as they would apply to
/// that set.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SubjectSetResult {
    /// Each subject's result with its trace, in the order posted.
    pub results: Vec<ScoreResult>,
    /// Each subject's rank by the rubric's ranking rules (vetoed subjects after all others),
    /// in the order posted.
    pub ranks: Vec<u32>,
    /// Each subject's grade before and after the rubric's top-grade quota, in the order posted.
    pub quota: Vec<QuotaDecision>,
}

/// What a dry run returns, by the rubric's kind and the input's shape.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DryRunOutput {
    /// Several subjects of a points rubric.
    Subjects(SubjectSetResult),
    /// One subject of a points rubric.
    Subject(Box<ScoreResult>),
    /// A satisfaction index.
    Survey(SatisfactionIndex),
    /// A credit rating.
    Credit(CreditResult),
    /// A composite result.
    Composite(CompositeResult),
}

/// Reads `input` as `T`, naming the bad field.
fn parse<T: DeserializeOwned>(input: serde_json::Value) -> Result<T, ServiceError> {
    serde_path_to_error::deserialize(input).map_err(|e| {
        let error = crate::domain::read_error::field_error(
            "",
            &e.path().to_string(),
            &e.inner().to_string(),
        );
        ServiceError::Invalid(vec![error])
    })
}

/// Checks decimals as written, against their declared bounds, before serde reads (and would
/// round) them. Each subject of a set is checked with its own path prefix.
fn check_decimals(kind: Kind, input: &serde_json::Value) -> Result<(), ServiceError> {
    let prefixed = |i: usize, errors: Vec<FieldError>| {
        errors
            .into_iter()
            .map(move |e| FieldError::new(format!("subjects[{i}].{}", e.field), e.message))
    };
    match (kind, input.get("subjects").and_then(|s| s.as_array())) {
        (Kind::UnitAssessment | Kind::ServiceQuality, Some(subjects)) => {
            let errors: Vec<FieldError> = subjects
                .iter()
                .enumerate()
                .filter_map(|(i, s)| number::check_subject_inputs(s).err().map(|e| (i, e)))
                .flat_map(|(i, e)| prefixed(i, e))
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            }
        }
        (Kind::UnitAssessment | Kind::ServiceQuality, None) => number::check_subject_inputs(input),
        (Kind::Credit, _) => number::check_credit_inputs(input),
        (Kind::Composite, _) => number::check_composite_inputs(input),
        (Kind::Satisfaction, _) => Ok(()),
    }
    .map_err(ServiceError::Invalid)
}

/// Scores a set of subjects and ranks and grades them together.
fn score_set(rubric: &Rubric, set: &SubjectSet) -> Result<SubjectSetResult, ServiceError> {
    if set.subjects.is_empty() || set.subjects.len() > DRY_RUN_SUBJECTS_MAX {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "subjects",
            format!(
                "应有 1 至 {DRY_RUN_SUBJECTS_MAX} 个被考核对象 (1 to {DRY_RUN_SUBJECTS_MAX} subjects)"
            ),
        )]));
    }
    let mut results = Vec::with_capacity(set.subjects.len());
    for (i, subject) in set.subjects.iter().enumerate() {
        let result = score(rubric, subject).map_err(|errors| {
            let errors = errors
                .into_iter()
                .map(|e| FieldError::new(format!("subjects[{i}].{}", e.field), e.message));
            ServiceError::Invalid(errors.collect())
        })?;
        results.push(result);
    }
    let ranks = rank_results(rubric, &results).map_err(ServiceError::Invalid)?;
    let quota = assign_grades_with_quota(rubric, &results).map_err(ServiceError::Invalid)?;
    Ok(SubjectSetResult {
        results,
        ranks,
        quota,
    })
}

/// Scores posted inputs against a rubric without storing anything, returning the result with
/// its full trace; see [`DryRunInput`] for the shapes. Every text in the input (subjects,
/// codes, labels, not-applicable reasons, titles) is one line of at most
/// [`DRY_RUN_TEXT_MAX`] characters.
pub fn dry_run(rubric: &Rubric, input: serde_json::Value) -> Result<DryRunOutput, ServiceError> {
    crate::domain::text::json_strings(
        "",
        &input,
        DRY_RUN_TEXT_MAX,
        crate::domain::text::Lines::Single,
    )?;
    check_decimals(rubric.kind(), &input)?;
    Ok(match rubric.kind() {
        Kind::UnitAssessment | Kind::ServiceQuality if input.get("subjects").is_some() => {
            DryRunOutput::Subjects(score_set(rubric, &parse(input)?)?)
        }
        Kind::UnitAssessment | Kind::ServiceQuality => {
            DryRunOutput::Subject(Box::new(score(rubric, &parse(input)?)?))
        }
        Kind::Satisfaction => {
            let s: SurveyInputs = parse(input)?;
            DryRunOutput::Survey(satisfaction_index(rubric, &s.responses, s.households)?)
        }
        Kind::Credit => DryRunOutput::Credit(credit_score(rubric, &parse(input)?)?),
        Kind::Composite => {
            let c: CompositeInputs = parse(input)?;
            DryRunOutput::Composite(composite_score(rubric, &c.values)?)
        }
    })
}
