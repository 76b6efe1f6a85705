//! The credit score as of a date, with its trace.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{CreditSpec, CreditUse};
use crate::domain::FieldError;
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::{Figure, Precision};
use crate::domain::rubric::model::Rounding;

use super::read::{quality, record_lines};

/// What the credit score is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditInputs {
    /// Company (统一社会信用代码 or name), for the result.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub company: String,
    /// Date the rating is for; records outside their window on this date do not count.
    pub as_of: Date,
    /// Quality results of the company's projects.
    #[serde(default)]
    pub projects: Vec<ProjectQuality>,
    /// Conduct records.
    #[serde(default)]
    pub records: Vec<ConductRecord>,
}

/// One project's quality score and floor area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProjectQuality {
    /// Project name or id.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub project: String,
    /// Quality score 0–100 (e.g. a composite result), at most 4 places.
    #[schemars(with = "crate::domain::number::schema::Index")]
    pub quality: Decimal,
    /// Floor area in m² (建筑面积), the weight: more than 0, at most 2 places.
    #[schemars(with = "crate::domain::number::schema::PositiveArea")]
    pub floor_area: Decimal,
}

/// One dated conduct record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConductRecord {
    /// Record type code from the rubric.
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub kind: String,
    /// Date of the decision.
    pub date: Date,
    /// The source document number (文号), named in the trace.
    #[serde(default)]
    #[schemars(length(max = 500), regex(pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub reference: Option<String>,
    /// Last day it counts when the record says so; otherwise the kind's validity months.
    #[serde(default)]
    pub valid_until: Option<Date>,
    /// The day it stopped counting before its window ended (withdrawn, or repaired by a credit
    /// repair decision): it counts on days before this one only.
    #[serde(default)]
    pub ended: Option<Date>,
}

/// One record as counted (or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordLine {
    /// Record type: the rubric's code with its title.
    pub kind: crate::domain::labelled::RubricCode,
    /// Its title.
    pub title: String,
    /// Date of the record.
    pub date: Date,
    /// The source document number (文号), when given.
    pub reference: Option<String>,
    /// Last day it counts (withdrawal or repair can end it earlier; see `ended`).
    pub valid_until: Date,
    /// The day it stopped counting early (withdrawn or repaired), when it did.
    pub ended: Option<Date>,
    /// Whether it counts on `as_of`.
    pub in_window: bool,
    /// Signed points (+ good, − bad) when in the window.
    pub points: Decimal,
    /// Black-list event.
    pub blacklist: bool,
}

/// The credit rating with its trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditResult {
    /// Company.
    pub company: String,
    /// As-of date.
    pub as_of: Date,
    /// Σ quality × floor-area share (or the base when no project is rated).
    pub quality_part: Decimal,
    /// Good conduct before the cap.
    pub good_claimed: Decimal,
    /// Good conduct after the cap.
    pub good_applied: Decimal,
    /// Bad conduct deducted (cumulative, in window).
    pub bad_deducted: Decimal,
    /// Final score, clamped to 0..cap and rounded where the file says.
    pub score: Decimal,
    /// Grade.
    pub grade: String,
    /// On the black list.
    pub blacklisted: bool,
    /// Alert thresholds reached by the cumulative deduction.
    pub alerts: Vec<Decimal>,
    /// What the grade drives.
    pub uses: Option<CreditUse>,
    /// Every record, counted or not.
    pub records: Vec<RecordLine>,
    /// Step-by-step explanation.
    pub steps: Vec<String>,
}

