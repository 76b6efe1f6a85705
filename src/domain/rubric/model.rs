//! The validated rubric: what the loader produces and every scorer reads.
//!
//! Values of these types only come out of [`super::parse`], so the scorers may rely on the
//! invariants the loader checked (sums, weights, bands, steps) instead of re-checking them.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::composite::CompositeSpec;
use super::credit::CreditSpec;
use super::satisfaction::SatisfactionSpec;

/// A loaded, validated rubric file (考核标准和细则).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub(crate) header: Header,
    pub(crate) body: Body,
}

/// What every rubric file declares at its top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Stable identifier, e.g. `unit-assessment-2023`.
    pub id: String,
    /// Integer version, bumped on every change that can move a score.
    pub version: u32,
    /// Which family of rubric this is.
    pub kind: Kind,
    /// Chinese title as published.
    pub title: String,
    /// First day the rubric applies.
    pub effective_from: Date,
    /// Last day the rubric applies (inclusive).
    pub effective_to: Date,
    /// Where and how to round, if the file says so.
    pub rounding: Option<Rounding>,
    /// SHA-256 hex of the file bytes, so a published score names the exact text it used.
    pub content_hash: String,
    /// File name given to the loader (for messages).
    pub file_name: String,
}

/// The families of rubric the engine understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Annual target assessment of towns/parks and departments.
    UnitAssessment,
    /// Third-party on-site checklist for a property project.
    ServiceQuality,
    /// Resident satisfaction questionnaire.
    Satisfaction,
    /// Company credit rating.
    Credit,
    /// Weighted combination of other results.
    Composite,
}

impl Kind {
    /// The spelling used in rubric files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::UnitAssessment => "unit-assessment",
            Kind::ServiceQuality => "service-quality",
            Kind::Satisfaction => "satisfaction",
            Kind::Credit => "credit",
            Kind::Composite => "composite",
        }
    }

    /// Parses the file spelling.
    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::UnitAssessment,
            Kind::ServiceQuality,
            Kind::Satisfaction,
            Kind::Credit,
            Kind::Composite,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Rounding declared by the file; applied only at the listed stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// How ties and tails are resolved.
    pub mode: RoundingMode,
    /// Stages at which to round.
    pub at: Vec<RoundAt>,
}

/// Rounding modes a bureau rule may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMode {
    /// 四舍五入: 0.5 away from zero.
    HalfUp,
    /// Banker's rounding: 0.5 to the even neighbour.
    HalfEven,
    /// Truncate toward zero (去尾).
    Down,
}

/// Stages of the calculation where rounding may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundAt {
    /// Each item score.
    Item,
    /// Each category sum.
    Category,
    /// The final total (or index / credit score).
    Total,
}

impl Rounding {
    /// Rounds `value` if this rule applies at `stage`, otherwise returns it unchanged.
    pub fn apply(&self, stage: RoundAt, value: Decimal) -> Decimal {
        if !self.at.contains(&stage) {
            return value;
        }
        use rust_decimal::RoundingStrategy as S;
        let strategy = match self.mode {
            RoundingMode::HalfUp => S::MidpointAwayFromZero,
            RoundingMode::HalfEven => S::MidpointNearestEven,
            RoundingMode::Down => S::ToZero,
        };
        value.round_dp_with_strategy(self.places, strategy)
    }
}

/// Rounds with an optional rule (no rule: unchanged).
pub(crate) fn round_opt(rule: Option<&Rounding>, stage: RoundAt, value: Decimal) -> Decimal {
    rule.map_or(value, |r| r.apply(stage, value))
}

/// Kind-specific content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind_body")]
pub enum Body {
    /// `unit-assessment` and `service-quality`: a tree of scored items.
    Assessment(Assessment),
    /// `satisfaction`: questionnaire, scale, validity and sample rules.
    Satisfaction(SatisfactionSpec),
    /// `credit`: conduct records and grade bands.
    Credit(CreditSpec),
    /// `composite`: weighted components.
    Composite(CompositeSpec),
}

/// A points rubric: categories of items, grading and combination rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Full points of the rubric (normally 100).
    pub total: Decimal,
    /// Whether top-level categories are weighted (weights sum to 1) rather than summed.
    pub weighted: bool,
    /// Top-level categories.
    pub categories: Vec<Category>,
    /// Ceiling on all bonus items together.
    pub bonus_cap: Decimal,
    /// What to do with not-applicable items.
    pub renormalise: Renormalise,
    /// Grade bands and grade rules.
    pub grading: Grading,
    /// How self and review scores combine.
    pub combination: Combination,
}

/// Re-normalisation when items are not applicable to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Renormalise {
    /// total × full points / applicable points.
    ScaleToMax,
    /// N/A items simply score nothing.
    None,
}

/// A category (one level of the tree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable code, e.g. `3`.
    pub code: String,
    /// Chinese title.
    pub title: String,
    /// Full points of the category.
    pub points: Decimal,
    /// Weight within the parent, when the parent is weighted.
    pub weight: Option<Decimal>,
    /// Whether children are weighted (scaled to `points`) rather than summed.
    pub weighted: bool,
    /// Items, then sub-categories.
    pub children: Vec<Node>,
}

