//! A visit's score: each inspector's sheet scored by the `service-quality` rubric, then the
//! sheets combined by the rubric's `[evaluation] combine` rule (the mean of the totals, rounded
//! as the rubric rounds a total); the grade is the band of that figure, but never better than
//! a grade a sheet was held to by a veto or a category minimum.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Sheets;
use crate::domain::FieldError;
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::Precision;
use crate::domain::rubric::grade::{band_of, index_of};
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::model::{Assessment, Body};
use crate::domain::rubric::trace::ScoreResult;
use crate::domain::rubric::{Rubric, score as score_subject};

/// The score of one visit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct VisitScore {
    /// Each inspector's sheet, scored with its full trace, in sheet order.
    pub sheets: Vec<ScoreResult>,
    /// The visit's total, at the rubric's published places.
    pub total: Decimal,
    /// The visit's grade.
    pub grade: String,
    /// How the total and grade were reached, e.g. `(86.50 + 84.00) / 2 = 85.25 → 良好`.
    pub line: String,
}

/// Scores `sheets` (already checked against the rubric; leave out findings that no longer
/// count) for `subject`. Errors name the sheet: `sheets[1].items.6.2` when a sheet lacks an
/// input its rubric needs.
pub fn score(
    rubric: &Rubric,
    subject: &str,
    sheets: &Sheets,
) -> Result<VisitScore, Vec<FieldError>> {
    let Body::Assessment(assessment) = &rubric.body else {
        return Err(vec![FieldError::new(
            "rubric",
            "现场测评须使用 service-quality 类评分标准 (not a service-quality rubric)",
        )]);
    };
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for sheet in 1..=u32::try_from(sheets.inspectors.len()).unwrap_or(0) {
        match score_subject(rubric, &inputs(subject, sheets, sheet)) {
            Ok(r) => results.push(r),
            Err(e) => errors.extend(e.into_iter().map(|e| named(assessment, sheet, e))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(combine(rubric, assessment, results))
}

/// A scoring error named by the request line that would mend it: a threshold item's missing
/// value is `measures` (the only input a checked sheet can lack), anything else the sheet.
fn named(assessment: &Assessment, sheet: u32, e: FieldError) -> FieldError {
    let code = e.field.strip_prefix("items.").unwrap_or(&e.field);
    let item = crate::domain::assessment::items(assessment)
        .into_iter()
        .find(|i| i.code == code);
    match item {
        Some(i)
            if matches!(
                i.method,
                crate::domain::rubric::model::Method::Threshold { .. }
            ) =>
        {
            FieldError::new(
                "measures",
                format!(
                    "第 {sheet} 张检查表缺少检查项 {code}（{}）的测量值，或将其标为不适用：{} (missing measure)",
                    i.title, e.message
                ),
            )
        }
        _ => FieldError::new(format!("sheets[{}].{}", sheet - 1, e.field), e.message),
    }
}

/// One sheet's inputs: its findings counted per item, measures, vetoes and exemptions; a
/// deduction item without findings scores full points.
fn inputs(subject: &str, sheets: &Sheets, sheet: u32) -> SubjectInputs {
    let mut items: BTreeMap<String, ItemInput> = BTreeMap::new();
    for f in sheets.findings.iter().filter(|f| f.sheet == sheet) {
        if let ItemInput::Findings(counts) = items
            .entry(f.item.clone())
            .or_insert_with(|| ItemInput::Findings(BTreeMap::new()))
        {
            *counts.entry(f.finding.clone()).or_default() += f.count;
        }
    }
    for m in sheets.measures.iter().filter(|m| m.sheet == sheet) {
        items.insert(m.item.clone(), ItemInput::Measured(m.value));
    }
    for v in sheets.vetoes.iter().filter(|v| v.sheet == sheet) {
        items.insert(v.item.clone(), ItemInput::Veto(true));
    }
    for x in sheets.exemptions.iter().filter(|x| x.sheet == sheet) {
        items.insert(
            x.item.clone(),
            ItemInput::NotApplicable {
                reason: x.reason.clone(),
            },
        );
    }
    SubjectInputs {
        subject: subject.to_owned(),
        unit_type: None,
        role: None,
        options: Default::default(),
        items,
        adjustments: Vec::new(),
    }
}

fn combine(rubric: &Rubric, assessment: &Assessment, sheets: Vec<ScoreResult>) -> VisitScore {
    if let [only] = sheets.as_slice() {
        let (total, grade) = (only.total, only.grade.grade.clone());
        let line = format!("{}，{grade}", only.total_line);
        return VisitScore {
            sheets,
            total,
            grade,
            line,
        };
    }
    let bands = &assessment.grading.bands;
    let n = u32::try_from(sheets.len()).unwrap_or(1);
    let mean = sheets.iter().map(|s| Frac::from(s.total)).sum::<Frac>() / Frac::from(n);
    let precision = Precision::of(&rubric.header);
    let staged = precision.result(rubric.header.rounding.as_ref(), mean);
    let total = staged.shown.value;
    let band = band_of(bands, total).name.clone();
    // A sheet held below its own band (veto, category minimum) holds the visit there too.
    let held = sheets
        .iter()
        .filter(|s| s.grade.grade != s.grade.band)
        .max_by_key(|s| index_of(bands, &s.grade.grade));
    let grade = match held {
        Some(s) if index_of(bands, &s.grade.grade) > index_of(bands, &band) => {
            s.grade.grade.clone()
        }
        _ => band.clone(),
    };
    let parts: Vec<String> = sheets.iter().map(|s| s.total.to_string()).collect();
    let mut line = format!(
        "({}) / {n} {} → {total}，{band}",
        parts.join(" + "),
        precision.equals(mean)
    );
    if grade != band {
        line.push_str(&format!(
            "，因检查表否决或类别最低分限为 {grade} (held by a sheet)"
        ));
    }
    VisitScore {
        sheets,
        total,
        grade,
        line,
    }
}
