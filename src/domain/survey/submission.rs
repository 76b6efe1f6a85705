//! A resident's submission checked against the questionnaire before anything is written:
//! the code's form, each answer against the questions and the scale, the comment, and the
//! started/finished instants against each other and the clock.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::code::InvitationCode;
use crate::domain::FieldError;
use crate::domain::rubric::satisfaction::{SatisfactionSpec, SurveyResponse};
use crate::domain::text::{self, Lines};

/// Longest comment, in characters.
pub const COMMENT_MAX: usize = 500;

/// How far a phone's clock may run ahead of the server's before `finished_at` counts as "in
/// the future" (assumption — for the bureau to confirm: phone clocks drift by minutes).
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// A submission as it arrives (API body, answer page form, paper row).
#[derive(Debug, Clone, Default)]
pub struct RawSubmission {
    /// The invitation code as typed.
    pub code: String,
    /// Question code → answer label.
    pub answers: BTreeMap<String, String>,
    /// Optional comment.
    pub comment: Option<String>,
    /// When the resident opened the questionnaire (RFC 3339).
    pub started_at: String,
    /// When they finished (RFC 3339).
    pub finished_at: String,
    /// A paper sheet's survey date (入户调查): set, the sheet was filled in at the door, nobody
    /// timed it, and `started_at`/`finished_at` are not read. The caller checks the date
    /// against the round's window and the calendar.
    pub surveyed_on: Option<jiff::civil::Date>,
    /// The answer page's signed start time did not verify: `started_at` is not a time anyone
    /// vouches for, the time taken is left unknown and the response is kept as invalid.
    pub unverified_start: bool,
    /// The start token a program sent (its times were then set by the server): the identity
    /// of a retried request in place of those times.
    pub start_token: Option<String>,
}

/// A checked submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The code (well-formed; whether it exists is the store's question).
    pub code: InvitationCode,
    /// The answers, each to a known question with a label on the scale.
    pub response: SurveyResponse,
    /// The comment, trimmed.
    pub comment: Option<String>,
    /// The coarse time bucket it is kept under: the Beijing hour it was finished in
    /// (`2026-06-15T10`), or a paper sheet's survey date (`2026-06-15`).
    pub bucket: String,
}

/// Checks `raw` against `spec` at `now`; every problem is reported, each naming its field
/// (`code`, `answers.A1`, `comment`, `started_at`, `finished_at`).
pub fn check(
    spec: &SatisfactionSpec,
    raw: &RawSubmission,
    now: Timestamp,
) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = InvitationCode::parse("code", &raw.code).map_err(|e| errors.push(e));
    check_answers(spec, &raw.answers, &mut errors);
    let comment = text::optional("comment", raw.comment.as_deref(), COMMENT_MAX, Lines::Multi)
        .map_err(|e| errors.push(e));
    let timing = timing(raw, now).map_err(|e| errors.push(e));
    match (code, comment, timing) {
        (Ok(code), Ok(comment), Ok((seconds, bucket))) if errors.is_empty() => Ok(Submission {
            code,
            response: SurveyResponse {
                answers: raw.answers.clone(),
                seconds: seconds.filter(|_| !raw.unverified_start),
                unverified_start: raw.unverified_start,
            },
            comment,
            bucket,
        }),
        _ => Err(errors),
    }
}

/// The seconds taken (none for a paper sheet) and the time bucket.
fn timing(raw: &RawSubmission, now: Timestamp) -> Result<(Option<u32>, String), FieldError> {
    if let Some(day) = raw.surveyed_on {
        return Ok((None, day.to_string()));
    }
    let (started, finished) = instants(raw, now)?;
    let seconds = finished.duration_since(started).as_secs();
    let bucket = finished
        .to_zoned(crate::domain::period::beijing())
        .strftime("%Y-%m-%dT%H")
        .to_string();
    Ok((Some(u32::try_from(seconds).unwrap_or(u32::MAX)), bucket))
}

/// Each answer names a question of the questionnaire and a label on its scale.
fn check_answers(
    spec: &SatisfactionSpec,
    answers: &BTreeMap<String, String>,
    errors: &mut Vec<FieldError>,
) {
    let labels: Vec<&str> = spec.scale.iter().map(|s| s.label.as_str()).collect();
    for (question, label) in answers {
        let field = format!("answers.{question}");
        let known = spec
            .dimensions
            .iter()
            .flat_map(|d| &d.questions)
            .any(|q| &q.code == question);
        if !known {
            let shown: String = question.chars().take(20).collect();
            errors.push(FieldError::new(
                "answers",
                format!("问卷中没有题目 {shown:?} (unknown question)"),
            ));
        } else if spec.value_of(label).is_none() {
            errors.push(FieldError::new(
                field,
                format!(
                    "答案须为 {} 之一 (answer not on the scale)",
                    labels.join("、")
                ),
            ));
        }
    }
}

/// The started and finished instants: both RFC 3339, finished not before started and not in
/// the future (beyond the allowed clock skew).
fn instants(raw: &RawSubmission, now: Timestamp) -> Result<(Timestamp, Timestamp), FieldError> {
    let read = |field: &str, text: &str| {
        text.parse::<Timestamp>().map_err(|_| {
            FieldError::new(
                field,
                "应为带时区的时间，如 2026-06-15T10:00:00+08:00 (RFC 3339 instant expected)",
            )
        })
    };
    let started = read("started_at", &raw.started_at)?;
    let finished = read("finished_at", &raw.finished_at)?;
    let latest = now
        .checked_add(SignedDuration::from_secs(CLOCK_SKEW_SECONDS))
        .unwrap_or(now);
    if finished > latest {
        return Err(FieldError::new(
            "finished_at",
            "完成时间晚于当前时间 (finished in the future)",
        ));
    }
    if finished < started {
        return Err(FieldError::new(
            "finished_at",
            "完成时间早于开始时间 (finished before it started)",
        ));
    }
    Ok((started, finished))
}