/// Computes a company's credit score and grade as of `inputs.as_of`.
pub fn credit_score_of(
    spec: &CreditSpec,
    rounding: Option<&Rounding>,
    p: Precision,
    inputs: &CreditInputs,
) -> Result<CreditResult, Vec<FieldError>> {
    let mut errors = Vec::new();
    let quality_part = quality(spec, inputs, &mut errors);
    let records = record_lines(spec, inputs, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let c = Conducts::of(&records, spec.good_cap);
    let raw = quality_part + Frac::from(c.good_applied) - Frac::from(c.bad_deducted);
    let clamped = raw.max(Frac::ZERO).min(Frac::from(spec.cap));
    let staged = p.result(rounding, clamped);
    let score = staged.shown.value;
    let (good_applied, bad_deducted) = (
        Precision::given(c.good_applied),
        Precision::given(c.bad_deducted),
    );
    let mut steps = vec![format!(
        "质量 {} + 良好行为 {good_applied}（上限 {}）− 不良行为 {bad_deducted} {} (quality + good − bad, clamped to 0..{})",
        p.text(quality_part),
        Precision::given(spec.good_cap),
        staged.shown.equals(),
        Precision::given(spec.cap)
    )];
    let grade = grade(spec, score, &c, &mut steps);
    Ok(CreditResult {
        company: inputs.company.clone(),
        as_of: inputs.as_of,
        quality_part: p.show(quality_part, Figure::Computed).value,
        good_claimed: Precision::given(c.good_claimed),
        good_applied,
        bad_deducted,
        score,
        uses: spec.uses.iter().find(|u| u.grade == grade).cloned(),
        grade,
        blacklisted: c.blacklisted,
        alerts: alerts(spec, bad_deducted),
        records,
        steps,
    })
}

/// The conduct records counted on the day: good conduct (before and after its cap), bad
/// conduct deducted, and whether any bad or black-list record is in its window.
struct Conducts {
    good_claimed: Decimal,
    good_applied: Decimal,
    bad_deducted: Decimal,
    has_bad: bool,
    blacklisted: bool,
}

impl Conducts {
    fn of(records: &[RecordLine], good_cap: Decimal) -> Self {
        let in_window = || records.iter().filter(|r| r.in_window);
        let good_claimed: Decimal = in_window()
            .filter(|r| r.points > Decimal::ZERO)
            .map(|r| r.points)
            .sum();
        // Summed as positive points: negating a zero sum would print "-0".
        let bad_deducted: Decimal = in_window()
            .filter(|r| r.points < Decimal::ZERO)
            .map(|r| r.points.abs())
            .sum();
        Conducts {
            good_claimed,
            good_applied: good_claimed.min(good_cap),
            bad_deducted,
            has_bad: in_window().any(|r| r.points < Decimal::ZERO || r.blacklist),
            blacklisted: in_window().any(|r| r.blacklist),
        }
    }
}

/// The grade: the black-list grade on a black-list event, otherwise the score's band.
fn grade(spec: &CreditSpec, score: Decimal, c: &Conducts, steps: &mut Vec<String>) -> String {
    if !c.blacklisted {
        return band(spec, score, c.has_bad, steps);
    }
    steps.push(format!(
        "黑名单事件 → 直接评为 {} (black-list event)",
        spec.blacklist_grade
    ));
    spec.blacklist_grade.clone()
}

/// The alert thresholds the cumulative deduction has reached.
fn alerts(spec: &CreditSpec, bad_deducted: Decimal) -> Vec<Decimal> {
    spec.alerts
        .iter()
        .copied()
        .filter(|a| bad_deducted >= *a)
        .collect()
}

fn band(spec: &CreditSpec, score: Decimal, has_bad: bool, steps: &mut Vec<String>) -> String {
    // `score` is the published figure: rounded where the rubric rounds, exact otherwise.
    let found = spec.bands.iter().find(|b| {
        score >= b.min && !(b.no_bad_records && has_bad) && (!b.with_bad_records || has_bad)
    });
    let grade = found.map_or_else(|| spec.blacklist_grade.clone(), |b| b.grade.clone());
    let bad = if has_bad { "有" } else { "无" };
    steps.push(format!(
        "得分 {score}，期内{bad}不良记录 → {grade} (score and bad records in window)"
    ));
    grade
}
