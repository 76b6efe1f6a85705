//! A period's results (考核结果与排名, 评优评先): every unit's result as the assessment service
//! computes it (or as stored at 定稿), ranked and graded across the period by
//! [`crate::domain::results`], the companies' credit as of the period's end by
//! [`crate::service::credit::rating`], the award lists, published snapshots and their public
//! notice. Nothing here scores: it gathers what the other use cases compute and puts it
//! together.

mod companies;
mod compute;
mod diff;
mod inputs;
pub mod notice;
pub mod snapshots;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use companies::{CompanyCredit, CreditListEntry, RenewalEntry};
pub use compute::{Computed, compute_results};
pub use diff::Difference;

use crate::domain::access::Principal;
use crate::domain::results::Standing;
use crate::domain::results::explain::Explanation;
use crate::service::assessment::results::UnitResult;
use crate::service::{AppState, ServiceError};

/// A rubric a period's results were computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RubricRef {
    /// What it was used for: `unit-assessment` or `credit`.
    pub used_for: String,
    /// Rubric id.
    pub id: String,
    /// Version.
    pub version: u32,
    /// SHA-256 of the rubric file.
    pub content_hash: String,
}

/// A unit on an award list, with the rules that put it there (or kept it off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AwardedUnit {
    /// The unit's id.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// Its rank.
    pub rank: u32,
    /// Its published grade.
    pub grade: String,
    /// The rules: every one met when eligible, else those that excluded it.
    pub rules: Vec<String>,
}

/// The award rankings (评优评先) of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Awards {
    /// Units eligible for 优秀, in rank order.
    pub excellent: Vec<AwardedUnit>,
    /// Units not eligible, in rank order, each with the rules that kept it off.
    pub not_eligible: Vec<AwardedUnit>,
    /// 守信红名单 as of the period's end.
    pub red_list: Vec<CreditListEntry>,
    /// 失信黑名单 as of the period's end.
    pub black_list: Vec<CreditListEntry>,
    /// Each served project's renewal recommendation (续签建议), recommended or not.
    pub renewals: Vec<RenewalEntry>,
}

/// A period's results: what a snapshot publishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodResults {
    /// The period.
    pub period_id: String,
    /// Its name.
    pub period_name: String,
    /// The rubrics used, with their SHA-256.
    pub rubrics: Vec<RubricRef>,
    /// The period's end (the unit rubric's last day): companies are rated as of this day.
    pub period_end: Date,
    /// Every unit in rank order.
    pub units: Vec<Standing>,
    /// Every company's credit as of the period's end, by name.
    pub companies: Vec<CompanyCredit>,
    /// The award rankings.
    pub awards: Awards,
    /// SHA-256 of every input the results were computed from (see `inputs`).
    pub inputs_hash: String,
}

/// A unit's result explained: its standing in the period, the steps from raw input to rank,
/// and the assessment's full result (item sources, supervision findings, cut-off day).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitExplanation {
    /// The unit's place in the period.
    pub standing: Standing,
    /// Raw input → item → category → weights → bonus and deductions → grade → rank.
    pub explanation: Explanation,
    /// The unit's result as the assessment computes it.
    pub result: UnitResult,
}

/// The period's results, computed now from the current inputs (the bureau and reviewers).
pub async fn period_results(
    state: &AppState,
    _who: &Principal,
    period_id: &str,
) -> Result<PeriodResults, ServiceError> {
    Ok(compute_results(state, period_id).await?.results)
}

/// The award rankings of a period, computed now.
pub async fn awards(
    state: &AppState,
    who: &Principal,
    period_id: &str,
) -> Result<Awards, ServiceError> {
    Ok(period_results(state, who, period_id).await?.awards)
}

/// One unit's result with its full explanation. Units read their own, from the notice on
/// (the same standing rule as the unit's result).
pub async fn explain_unit(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<UnitExplanation, ServiceError> {
    // Refuses what the caller may not read, exactly as the unit's own result does.
    crate::service::assessment::results::unit_result(state, who, period_id, unit_id).await?;
    let computed = compute_results(state, period_id).await?;
    computed.explain(unit_id)
}
