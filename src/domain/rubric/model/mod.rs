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

mod duty;
mod grading;
mod method;
mod tree;

pub use duty::{Duty, DutyKind};
pub use grading::{
    Band, CategoryMinimum, Combination, CombineRule, Grading, INFLATION_OPTION, Inflation,
    QuotaTies, RankBy,
};
pub use method::{BelowFloor, Curve, Finding, LatePer, Method, MethodKind, ShareUnit};
pub use tree::{
    Assessment, Category, EvaluationRules, Item, ItemSource, Node, Renormalise, Role, RoleRef,
    SheetCombine, Unscored,
};

/// A loaded, validated rubric file (考核标准和细则).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rubric {
    pub(crate) header: Header,
    pub(crate) body: Body,
}

/// What every rubric file declares at its top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Places intermediate figures are shown with in traces (`display_places`, default 4);
    /// the arithmetic itself stays exact.
    #[serde(default = "default_display_places")]
    pub display_places: u32,
    /// Places statistics are published with (`[statistics]`; defaults filled in), see
    /// [`super::statistic`].
    #[serde(default)]
    pub statistics: super::statistic::StatPlaces,
    /// SHA-256 hex of the file bytes, so a published score names the exact text it used.
    pub content_hash: String,
    /// File name given to the loader (for messages). Shown by its base name only
    /// (`credit.toml`): the server's folders are no business of a client's.
    #[serde(serialize_with = "base_name")]
    pub file_name: String,
}

/// Writes only the last component of a path (`/srv/kaoping/rubrics/credit.toml` →
/// `credit.toml`), whichever separator the server uses.
fn base_name<S: serde::Serializer, P: AsRef<str>>(path: &P, s: S) -> Result<S::Ok, S::Error> {
    let path = path.as_ref();
    s.serialize_str(path.rsplit(['/', '\\']).next().unwrap_or(path))
}

fn default_display_places() -> u32 {
    super::figures::DEFAULT_DISPLAY_PLACES
}

/// The families of rubric the engine understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// How ties and tails are resolved.
    pub mode: RoundingMode,
    /// Stages at which to round.
    pub at: Vec<RoundAt>,
}

/// Rounding modes a bureau rule may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
