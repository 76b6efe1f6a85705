//! Combining a unit's self score with reviewers' scores for one item.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::Frac;
use super::figures::Precision;
use super::inputs::{AdjustedItem, Adjustment};
use super::model::{Combination, CombineRule};

/// One reviewer's score for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Review {
    /// Points given.
    pub score: Decimal,
    /// Written reason; mandatory when the score differs from the self score beyond tolerance.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What the rule made of the scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CombineOutcome {
    /// The final score (the self score while nobody has reviewed).
    pub final_score: Decimal,
    /// Rule applied.
    pub rule: CombineRule,
    /// Whether at least one review exists.
    pub reviewed: bool,
    /// Indexes of reviews beyond tolerance from the self score that lack a written reason.
    pub missing_reasons: Vec<usize>,
    /// Disagreement beyond tolerance (self vs review, or between reviewers): send to another
    /// reviewer.
    pub flagged: bool,
    /// Self score exceeds the final by more than the tolerance (自评失实).
    pub inflated: bool,
    /// The self score the rule compared (the reviews' mean when the unit gave none).
    #[serde(default)]
    pub self_score: Decimal,
    /// The tolerance in points: the rule's share × the item's max.
    #[serde(default)]
    pub tolerance: Decimal,
    /// How the final score was reached.
    pub explanation: String,
}

/// Combines `self_score` and `reviews` for an item worth `max` points.
///
/// - `review-overrides`: the mean of the reviews replaces the self score;
/// - `mean` / `median`: over the self score and the reviews together;
/// - `trimmed-mean`: over the reviews, dropping the highest and lowest when there are more
///   than 5 reviewers (DESIGN.md), otherwise their plain mean.
pub fn combine(
    rule: &Combination,
    max: Decimal,
    self_score: Decimal,
    reviews: &[Review],
) -> CombineOutcome {
    let tolerance = rule.tolerance * max;
    let scores: Vec<Decimal> = reviews.iter().map(|r| r.score).collect();
    let (final_score, explanation) = if scores.is_empty() {
        (
            self_score,
            format!(
                "尚无复核，暂用自评 {} (not yet reviewed)",
                Precision::given(self_score)
            ),
        )
    } else {
        let (exact, text) = apply(rule.rule, self_score, &scores);
        (exact.to_decimal(), text)
    };
    let beyond = |r: &Review| (r.score - self_score).abs() > tolerance;
    let missing_reasons = reviews
        .iter()
        .enumerate()
        .filter(|(_, r)| beyond(r) && r.reason.as_deref().is_none_or(|t| t.trim().is_empty()))
        .map(|(i, _)| i)
        .collect();
    let spread = match (scores.iter().max(), scores.iter().min()) {
        (Some(hi), Some(lo)) => *hi - *lo,
        _ => Decimal::ZERO,
    };
    CombineOutcome {
        final_score,
        rule: rule.rule,
        reviewed: !reviews.is_empty(),
        missing_reasons,
        flagged: reviews.iter().any(beyond) || spread > tolerance,
        inflated: !reviews.is_empty() && self_score - final_score > tolerance,
        self_score,
        tolerance,
        explanation,
    }
}

/// The combined score as an exact fraction (a mean divides once, last) and its explanation.
fn apply(rule: CombineRule, self_score: Decimal, reviews: &[Decimal]) -> (Frac, String) {
    let mut with_self = vec![self_score];
    with_self.extend_from_slice(reviews);
    let (all, n) = (with_self.len(), reviews.len());
    // Each rule's figure, what it is called, and what follows the figure.
    let (m, what, after) = match rule {
        CombineRule::ReviewOverrides => (
            mean(reviews),
            "复核得分",
            format!(
                " 取代自评 {} (review overrides)",
                Precision::given(self_score)
            ),
        ),
        CombineRule::Mean => (
            mean(&with_self),
            "自评与复核的平均",
            format!(" (mean of {all} scores)"),
        ),
        CombineRule::Median => (
            median(&mut with_self),
            "自评与复核的中位数",
            format!(" (median of {all} scores)"),
        ),
        CombineRule::TrimmedMean if n > 5 => {
            let mut sorted = reviews.to_vec();
            sorted.sort();
            (
                mean(&sorted[1..sorted.len() - 1]),
                "去掉最高分和最低分后的平均",
                format!(" (trimmed mean of {n} reviews)"),
            )
        }
        CombineRule::TrimmedMean => (
            mean(reviews),
            "复核平均",
            format!("（不超过 5 人，不去极值）(plain mean of {n} reviews)"),
        ),
    };
    (m, format!("{what} {}{after}", Precision::default().text(m)))
}

/// Σ / n, exact.
fn mean(xs: &[Decimal]) -> Frac {
    let n = u32::try_from(xs.len()).unwrap_or(u32::MAX);
    if n == 0 {
        return Frac::ZERO;
    }
    xs.iter().map(|x| Frac::from(*x)).sum::<Frac>() / Frac::from(n)
}

fn median(xs: &mut [Decimal]) -> Frac {
    xs.sort();
    let n = xs.len();
    match n {
        0 => Frac::ZERO,
        _ if n % 2 == 1 => Frac::from(xs[n / 2]),
        _ => (Frac::from(xs[n / 2 - 1]) + Frac::from(xs[n / 2])) / Frac::from(2u32),
    }
}

/// The 自评失实 deduction for a subject: `per_item` for each inflated item, capped; `None`
/// when the rubric has no such rule or nothing is inflated. `outcomes` pairs each item code
/// with its combination; the deduction lists the items it counted, each with its self score,
/// final score and tolerance, so the reader sees why.
pub fn inflation_deduction(
    rule: &Combination,
    outcomes: &[(&str, &CombineOutcome)],
) -> Option<Adjustment> {
    let inf = rule.inflation.as_ref()?;
    let given = Precision::given;
    let show = |d: Decimal| Precision::default().text(Frac::recovered(d));
    let items: Vec<AdjustedItem> = outcomes
        .iter()
        .filter(|(_, o)| o.inflated)
        .map(|(code, o)| AdjustedItem {
            code: (*code).to_owned(),
            why: format!(
                "自评 {} − 最终 {} = {} > 容差 {} (self − final above tolerance)",
                given(o.self_score),
                show(o.final_score),
                show(o.self_score - o.final_score),
                given(o.tolerance)
            ),
        })
        .collect();
    let n = items.len();
    if n == 0 {
        return None;
    }
    let full = inf.per_item * Decimal::from(n);
    let points = given(full.min(inf.cap));
    let codes = items
        .iter()
        .map(|i| i.code.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let capped = if full > inf.cap {
        format!("，上限 {}", given(inf.cap))
    } else {
        String::new()
    };
    Some(Adjustment {
        label: format!(
            "自评失实：{n} 项（{codes}）自评高出最终得分超过容差（满分 × {}），每项扣 {}{capped} → 扣 {} (inflated self-scores)",
            given(rule.tolerance),
            given(inf.per_item),
            given(points)
        ),
        points,
        items,
    })
}
