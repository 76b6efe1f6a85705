//! A conduct record (良好 / 不良行为记录) as an official enters it, from JSON or a workbook row:
//! each field's rule declared once, then the rules that need the rubric — the kind must be one
//! of the rubric's, its points are the kind's (never typed differently), the window is the
//! kind's months unless the record states its last day, and only a bad record has a
//! rectification deadline.

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;
use validator::Validate;

use crate::domain::FieldError;
use crate::domain::field_rules as rules;
use crate::domain::labelled::labelled_enum;
use crate::domain::ledger::fields;
use crate::domain::ledger::records::Errors;
use crate::domain::rubric::credit::{Conduct, CreditSpec, RecordType};
use crate::domain::text::{self, Lines};

/// Longest document number (文号), in characters.
pub const MAX_REFERENCE: usize = 100;
/// Longest issuing body, in characters.
pub const MAX_ISSUER: usize = 100;
/// Longest note or reason, in characters.
pub const MAX_NOTE: usize = 1000;

labelled_enum!(
    /// How a record stopped counting before its window ended.
    EndKind, "记录终止方式" {
        /// 撤销: the record was wrong or overturned.
        Withdrawn = ("withdrawn", "撤销"),
        /// 信用修复: rectified and repaired after its publicity period.
        Repaired = ("repaired", "信用修复"),
    }
);

/// A conduct record's fields as text, with each field's rule.
#[derive(Debug, Clone, Default, Validate)]
pub struct ConductFields<'a> {
    #[validate(custom(function = "rules::required_line::<64>"))]
    pub kind: &'a str,
    #[validate(custom(function = "rules::date"))]
    pub recorded_on: &'a str,
    #[validate(custom(function = "rules::required_line::<MAX_REFERENCE>"))]
    pub reference: &'a str,
    #[validate(custom(function = "rules::required_line::<MAX_ISSUER>"))]
    pub issuer: &'a str,
    /// The points as typed, when typed: they must be the kind's.
    pub points: Option<&'a str>,
    pub valid_until: Option<&'a str>,
    pub rectify_by: Option<&'a str>,
    #[validate(custom(function = "rules::optional_text::<MAX_NOTE>"))]
    pub note: Option<&'a str>,
}

impl ConductFields<'_> {
    /// The fields in order (errors are reported in it).
    pub const FIELDS: &'static [&'static str] = &[
        "kind",
        "recorded_on",
        "reference",
        "issuer",
        "points",
        "valid_until",
        "rectify_by",
        "note",
    ];
}

/// A checked conduct record, typed by its rubric kind.
#[derive(Debug, Clone, PartialEq)]
pub struct ConductEntry {
    /// The rubric's record kind.
    pub kind: RecordType,
    /// 记录日期 (date of the decision).
    pub recorded_on: Date,
    /// 文号.
    pub reference: String,
    /// 发文机关.
    pub issuer: String,
    /// Last day it counts.
    pub valid_until: Date,
    /// 整改期限 (bad records only).
    pub rectify_by: Option<Date>,
    /// 备注.
    pub note: Option<String>,
}

impl ConductEntry {
    /// Parses every field against `spec`, reporting all errors at once. `today` is the
    /// service's day (Beijing): a record cannot be dated in the future.
    pub fn parse(
        f: &ConductFields<'_>,
        spec: &CreditSpec,
        today: Date,
    ) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::validated(f, ConductFields::FIELDS);
        let kind = e.take(kind(spec, f.kind));
        let recorded_on = e.take(past_date("recorded_on", f.recorded_on, today));
        let line = |field, value, max| text::required(field, value, max, Lines::Single);
        let reference = e.take(line("reference", f.reference, MAX_REFERENCE));
        let issuer = e.take(line("issuer", f.issuer, MAX_ISSUER));
        let note = e.take(text::optional("note", f.note, MAX_NOTE, Lines::Multi));
        let valid_until = e.take(fields::optional_date("valid_until", f.valid_until));
        let rectify_by = e.take(fields::optional_date("rectify_by", f.rectify_by));
        if let (Some(k), Some(points)) = (&kind, f.points) {
            e.take(kind_points(k, points));
        }
        let (
            Some(kind),
            Some(recorded_on),
            Some(reference),
            Some(issuer),
            Some(note),
            Some(valid_until),
            Some(rectify_by),
        ) = (
            kind,
            recorded_on,
            reference,
            issuer,
            note,
            valid_until,
            rectify_by,
        )
        else {
            return Err(e.ordered(ConductFields::FIELDS));
        };
        let valid_until = valid_until.unwrap_or_else(|| window_end(&kind, recorded_on));
        dates_in_order(&mut e, &kind, recorded_on, valid_until, rectify_by);
        if !e.is_empty() {
            return Err(e.ordered(ConductFields::FIELDS));
        }
        Ok(Self {
            kind,
            recorded_on,
            reference,
            issuer,
            valid_until,
            rectify_by,
            note,
        })
    }

    /// The signed points as stored: + for good conduct, − for bad.
    pub fn signed_points(&self) -> Decimal {
        match self.kind.conduct {
            Conduct::Good => self.kind.points,
            Conduct::Bad => -self.kind.points,
        }
    }
}

