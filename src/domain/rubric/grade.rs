//! Grades: band of the total, category-minimum demotion, vetoes, and the top-grade quota.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::model::{Band, Grading};
use super::rank::rank;
use super::trace::{CategoryTrace, GradeTrace, ScoreResult, VetoTrace};

/// The band a total reaches: the first (highest) whose minimum it meets, else the lowest.
/// Totals are exact decimals, so 89.99 never reaches a 90 line and 90.00 always does.
pub fn band_of(bands: &[Band], total: Decimal) -> &Band {
    let lowest = bands.len().saturating_sub(1);
    bands
        .iter()
        .find(|b| total >= b.min)
        .unwrap_or(&bands[lowest])
}

fn index_of(bands: &[Band], name: &str) -> usize {
    bands
        .iter()
        .position(|b| b.name == name)
        .unwrap_or(bands.len().saturating_sub(1))
}

/// The grade of one subject, with each rule that moved it.
pub(crate) fn grade_of(
    grading: &Grading,
    total: Decimal,
    categories: &[CategoryTrace],
    vetoes: &[VetoTrace],
) -> GradeTrace {
    let bands = &grading.bands;
    let lowest = bands.len().saturating_sub(1);
    let band = band_of(bands, total);
    let mut idx = index_of(bands, &band.name);
    let mut steps = vec![format!(
        "总分 {total} ≥ {} → {} (band)",
        band.min, band.name
    )];
    if let Some(rule) = &grading.category_minimum {
        let guarded = index_of(bands, &rule.grade);
        let short = categories
            .iter()
            .filter(|c| c.level == 1 && c.applicable > Decimal::ZERO)
            .find(|c| c.score < rule.share * c.applicable);
        if let (true, Some(c)) = (idx <= guarded, short) {
            idx = (guarded + 1).min(lowest);
            steps.push(format!(
                "类别 {} 得分 {} 低于其分值 {} 的 {}，不得评为 {} 及以上 → {} (category minimum)",
                c.code, c.score, c.applicable, rule.share, rule.grade, bands[idx].name
            ));
        }
    }
    for v in vetoes {
        let cap = v
            .max_grade
            .as_deref()
            .map_or(lowest, |g| index_of(bands, g));
        if idx < cap {
            idx = cap;
        }
        steps.push(format!(
            "{} {} 触发否决 → {} (veto)",
            v.code, v.title, bands[idx].name
        ));
    }
    GradeTrace {
        band: band.name.clone(),
        grade: bands[idx].name.clone(),
        steps,
    }
}

/// One subject's grade after the quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaDecision {
    /// Subject.
    pub subject: String,
    /// Competition rank.
    pub rank: u32,
    /// Grade before the quota.
    pub before: String,
    /// Grade after the quota.
    pub grade: String,
    /// Whether the quota demoted it.
    pub demoted: bool,
}

/// Applies the top-grade quota (e.g. ≤ 30% of subjects may be 优秀) to graded results.
///
/// Allowed = ⌊quota × subjects⌋. Subjects holding the top grade keep it in rank order; those
/// beyond the allowance drop to the next grade. A group tied at the boundary cannot be split
/// fairly, so if it does not fit entirely, all of it drops (the quota is a ceiling).
pub fn apply_quota(grading: &Grading, results: &[ScoreResult]) -> Vec<QuotaDecision> {
    let ranks = rank(results, &grading.tie_breakers);
    let mut out: Vec<QuotaDecision> = results
        .iter()
        .zip(&ranks)
        .map(|(r, rank)| QuotaDecision {
            subject: r.subject.clone(),
            rank: *rank,
            before: r.grade.grade.clone(),
            grade: r.grade.grade.clone(),
            demoted: false,
        })
        .collect();
    let (Some(quota), Some(top), Some(next)) = (
        grading.top_quota,
        grading.bands.first(),
        grading.bands.get(1),
    ) else {
        return out;
    };
    let allowed = (quota * Decimal::from(results.len())).floor();
    let mut top_ranks: Vec<u32> = out
        .iter()
        .filter(|d| d.grade == top.name)
        .map(|d| d.rank)
        .collect();
    top_ranks.sort_unstable();
    for d in out.iter_mut().filter(|d| d.grade == top.name) {
        // Top-grade holders ranked at or above d, counting its whole tie group.
        let through = top_ranks.iter().filter(|r| **r <= d.rank).count();
        if Decimal::from(through) > allowed {
            d.grade = next.name.clone();
            d.demoted = true;
        }
    }
    out
}
