//! Grades: band of the total, category-minimum demotion, vetoes, and the top-grade quota.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::Frac;
use super::figures::Precision;
use super::model::{Band, Grading, QuotaTies};
use super::rank::rank;
use super::trace::{GradeTrace, ScoreResult, VetoTrace};

/// The band a total reaches: the first (highest) whose minimum it meets, else the lowest.
/// Totals are exact decimals, so 89.99 never reaches a 90 line and 90.00 always does.
pub fn band_of(bands: &[Band], total: Decimal) -> &Band {
    let lowest = bands.len().saturating_sub(1);
    bands
        .iter()
        .find(|b| total >= b.min)
        .unwrap_or(&bands[lowest])
}

/// [`band_of`] for an exact total.
fn band_of_exact(bands: &[Band], total: Frac) -> &Band {
    let lowest = bands.len().saturating_sub(1);
    bands
        .iter()
        .find(|b| total >= Frac::from(b.min))
        .unwrap_or(&bands[lowest])
}

/// Position of a grade among the bands (0 = highest); unknown names count as the lowest.
pub(crate) fn index_of(bands: &[Band], name: &str) -> usize {
    bands
        .iter()
        .position(|b| b.name == name)
        .unwrap_or(bands.len().saturating_sub(1))
}

/// A top-level category's exact score and applicable points, for the category minimum.
#[derive(Debug, Clone)]
pub(crate) struct CategoryShare {
    /// Category code.
    pub code: String,
    /// Exact score (after its rounding stage, if any).
    pub score: Frac,
    /// Exact applicable points.
    pub applicable: Frac,
}

/// The grade of one subject, with each rule that moved it. `exact` decides; `total` is the
/// published figure shown in the steps.
pub(crate) fn grade_of(
    grading: &Grading,
    exact: Frac,
    total: Decimal,
    p: Precision,
    categories: &[CategoryShare],
    vetoes: &[VetoTrace],
) -> GradeTrace {
    let bands = &grading.bands;
    let lowest = bands.len().saturating_sub(1);
    let band = band_of_exact(bands, exact);
    let mut idx = index_of(bands, &band.name);
    let cmp = if exact >= Frac::from(band.min) {
        "≥"
    } else {
        "<"
    };
    let mut category_short = None;
    let mut steps = vec![format!(
        "总分 {total} {cmp} {} → {} (band)",
        Precision::given(band.min),
        band.name
    )];
    if let Some(rule) = &grading.category_minimum {
        let guarded = index_of(bands, &rule.grade);
        let short = categories
            .iter()
            .filter(|c| c.applicable > Frac::ZERO)
            .find(|c| c.score < c.applicable * rule.share);
        category_short = short.map(|c| c.code.clone());
        if let (true, Some(c)) = (idx <= guarded, short) {
            idx = (guarded + 1).min(lowest);
            steps.push(format!(
                "类别 {} 得分 {} 低于其分值 {} 的 {}，不得评为 {} 及以上 → {} (category minimum)",
                c.code,
                p.text(c.score),
                p.text(c.applicable),
                Precision::given(rule.share),
                rule.grade,
                bands[idx].name
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
        category_short,
    }
}

/// One subject's grade after the quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuotaDecision {
    /// Subject.
    pub subject: String,
    /// Competition rank (vetoed subjects after all others).
    pub rank: u32,
    /// Grade before the quota.
    pub before: String,
    /// Grade after the quota.
    pub grade: String,
    /// Whether the quota demoted it.
    pub demoted: bool,
    /// Why the quota moved (or, for a tie at the line, kept) the grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Applies the top-grade quota (e.g. ≤ 30% of subjects may be 优秀) to graded results.
///
/// Allowed = ⌊quota × subjects⌋. Subjects holding the top grade keep it in rank order (see
/// [`rank`]); those beyond the allowance drop to the next grade. A group tied at the line
/// (same rank) that does not fit as a whole is settled by the rubric's `quota_ties`:
/// `drop-all` drops the whole group (the quota is a ceiling), `keep-all` keeps it whole
/// (the tie may exceed the quota).
pub fn apply_quota(grading: &Grading, results: &[ScoreResult]) -> Vec<QuotaDecision> {
    let ranks = rank(results, grading);
    let mut out: Vec<QuotaDecision> = results
        .iter()
        .zip(&ranks)
        .map(|(r, rank)| QuotaDecision {
            subject: r.subject.clone(),
            rank: *rank,
            before: r.grade.grade.clone(),
            grade: r.grade.grade.clone(),
            demoted: false,
            note: None,
        })
        .collect();
    let (Some(quota), Some(top), Some(next)) = (
        grading.top_quota,
        grading.bands.first(),
        grading.bands.get(1),
    ) else {
        return out;
    };
    let mut top_ranks: Vec<u32> = out
        .iter()
        .filter(|d| d.grade == top.name)
        .map(|d| d.rank)
        .collect();
    top_ranks.sort_unstable();
    let allowed = (quota * Decimal::from(results.len())).floor();
    let line = QuotaLine {
        top: &top.name,
        next: &next.name,
        allowed,
        ties: grading.quota_ties.unwrap_or(QuotaTies::DropAll),
        text: format!(
            "{} 名额 {} 个（⌊{} × {}⌋）",
            top.name,
            Precision::given(allowed),
            Precision::given(quota),
            results.len()
        ),
    };
    for d in out.iter_mut().filter(|d| d.grade == top.name) {
        line.settle(d, &top_ranks);
    }
    out
}

/// The top grade's quota line: who may keep the top grade, and how a tie across it settles.
struct QuotaLine<'a> {
    top: &'a str,
    next: &'a str,
    /// ⌊quota × subjects⌋.
    allowed: Decimal,
    ties: QuotaTies,
    /// The line in words, for the notes.
    text: String,
}

impl QuotaLine<'_> {
    /// Keeps or demotes one top-grade holder, with the note saying why; `top_ranks` are the
    /// ranks of every top-grade holder, sorted.
    fn settle(&self, d: &mut QuotaDecision, top_ranks: &[u32]) {
        // Top-grade holders ranked above d, and through d's whole tie group.
        let above = Decimal::from(top_ranks.iter().filter(|r| **r < d.rank).count());
        let through = Decimal::from(top_ranks.iter().filter(|r| **r <= d.rank).count());
        let straddles = above < self.allowed && through > self.allowed;
        let keeps = match self.ties {
            QuotaTies::DropAll => through <= self.allowed,
            QuotaTies::KeepAll => above < self.allowed,
        };
        if !keeps {
            d.grade = self.next.to_owned();
            d.demoted = true;
        }
        let (line, rank) = (&self.text, d.rank);
        d.note = match (straddles, keeps) {
            (true, true) => Some(format!(
                "并列第 {rank} 名跨越{line}，整组保留 {} (quota tie: keep-all)",
                self.top
            )),
            (true, false) => Some(format!(
                "并列第 {rank} 名跨越{line}，整组降为 {} (quota tie: drop-all)",
                self.next
            )),
            (false, false) => Some(format!("超出{line} → {} (top-grade quota)", self.next)),
            (false, true) => None,
        };
    }
}