/// A child of a category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Node {
    /// A nested category.
    Category(Category),
    /// A scored item.
    Item(Item),
}

/// One scored item of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Stable code unique in the file, e.g. `3.2`.
    pub code: String,
    /// Chinese title.
    pub title: String,
    /// Maximum points (for bonus items: the item's own cap; veto items: 0).
    pub max: Decimal,
    /// Weight within the parent when the parent is weighted.
    pub weight: Option<Decimal>,
    /// Unit types it applies to (empty: all).
    pub applies_to: Vec<String>,
    /// Evidence the unit must attach.
    pub evidence: Vec<String>,
    /// Responsible units, as in the task table.
    pub responsible: Vec<String>,
    /// Deadline, if the task has one.
    pub deadline: Option<Date>,
    /// 长期推进: a long-running task with no deadline.
    pub ongoing: bool,
    /// Where the item comes from (plan clause).
    pub basis: Option<String>,
    /// The one scoring method.
    pub method: Method,
}

/// The scoring method of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Method {
    /// 0..max in steps of `step`.
    Points {
        /// Granularity of allowed scores, e.g. 0.5.
        step: Decimal,
    },
    /// Named findings deducted per occurrence, never below zero (扣完为止).
    Deduction {
        /// The findings that may be recorded.
        findings: Vec<Finding>,
    },
    /// From a measured value against a target and a floor.
    Threshold {
        /// What is measured, e.g. 业委会组建率.
        measure: String,
        /// Full points at or above this value.
        target: Decimal,
        /// Zero below this value.
        floor: Decimal,
        /// Interpolation between floor and target.
        curve: Curve,
    },
    /// Full when done by the deadline, less per late day/week, zero when not done.
    Deadline {
        /// Unit of lateness.
        per: LatePer,
        /// Points off per late unit.
        points: Decimal,
        /// Most that lateness can take off.
        cap: Decimal,
    },
    /// max × satisfaction index / 100.
    Survey,
    /// Named achievements added, capped by the item max and the rubric bonus cap.
    Bonus {
        /// The achievements that may be recorded.
        awards: Vec<Finding>,
    },
    /// One-vote veto: forces the lowest grade, or caps the grade at `max_grade`.
    Veto {
        /// Highest grade still possible when triggered (None: the lowest grade).
        max_grade: Option<String>,
    },
}

impl Method {
    /// The file spelling of the method.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Points { .. } => "points",
            Method::Deduction { .. } => "deduction",
            Method::Threshold { .. } => "threshold",
            Method::Deadline { .. } => "deadline",
            Method::Survey => "survey",
            Method::Bonus { .. } => "bonus",
            Method::Veto { .. } => "veto",
        }
    }

    /// Whether the item counts toward category and rubric full points.
    pub fn counts_toward_total(&self) -> bool {
        !matches!(self, Method::Bonus { .. } | Method::Veto { .. })
    }
}

/// A finding (deduction) or award (bonus) worth points per occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Code used in inputs.
    pub code: String,
    /// Chinese description.
    pub title: String,
    /// Points per occurrence.
    pub points: Decimal,
}

/// Interpolation between floor and target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Curve {
    /// max × (x − floor)/(target − floor).
    Linear,
    /// 功效系数: max × (60 + 40·(x − floor)/(target − floor))/100.
    Efficacy,
}

/// Unit of lateness for deadline items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LatePer {
    /// Each calendar day late.
    Day,
    /// Each started week (7 calendar days) late.
    Week,
}

/// Grade bands and the rules that can move a subject between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grading {
    /// Bands, highest first; the last one is the lowest grade.
    pub bands: Vec<Band>,
    /// No grade at or above `grade` if a category falls below `share` of its points.
    pub category_minimum: Option<CategoryMinimum>,
    /// Largest share of subjects that may hold the top grade.
    pub top_quota: Option<Decimal>,
    /// Category codes compared, in order, when totals tie.
    pub tie_breakers: Vec<String>,
}

/// One grade band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Grade name, e.g. 优秀.
    pub name: String,
    /// Lowest total that reaches it.
    pub min: Decimal,
}

/// A per-category floor guarding the grades from `grade` upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryMinimum {
    /// The lowest guarded grade (e.g. 优秀).
    pub grade: String,
    /// Share of each category's points that must be reached.
    pub share: Decimal,
}

/// How self and review scores become the final item score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Combination {
    /// The rule.
    pub rule: CombineRule,
    /// Share of the item max above which disagreement needs a reason and another reviewer.
    pub tolerance: Decimal,
    /// Deduction for inflated self-scores (自评失实).
    pub inflation: Option<Inflation>,
}

/// Combination rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inflation {
    /// Points per item where self − final exceeds the tolerance.
    pub per_item: Decimal,
    /// Most it can take off.
    pub cap: Decimal,
}
