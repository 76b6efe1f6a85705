//! `credit` rubrics: company credit score (信用评级) from project quality and conduct records.

mod read;
mod renewal;
mod score;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use renewal::{ProjectRenewal, QualityRenewal, project_renewal};
pub use score::{
    ConductRecord, CreditInputs, CreditResult, ProjectQuality, RecordLine, credit_score_of,
};

/// The validated `[credit]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditSpec {
    /// Quality part used when the company has no rated project.
    pub base: Decimal,
    /// Highest possible score.
    pub cap: Decimal,
    /// Most that good conduct can add.
    pub good_cap: Decimal,
    /// Default validity of a record, in months.
    pub validity_months: u32,
    /// Days, from the day a record is entered, in which the company may object to it (异议);
    /// 0: no objections.
    #[serde(default)]
    pub objection_days: u32,
    /// Cumulative bad-conduct deductions that raise an alert, ascending.
    pub alerts: Vec<Decimal>,
    /// What each alert line means (e.g. 警示, 约谈, 限制承接新项目), one per line; empty when
    /// the rubric names none.
    #[serde(default)]
    pub alert_measures: Vec<String>,
    /// Grade forced by a black-list event.
    pub blacklist_grade: String,
    /// Grades that put a company on the red list (守信红名单), when not black-listed.
    #[serde(default)]
    pub red_list: Vec<String>,
    /// Record types.
    pub records: Vec<RecordType>,
    /// Grade bands, evaluated in order; the first whose conditions hold wins.
    pub bands: Vec<CreditBand>,
    /// What each grade drives.
    pub uses: Vec<CreditUse>,
    /// Project quality grades that make a project's renewal recommendation stricter than its
    /// company's grade alone.
    #[serde(default)]
    pub project_renewal: Vec<QualityRenewal>,
}

/// Good or bad conduct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Conduct {
    /// 良好行为: adds points (capped).
    Good,
    /// 不良行为: deducts points.
    Bad,
}

/// A type of conduct record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordType {
    /// Code used in inputs.
    pub code: String,
    /// Chinese description.
    pub title: String,
    /// Good or bad.
    pub conduct: Conduct,
    /// Points added (good) or deducted (bad).
    pub points: Decimal,
    /// Months the record counts.
    pub validity_months: u32,
    /// Straight to the black-list grade and the black list.
    pub blacklist: bool,
    /// Bad records: the minimum publicity period (最短公示期), in months from the record's
    /// date, before the company may apply for credit repair (信用修复); `None`: not repairable.
    #[serde(default)]
    pub repair_after_months: Option<u32>,
    /// Bad records: the maximum publicity period (最长公示期), in months; a record is not
    /// published (nor counted) beyond it.
    #[serde(default)]
    pub publicity_max_months: Option<u32>,
}

/// A credit grade band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditBand {
    /// Grade, e.g. AAA.
    pub grade: String,
    /// Lowest score.
    pub min: Decimal,
    /// Only when no bad record is in the validity window.
    pub no_bad_records: bool,
    /// Only when a bad record is in the validity window.
    pub with_bad_records: bool,
}

/// What a grade drives (守信激励、失信惩戒).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CreditUse {
    /// Grade.
    pub grade: String,
    /// May the company be considered for awards (评优)?
    pub award_eligible: bool,
    /// Contract renewal stance (合同续签), e.g. 优先续签.
    pub renewal: String,
    /// Share of the guided fee ceiling the company may negotiate (协商定价).
    pub fee_share: Decimal,
}
