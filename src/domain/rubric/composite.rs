//! `composite` rubrics: a weighted combination of other results, e.g. project quality =
//! on-site inspection 40% + satisfaction 30% + daily evaluation 30%.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::Frac;
use super::figures::{Figure, Precision};
use super::grade::band_of;
use super::model::{Band, Rounding};
use crate::domain::FieldError;

/// The validated composite body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CompositeSpec {
    /// Components; weights sum to exactly 1.
    pub components: Vec<Component>,
    /// Optional grade bands for the combined result.
    pub bands: Vec<Band>,
    /// When a subject lacks a component: `scale-to-max` shares its weight among the others
    /// in proportion; `none` (the default) leaves the subject without a result.
    #[serde(default = "no_renormalise")]
    pub renormalise: super::model::Renormalise,
    /// How complaints make the daily-evaluation component (`[daily]`), when the file says.
    #[serde(default)]
    pub daily: Option<super::daily::DailyRules>,
}

fn no_renormalise() -> super::model::Renormalise {
    super::model::Renormalise::None
}

/// One weighted component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Component {
    /// Code used in inputs.
    pub code: String,
    /// Chinese title.
    pub title: String,
    /// Weight.
    pub weight: Decimal,
    /// Rubric kind the value comes from, for documentation and service checks.
    pub source: Option<String>,
}

/// One component as combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentLine {
    /// Component code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Weight.
    pub weight: Decimal,
    /// Input value (0–100).
    pub value: Decimal,
    /// weight × value.
    pub weighted: Decimal,
}

/// The combined result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CompositeResult {
    /// Per-component lines.
    pub lines: Vec<ComponentLine>,
    /// Σ weight × value, rounded where the file says.
    pub total: Decimal,
    /// Grade, when the file declares bands.
    pub grade: Option<String>,
    /// Titles of the components not given, their weight shared out (`scale-to-max` only).
    #[serde(default)]
    pub missing: Vec<String>,
}

/// The components given, as lines, and the titles of those missing when the file shares their
/// weight out; every other problem goes to `errors`.
fn lines_of(
    spec: &CompositeSpec,
    p: Precision,
    values: &BTreeMap<String, Decimal>,
    errors: &mut Vec<FieldError>,
) -> (Vec<ComponentLine>, Vec<String>) {
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    let shares = spec.renormalise == super::model::Renormalise::ScaleToMax;
    for c in &spec.components {
        match values.get(&c.code) {
            None if shares => missing.push(c.title.clone()),
            None => errors.push(FieldError::new(
                format!("values.{}", c.code),
                "缺少该项得分 (missing value)",
            )),
            Some(v) if *v < Decimal::ZERO || *v > Decimal::ONE_HUNDRED => {
                errors.push(FieldError::new(
                    format!("values.{}", c.code),
                    format!("得分 {v} 须在 0–100 之间 (value must be 0..100)"),
                ))
            }
            Some(v) => lines.push(ComponentLine {
                code: c.code.clone(),
                title: c.title.clone(),
                weight: Precision::given(c.weight),
                value: Precision::given(*v),
                weighted: p.show(Frac::from(c.weight) * *v, Figure::Computed).value,
            }),
        }
    }
    (lines, missing)
}

/// Combines component values (code → 0..100) into one result.
pub fn composite_of(
    spec: &CompositeSpec,
    rounding: Option<&Rounding>,
    p: Precision,
    values: &BTreeMap<String, Decimal>,
) -> Result<CompositeResult, Vec<FieldError>> {
    let mut errors = Vec::new();
    for code in values.keys() {
        if !spec.components.iter().any(|c| &c.code == code) {
            errors.push(FieldError::new(
                format!("values.{code}"),
                "未知组成部分 (unknown component)",
            ));
        }
    }
    let (lines, missing) = lines_of(spec, p, values, &mut errors);
    if lines.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "values",
            "至少需要一个组成部分的得分 (at least one component)",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sum: Frac = spec
        .components
        .iter()
        .filter_map(|c| values.get(&c.code).map(|v| Frac::from(c.weight) * *v))
        .sum();
    // Present weights scaled to sum to 1 (they are all when nothing is missing).
    let weights: Decimal = lines.iter().map(|l| l.weight).sum();
    let staged = p.result(rounding, sum / Frac::from(weights));
    let total = staged.shown.value;
    let grade = (!spec.bands.is_empty()).then(|| band_of(&spec.bands, total).name.clone());
    Ok(CompositeResult {
        lines,
        total,
        grade,
        missing,
    })
}