/// The rules across a record's dates: its window does not end before it starts, and only a
/// bad record has a rectification deadline, not before the record.
fn dates_in_order(
    e: &mut Errors,
    kind: &RecordType,
    recorded_on: Date,
    valid_until: Date,
    rectify_by: Option<Date>,
) {
    if valid_until < recorded_on {
        e.push(
            "valid_until",
            format!(
                "有效期截止日 {valid_until} 早于记录日期 {recorded_on} (validity ends before the record date)"
            ),
        );
    }
    // A record never counts while it may no longer be published (最长公示期).
    if let Some(months) = kind.publicity_max_months {
        let last = recorded_on
            .saturating_add(i64::from(months).months())
            .saturating_sub(1.day());
        if valid_until > last {
            e.push(
                "valid_until",
                format!(
                    "有效期截止日 {valid_until} 超出“{}”的最长公示期 {months} 个月（最晚 {last}）(beyond the maximum publicity period)",
                    kind.title
                ),
            );
        }
    }
    match rectify_by {
        Some(_) if kind.conduct == Conduct::Good => e.push(
            "rectify_by",
            "良好行为记录没有整改期限 (only a bad record has a rectification deadline)",
        ),
        Some(by) if by < recorded_on => e.push(
            "rectify_by",
            format!("整改期限 {by} 早于记录日期 {recorded_on} (deadline before the record date)"),
        ),
        _ => {}
    }
}

/// The last day a record of `kind` dated `from` counts: the kind's validity months, the window
/// being [from, from + months).
pub fn window_end(kind: &RecordType, from: Date) -> Date {
    let end = from.saturating_add(i64::from(kind.validity_months).months());
    end.yesterday().unwrap_or(end)
}

fn kind(spec: &CreditSpec, code: &str) -> Result<RecordType, FieldError> {
    let code = code.trim();
    spec.records
        .iter()
        .find(|t| t.code == code || t.title == code)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<String> = spec
                .records
                .iter()
                .map(|t| format!("{}（{}）", t.code, t.title))
                .collect();
            FieldError::new(
                "kind",
                format!(
                    "未知的记录类型 {code:?}，应为：{} (unknown record kind)",
                    known.join("、")
                ),
            )
        })
}

fn kind_points(kind: &RecordType, typed: &str) -> Result<(), FieldError> {
    let wrong = || {
        FieldError::new(
            "points",
            format!(
                "“{}”记录的分值为 {}，由信用评价标准规定，不能另填 (points are the kind's)",
                kind.title, kind.points
            ),
        )
    };
    // Read exactly, against the declared bounds of points: `6.000…001` is refused for its
    // places, never rounded to the kind's 6 and accepted.
    let unsigned = typed.trim().trim_start_matches(['+', '-']);
    match crate::domain::number::decimal("points", unsigned, crate::domain::number::POINTS)? {
        p if p == kind.points => Ok(()),
        _ => Err(wrong()),
    }
}

fn past_date(field: &str, raw: &str, today: Date) -> Result<Date, FieldError> {
    let day = fields::date(field, raw)?;
    if day > today {
        return Err(FieldError::new(
            field,
            format!("日期 {day} 晚于今天 {today} (date in the future)"),
        ));
    }
    Ok(day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
