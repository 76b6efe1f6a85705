//! A period's results across its units (考核结果与排名): each unit's scored result ranked
//! among the others (competition ranking, the rubric's tie-breakers), the top-grade quota
//! applied across the period, and award eligibility (评优评先) with the rule that decided it.
//! Pure: the scoring of each unit is [`crate::domain::rubric::score`]'s, the ranking and the
//! quota are [`crate::domain::rubric::apply_quota`]'s; this module only puts them together.

mod awards;
pub mod explain;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::rubric::ScoreResult;
use super::rubric::grade::apply_quota;
use super::rubric::model::Grading;

pub use awards::{AwardEntry, award_of};

/// One unit's scored result, as the ranking reads it.
#[derive(Debug, Clone, Copy)]
pub struct UnitFacts<'a> {
    /// The unit's id.
    pub unit_id: &'a str,
    /// The unit's name.
    pub unit_name: &'a str,
    /// Its scored result (total, grade before the quota, vetoes, categories).
    pub result: &'a ScoreResult,
    /// 通报批评 counted for the unit in the period (supervision records).
    pub criticisms: u32,
}

/// One unit's place in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Standing {
    /// The unit's id.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// The total (the rubric's places).
    pub total: Decimal,
    /// The band the total reaches.
    pub band: String,
    /// The grade of the unit's own result (category minimum and vetoes applied).
    pub grade_before_quota: String,
    /// The grade after the period's top-grade quota: the published grade.
    pub grade: String,
    /// Competition rank (1, 2, 2, 4), vetoed units after every other.
    pub rank: u32,
    /// How the rank was decided: the keys compared, in order.
    pub rank_line: String,
    /// Whether a veto (一票否决) was triggered.
    pub vetoed: bool,
    /// The top-level category below the rubric's minimum, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_short: Option<String>,
    /// 通报批评 counted in the period.
    pub criticisms: u32,
    /// Why the quota moved (or, at a tie, kept) the grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_note: Option<String>,
    /// Award eligibility (评优评先) and the rules that decided it.
    pub award: AwardEntry,
}

/// Ranks `units` by the rubric's rules, applies the top-grade quota across all of them and
/// decides each unit's award eligibility. The result is in rank order (ties by name, then id,
/// so the order never depends on how the units were read).
pub fn standings(grading: &Grading, units: &[UnitFacts<'_>]) -> Vec<Standing> {
    let results: Vec<ScoreResult> = units.iter().map(|u| u.result.clone()).collect();
    let quota = apply_quota(grading, &results);
    let mut out: Vec<Standing> = units
        .iter()
        .zip(quota)
        .map(|(u, q)| {
            let r = u.result;
            let mut s = Standing {
                unit_id: u.unit_id.to_owned(),
                unit_name: u.unit_name.to_owned(),
                total: r.total,
                band: r.grade.band.clone(),
                grade_before_quota: q.before,
                grade: q.grade,
                rank: q.rank,
                rank_line: rank_line(grading, r),
                vetoed: !r.vetoes.is_empty(),
                category_short: r.grade.category_short.clone(),
                criticisms: u.criticisms,
                quota_note: q.note,
                award: AwardEntry::default(),
            };
            s.award = award_of(grading, &s);
            s
        })
        .collect();
    out.sort_by(|a, b| (a.rank, &a.unit_name, &a.unit_id).cmp(&(b.rank, &b.unit_name, &b.unit_id)));
    out
}

/// The keys a unit is ranked by, in words: veto first, then the total (or grade), then each
/// tie-breaker's score.
fn rank_line(grading: &Grading, r: &ScoreResult) -> String {
    let mut parts = Vec::new();
    if !r.vetoes.is_empty() {
        parts.push("触发一票否决，排在未否决单位之后".to_owned());
    }
    if grading.rank_by == super::rubric::model::RankBy::Grade {
        parts.push(format!("等次 {}", r.grade.grade));
    }
    parts.push(format!("总分 {}", r.total));
    for code in &grading.tie_breakers {
        let score = r
            .categories
            .iter()
            .find(|c| c.code == *code)
            .map(|c| (c.title.as_str(), c.score))
            .or_else(|| {
                r.items
                    .iter()
                    .find(|i| i.code == *code)
                    .map(|i| (i.title.as_str(), i.score))
            });
        if let Some((title, score)) = score {
            parts.push(format!("并列时比较 {code} {title} {score}"));
        }
    }
    parts.join("；")
}

#[cfg(test)]
mod tests;
