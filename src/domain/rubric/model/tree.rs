//! The points tree: categories and items, whose duty an item is, and what feeds it (the
//! methods are in `method`).

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Combination, Duty, Grading, Method};

/// A points rubric: categories of items, grading and combination rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The bodies the plan names as responsible (`[[role]]`), each with its unit type; a
    /// period binds each assessed unit to at most one of them.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Ledger metrics the rubric deliberately does not score, with the reason (`[[unscored]]`).
    #[serde(default)]
    pub unscored: Vec<Unscored>,
    /// `service-quality`: inspectors per visit, how their sheets combine, the objection
    /// window (`[evaluation]`); the defaults for other kinds.
    #[serde(default)]
    pub evaluation: EvaluationRules,
}

/// How an on-site evaluation (第三方现场测评) is run under a `service-quality` rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvaluationRules {
    /// Most inspectors one visit may have (1 or 2), each filling their own sheet.
    pub inspectors: u32,
    /// How two inspectors' sheet totals combine into the visit's score.
    pub combine: SheetCombine,
    /// Days after the evaluation is accepted during which the company may object to a
    /// finding (0: no objections).
    pub objection_days: u32,
}

impl Default for EvaluationRules {
    fn default() -> Self {
        Self {
            inspectors: 1,
            combine: SheetCombine::Mean,
            objection_days: 0,
        }
    }
}

/// How inspectors' sheets combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SheetCombine {
    /// The mean of the sheets' totals.
    Mean,
}

impl Assessment {
    /// The rules a period may enable: optional items (code, title) and, when the rubric makes
    /// it optional, the 自评失实 deduction (`inflation`).
    pub fn optional_rules(&self) -> Vec<(String, String)> {
        fn walk(c: &Category, out: &mut Vec<(String, String)>) {
            for n in &c.children {
                match n {
                    Node::Item(i) if i.optional => out.push((i.code.clone(), i.title.clone())),
                    Node::Item(_) => {}
                    Node::Category(sub) => walk(sub, out),
                }
            }
        }
        let mut out = Vec::new();
        for c in &self.categories {
            walk(c, &mut out);
        }
        if self
            .combination
            .inflation
            .as_ref()
            .is_some_and(|i| i.optional)
        {
            out.push((
                super::INFLATION_OPTION.to_owned(),
                "自评失实扣分 (deduction for inflated self-scores)".to_owned(),
            ));
        }
        out
    }
}

/// A body the plan names (附件1 member units, towns and parks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Role {
    /// The name as the plan writes it, e.g. `县住建局`.
    pub name: String,
    /// The unit type a ledger unit bound to it must have (`town`, `park`, `department`).
    pub unit_type: String,
}

/// A ledger metric the rubric leaves unscored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unscored {
    /// The metric's name, as a `measure` would name it.
    pub measure: String,
    /// Why no item scores it.
    pub reason: String,
}

/// A role named in an item's `responsible` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RoleRef {
    /// The role's name.
    pub role: String,
    /// Whether the plan names it 牵头单位 (lead unit) for the task.
    pub lead: bool,
}

/// Re-normalisation when items are not applicable to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Renormalise {
    /// total × full points / applicable points.
    ScaleToMax,
    /// N/A items simply score nothing.
    None,
}

/// A category (one level of the tree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
// Items outweigh categories, but a tree is built once at load and only read after: boxing
// would add an indirection to every walk for no saving that matters.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Node {
    /// A nested category.
    Category(Category),
    /// A scored item.
    Item(Item),
}

/// One scored item of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Responsible units, as the task table writes them.
    pub responsible: Vec<String>,
    /// The same list resolved to the rubric's roles (empty when the rubric declares none): the
    /// item is the named units' duty, which they cannot claim away.
    #[serde(default)]
    pub named: Vec<RoleRef>,
    /// An optional rule the plan does not contain: scored only where a period enables it.
    #[serde(default)]
    pub optional: bool,
    /// For `source = "ledger"`: the management types whose projects the metric counts (empty:
    /// every type).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eligible: Vec<String>,
    /// Deadline, if the task has one.
    pub deadline: Option<Date>,
    /// 长期推进: a long-running task with no deadline.
    pub ongoing: bool,
    /// Where the item comes from (plan clause).
    pub basis: Option<String>,
    /// Records that supply the item's input instead of the unit (absent: the unit and reviewers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ItemSource>,
    /// The one scoring method.
    pub method: Method,
}

impl Item {
    /// Whose duty the item is for a unit of `unit_type` bound to plan role `role`. Without a
    /// unit type (a project, a dry run) every item applies. An item naming roles but no
    /// `applies_to` types is only the named roles' duty; with neither it is everyone's.
    pub fn duty(&self, unit_type: Option<&str>, role: Option<&str>) -> Duty {
        if let Some(n) = role.and_then(|r| self.named.iter().find(|n| n.role == r)) {
            return Duty::Named { lead: n.lead };
        }
        let Some(t) = unit_type else {
            return Duty::ByType;
        };
        let for_everyone = self.applies_to.is_empty() && self.named.is_empty();
        if for_everyone || self.applies_to.iter().any(|a| a == t) {
            Duty::ByType
        } else {
            Duty::NotAssigned
        }
    }
}

/// Records that feed an item (`source = "…"` in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ItemSource {
    /// `supervision`: a `deduction` item whose findings are counted from supervision items.
    #[serde(rename = "supervision")]
    Supervision,
    /// `supervision.criticism`: a `veto` triggered by any public criticism (通报批评).
    #[serde(rename = "supervision.criticism")]
    SupervisionCriticism,
    /// `ledger`: a `threshold` item measured from the ledger (its `measure` names the metric).
    #[serde(rename = "ledger")]
    Ledger,
    /// `survey`: a `survey` item whose index is the residents' satisfaction index of the
    /// unit's area in the period's latest closed survey round.
    #[serde(rename = "survey")]
    Survey,
}

impl ItemSource {
    /// Every source with its file spelling and the method it feeds.
    pub const ALL: [(ItemSource, &'static str, &'static str); 4] = [
        (ItemSource::Supervision, "supervision", "deduction"),
        (
            ItemSource::SupervisionCriticism,
            "supervision.criticism",
            "veto",
        ),
        (ItemSource::Ledger, "ledger", "threshold"),
        (ItemSource::Survey, "survey", "survey"),
    ];
}
