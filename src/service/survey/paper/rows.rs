//! First pass over a paper-survey sheet, without the database: each row becomes a submission
//! for the writer's checks (`ingest::batch`), or problems naming its cells. What only a paper
//! row has is checked here: the survey date within the round and not in the future, the
//! surveyor, option codes, and a code given twice in the file.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;

use crate::domain::FieldError;
use crate::domain::ledger::fields;
use crate::domain::rubric::satisfaction::SatisfactionSpec;
use crate::domain::survey::code::InvitationCode;
use crate::domain::survey::submission::RawSubmission;
use crate::domain::text::{self, Lines};
use crate::service::survey::ingest::{Item, PAPER};
use crate::sheet::paper::{self, CODE, COMMENT, DATE, PaperSheet, SURVEYOR};
use crate::sheet::{CellProblem, RawRow};

/// Longest surveyor name, in characters.
pub const SURVEYOR_MAX: usize = 50;

/// A row ready for the writer.
#[derive(Debug, Clone)]
pub struct Line {
    /// Index of the row in the sheet's table.
    pub at: usize,
    /// The submission.
    pub item: Item,
}

/// Everything the first pass found.
#[derive(Debug, Default)]
pub struct Parsed {
    pub lines: Vec<Line>,
    pub problems: Vec<CellProblem>,
    /// The surveyors named, sorted (kept with the import, never with a response).
    pub surveyors: BTreeSet<String>,
}

/// The days a paper sheet may carry: from the round's first day to today (Beijing).
#[derive(Debug, Clone, Copy)]
pub struct Days {
    pub first: Date,
    pub today: Date,
}

/// Parses every row of `sheet` against the questionnaire `spec`.
pub fn parse(sheet: &PaperSheet, spec: &SatisfactionSpec, days: Days, key: &[u8]) -> Parsed {
    let mut out = Parsed::default();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (at, row) in sheet.table.rows.iter().enumerate() {
        let mut errors = Vec::new();
        let code = InvitationCode::parse(CODE, sheet.get(row, CODE)).map_err(|e| errors.push(e));
        if let Ok(code) = &code
            && let Some(first) = seen.insert(code.shown(), row.number)
        {
            errors.push(FieldError::new(
                CODE,
                format!("与第 {first} 行的邀请码重复，每个邀请码只能提交一次 (code given twice)"),
            ));
        }
        let day = date(sheet.get(row, DATE), days).map_err(|e| errors.push(e));
        let surveyor = text::required(
            SURVEYOR,
            sheet.get(row, SURVEYOR),
            SURVEYOR_MAX,
            Lines::Single,
        )
        .map_err(|e| errors.push(e));
        let answers = answers(sheet, row, spec, &mut errors);
        out.problems.extend(
            errors
                .iter()
                .map(|e| sheet.problem(row, &e.field, &e.message)),
        );
        if let (Ok(code), Ok(day), Ok(surveyor), true) = (code, day, surveyor, errors.is_empty()) {
            out.surveyors.insert(surveyor);
            out.lines.push(Line {
                at,
                item: item(&code, answers, sheet.get(row, COMMENT), day, key),
            });
        }
    }
    out
}

/// The survey date: a date as officials write it, within `days`.
fn date(text: &str, days: Days) -> Result<Date, FieldError> {
    if text.is_empty() {
        return Err(FieldError::new(DATE, "调查日期为必填项 (required)"));
    }
    let day = fields::date(DATE, text)?;
    if day < days.first || day > days.today {
        return Err(FieldError::new(
            DATE,
            format!(
                "调查日期须在本轮开始（{}）至今天（{}）之间 (survey date outside the round)",
                days.first, days.today
            ),
        ));
    }
    Ok(day)
}

/// The answered questions: each non-blank cell an option code or label of the scale.
fn answers(
    sheet: &PaperSheet,
    row: &RawRow,
    spec: &SatisfactionSpec,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for col in &sheet.columns {
        let (Some(question), cell) = (&col.question, sheet.get(row, &col.key)) else {
            continue;
        };
        if cell.is_empty() {
            continue; // unanswered: the validity rules count it
        }
        match paper::answer_label(spec, cell) {
            Some(label) => {
                out.insert(question.clone(), label.to_owned());
            }
            None => errors.push(FieldError::new(
                col.key.clone(),
                format!(
                    "应填写选项编号或选项文字：{}；未作答留空 (not an option)",
                    paper::option_hint(spec)
                ),
            )),
        }
    }
    out
}

/// The writer's item of a parsed row: channel paper, no idempotency key (the import is one
/// transaction; a file is imported once).
fn item(
    code: &InvitationCode,
    answers: BTreeMap<String, String>,
    comment: &str,
    day: Date,
    key: &[u8],
) -> Item {
    Item {
        code_hash: code.keyed_hash(key),
        legacy_hash: code.legacy_hash(),
        raw: RawSubmission {
            code: code.shown(),
            answers,
            comment: Some(comment.to_owned()).filter(|c| !c.is_empty()),
            started_at: String::new(),
            finished_at: String::new(),
            surveyed_on: Some(day),
            unverified_start: false,
            start_token: None,
        },
        channel: PAPER,
        idempotency: None,
    }
}
