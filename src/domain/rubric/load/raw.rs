//! The file as written: every key optional and spanned, so the validator can report each
//! missing or wrong value at its own line instead of stopping at the first.

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

/// Top-level keys of any rubric file; kind-specific sections are checked against `kind`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRubric {
    pub id: Option<S<String>>,
    pub version: Option<S<i64>>,
    pub kind: Option<S<String>>,
    pub title: Option<S<String>>,
    pub effective_from: Option<S<toml::Value>>,
    pub effective_to: Option<S<toml::Value>>,
    pub rounding: Option<S<RawRounding>>,
    pub display_places: Option<S<i64>>,
    pub statistics: Option<S<RawStatistics>>,
    pub total: Option<S<Decimal>>,
    pub bonus_cap: Option<S<Decimal>>,
    pub renormalise: Option<S<String>>,
    #[serde(default)]
    pub category: Vec<S<RawCategory>>,
    #[serde(default)]
    pub grade: Vec<S<RawBand>>,
    pub grading: Option<S<RawGrading>>,
    pub combination: Option<S<RawCombination>>,
    pub satisfaction: Option<S<super::survey::RawSatisfaction>>,
    pub credit: Option<S<super::credit::RawCredit>>,
    pub evaluation: Option<S<super::evaluation::RawEvaluation>>,
    pub daily: Option<S<super::daily::RawDaily>>,
    #[serde(default)]
    pub component: Vec<S<super::composite::RawComponent>>,
    #[serde(default)]
    pub role: Vec<S<RawRole>>,
    #[serde(default)]
    pub unscored: Vec<S<RawUnscored>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRole {
    pub name: Option<S<String>>,
    pub unit_type: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUnscored {
    pub measure: Option<S<String>>,
    pub reason: Option<S<String>>,
}

/// `[statistics]`: published places of statistics, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatistics {
    pub scale_places: Option<S<i64>>,
    pub spread_places: Option<S<i64>>,
    pub share_places: Option<S<i64>>,
    pub coefficient_places: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRounding {
    pub places: Option<S<i64>>,
    pub mode: Option<S<String>>,
    #[serde(default)]
    pub at: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub points: Option<S<Decimal>>,
    pub weight: Option<S<Decimal>>,
    #[serde(default)]
    pub item: Vec<S<RawItem>>,
    #[serde(default)]
    pub category: Vec<S<RawCategory>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub max: Option<S<Decimal>>,
    pub weight: Option<S<Decimal>>,
    #[serde(default)]
    pub applies_to: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub responsible: Vec<S<String>>,
    pub optional: Option<S<bool>>,
    pub eligible: Option<S<Vec<String>>>,
    pub deadline: Option<S<toml::Value>>,
    #[serde(default)]
    pub ongoing: bool,
    pub basis: Option<String>,
    pub source: Option<S<String>>,
    pub method: Option<S<String>>,
    // Method-specific keys; the validator refuses those that do not belong to `method`.
    pub step: Option<S<Decimal>>,
    #[serde(default)]
    pub finding: Vec<S<RawFinding>>,
    pub measure: Option<S<String>>,
    pub target: Option<S<Decimal>>,
    pub floor: Option<S<Decimal>>,
    pub curve: Option<S<String>>,
    pub measured_in: Option<S<String>>,
    pub base: Option<S<Decimal>>,
    pub span: Option<S<Decimal>>,
    pub below_floor: Option<S<String>>,
    pub per: Option<S<String>>,
    pub late_points: Option<S<Decimal>>,
    pub late_cap: Option<S<Decimal>>,
    #[serde(default)]
    pub award: Vec<S<RawFinding>>,
    pub max_grade: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFinding {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub points: Option<S<Decimal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    pub name: Option<S<String>>,
    pub min: Option<S<Decimal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGrading {
    pub category_minimum_grade: Option<S<String>>,
    pub category_minimum_share: Option<S<Decimal>>,
    pub top_quota: Option<S<Decimal>>,
    pub quota_ties: Option<S<String>>,
    pub rank_by: Option<S<String>>,
    #[serde(default)]
    pub tie_breakers: Vec<S<String>>,
    pub notice_days: Option<S<Decimal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCombination {
    pub rule: Option<S<String>>,
    pub tolerance: Option<S<Decimal>>,
    pub inflation_per_item: Option<S<Decimal>>,
    pub inflation_cap: Option<S<Decimal>>,
    #[serde(default)]
    pub inflation_optional: bool,
}
