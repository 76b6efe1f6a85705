//! Grade bands, grade rules and the self/review combination rule.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Grade bands and the rules that can move a subject between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Grading {
    /// Bands, highest first; the last one is the lowest grade.
    pub bands: Vec<Band>,
    /// No grade at or above `grade` if a category falls below `share` of its points.
    pub category_minimum: Option<CategoryMinimum>,
    /// Largest share of subjects that may hold the top grade.
    pub top_quota: Option<Decimal>,
    /// How a tie straddling the quota line is settled (declared whenever `top_quota` is).
    #[serde(default)]
    pub quota_ties: Option<QuotaTies>,
    /// What ranks first (vetoed subjects always rank after all others).
    #[serde(default)]
    pub rank_by: RankBy,
    /// Category codes compared, in order, when totals tie.
    pub tie_breakers: Vec<String>,
    /// Working days a published snapshot of results stays on public notice (公示) unless the
    /// bureau says otherwise when publishing (`notice_days`; absent: the period's own notice
    /// length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_days: Option<u32>,
}

/// `[grading] quota_ties`: a group tied at the quota line (same rank) that does not fit in
/// the allowance as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaTies {
    /// `drop-all`: the whole group drops to the next grade; the quota is a ceiling.
    DropAll,
    /// `keep-all`: the whole group keeps the top grade; a tie may exceed the quota.
    KeepAll,
}

impl QuotaTies {
    /// Every rule with its file spelling.
    pub const ALL: [(&'static str, QuotaTies); 2] = [
        ("drop-all", QuotaTies::DropAll),
        ("keep-all", QuotaTies::KeepAll),
    ];
}

/// `[grading] rank_by`: the order of a ranking, after the rule that vetoed subjects rank after
/// every subject without a veto.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RankBy {
    /// `total`: by total, then the tie-breakers.
    #[default]
    Total,
    /// `grade`: by final grade (after category minimum, vetoes), then total, then the
    /// tie-breakers — a unit demoted to 良好 never ranks above a unit graded 优秀.
    Grade,
}

impl RankBy {
    /// Every order with its file spelling.
    pub const ALL: [(&'static str, RankBy); 2] =
        [("total", RankBy::Total), ("grade", RankBy::Grade)];
}

/// One grade band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Band {
    /// Grade name, e.g. 优秀.
    pub name: String,
    /// Lowest total that reaches it.
    pub min: Decimal,
}

/// A per-category floor guarding the grades from `grade` upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryMinimum {
    /// The lowest guarded grade (e.g. 优秀).
    pub grade: String,
    /// Share of each category's points that must be reached.
    pub share: Decimal,
}

/// How self and review scores become the final item score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Combination {
    /// The rule.
    pub rule: CombineRule,
    /// Share of the item max above which disagreement needs a reason and another reviewer.
    pub tolerance: Decimal,
    /// Deduction for inflated self-scores (自评失实).
    pub inflation: Option<Inflation>,
}

/// Combination rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CombineRule {
    /// The (mean of the) review score(s) replaces the self score.
    ReviewOverrides,
    /// Mean of self and reviews.
    Mean,
    /// Median of self and reviews.
    Median,
    /// Mean of reviews, dropping the highest and lowest when more than 5 reviewers.
    TrimmedMean,
}

/// 自评失实 deduction: per inflated item, capped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Inflation {
    /// Points per item where self − final exceeds the tolerance.
    pub per_item: Decimal,
    /// Most it can take off.
    pub cap: Decimal,
    /// An optional rule (the plan has no such deduction): applied only where a period enables
    /// it under the code [`INFLATION_OPTION`].
    #[serde(default)]
    pub optional: bool,
}

/// The option code that enables an optional 自评失实 deduction in a period.
pub const INFLATION_OPTION: &str = "inflation";
