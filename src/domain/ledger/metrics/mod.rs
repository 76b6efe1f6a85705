//! Campaign metrics of the ledger (攻坚行动指标) for a scope and a date, as exact ratios with
//! their targets. They feed `threshold` rubric items and are shown, formula and counts, in the
//! result trace, so every figure carries its numerator, denominator and rule.
//!
//! - 物业服务覆盖率: projects a company serves on the date (a contract period covers it) / projects.
//! - 业委会组建率: projects whose committee was formed on or before the date / projects;
//!   target ≥ 90% (方案 三(二)2).
//! - 业委会成员党员比例: Σ party members / Σ members over those committees (a pooled share,
//!   not a mean of shares); target ≥ 50% (方案 三(二)2).
//! - 业委会党员比例达标率: the other reading of the same sentence — committees whose own members
//!   are at least half Party members (decided exactly: 2 × party ≥ members) / committees
//!   formed; target 100%. A rubric names which reading it scores.
//! - 物业企业党组织覆盖率: companies serving in scope on the date that have a Party organisation
//!   / companies serving in scope; target 100% (方案 三(三)1: 党建全覆盖).
//! - 承接查验业主代表达标率: handover inspections of projects in scope dated on or before the date
//!   whose owner representatives are at least one third of the group (`3 × owners ≥ group`,
//!   decided in integers) / handover inspections of projects in scope dated on or before the
//!   date; target 100%: every inspection must meet 方案 三(二)3 (业主代表人数不少于1/3).

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::handover::InspectionGroup;
use super::{ManagementType, OwnersCommittee};

/// Every metric name a rubric's `measure` may use, as [`CampaignMetrics::by_measure`] knows them.
pub const LEDGER_MEASURES: &[&str] = &[
    "物业服务覆盖率",
    "业委会组建率",
    "业委会成员党员比例",
    "业委会党员比例达标率",
    "物业企业党组织覆盖率",
    "承接查验业主代表达标率",
];

/// What of a metric is taken as of its day and what is today's ledger value, in words for the
/// trace: the ledger records dates for contracts, committee formation and handover
/// inspections, not for a project's entry, a committee's membership or a company's Party
/// organisation.
pub fn dated_note(measure: &str) -> &'static str {
    match measure {
        "物业服务覆盖率" => "服务期按当日判断；项目取台账现有项目（台账不记录项目建立日期）",
        "业委会组建率" => {
            "业委会按成立日期判断；项目取台账现有项目（台账不记录项目建立日期）"
        }
        "业委会成员党员比例" | "业委会党员比例达标率" => {
            "业委会按成立日期判断；成员及党员人数取台账现值（台账不记录历次换届）"
        }
        "物业企业党组织覆盖率" => {
            "在服务企业按当日服务期判断；是否建立党组织取台账现值（台账不记录建立日期）"
        }
        "承接查验业主代表达标率" => "承接查验按查验日期判断",
        _ => "",
    }
}

/// Decimals kept in a displayed rate (the `met` flag is decided exactly, never from this).
pub const RATE_DECIMALS: u32 = 6;

/// What the metrics need to know about one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub management_type: ManagementType,
    pub committee: Option<OwnersCommittee>,
    /// The company serving on the date, with whether it has a Party organisation.
    pub served_by: Option<(String, bool)>,
}

/// What the metrics need to know about one handover inspection (承接查验) in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoverFacts {
    pub inspected_on: Date,
    pub group: InspectionGroup,
}

/// A ratio with its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
    /// numerator / denominator rounded half away from zero to [`RATE_DECIMALS`]; `None` when the
    /// denominator is 0.
    pub rate: Option<Decimal>,
    /// The target share (e.g. 0.9), when the campaign plan sets one.
    pub target: Option<Decimal>,
    /// Whether numerator ≥ target × denominator, decided exactly; `None` without a target or
    /// without a denominator.
    pub met: Option<bool>,
    /// The formula in words.
    pub rule: String,
}

impl Ratio {
    fn new(numerator: i64, denominator: i64, target: Option<Decimal>, rule: &str) -> Self {
        let rate = (denominator > 0).then(|| {
            (Decimal::from(numerator) / Decimal::from(denominator))
                .round_dp_with_strategy(RATE_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        });
        let met = match (target, denominator > 0) {
            (Some(t), true) => Some(Decimal::from(numerator) >= t * Decimal::from(denominator)),
            _ => None,
        };
        Self {
            numerator,
            denominator,
            rate,
            target,
            met,
            rule: rule.to_owned(),
        }
    }
}

/// The metrics of one scope on one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CampaignMetrics {
    pub as_of: Date,
    /// Projects in scope.
    pub projects: i64,
    /// Projects by management type code (every type listed, zeros included).
    pub by_management_type: BTreeMap<&'static str, i64>,
    pub service_coverage: Ratio,
    pub committee_formation: Ratio,
    pub committee_party_share: Ratio,
    pub committee_party_compliance: Ratio,
    pub company_party_organisation: Ratio,
    /// 承接查验业主代表达标率.
    pub handover_owner_representation: Ratio,
}

impl CampaignMetrics {
    /// The metric a rubric `measure` names (see [`LEDGER_MEASURES`]).
    pub fn by_measure(&self, measure: &str) -> Option<&Ratio> {
        match measure {
            "物业服务覆盖率" => Some(&self.service_coverage),
            "业委会组建率" => Some(&self.committee_formation),
            "业委会成员党员比例" => Some(&self.committee_party_share),
            "业委会党员比例达标率" => Some(&self.committee_party_compliance),
            "物业企业党组织覆盖率" => Some(&self.company_party_organisation),
            "承接查验业主代表达标率" => Some(&self.handover_owner_representation),
            _ => None,
        }
    }
}

/// Computes the metrics over the projects in scope and the handover inspections of those
/// projects (inspections dated after `as_of` are not counted).
pub fn compute(
    as_of: Date,
    projects: &[ProjectFacts],
    handovers: &[HandoverFacts],
) -> CampaignMetrics {
    let t = Tally::of(as_of, projects);
    CampaignMetrics {
        as_of,
        projects: t.total,
        by_management_type: t.by_type,
        service_coverage: Ratio::new(
            t.served,
            t.total,
            None,
            "当日有物业服务企业服务的项目数 / 项目总数",
        ),
        committee_formation: Ratio::new(
            t.formed,
            t.total,
            Some(dec!(0.9)),
            "截至当日已成立业委会的项目数 / 项目总数，目标 ≥ 90%",
        ),
        committee_party_share: Ratio::new(
            t.party,
            t.members,
            Some(dec!(0.5)),
            "业委会党员人数合计 / 业委会成员人数合计，目标 ≥ 50%",
        ),
        committee_party_compliance: Ratio::new(
            t.compliant,
            t.formed,
            Some(dec!(1)),
            "党员比例达到 50% 的业委会数 / 截至当日已成立的业委会数（逐个业委会判定），目标 100%",
        ),
        company_party_organisation: Ratio::new(
            t.companies_with_org,
            t.companies,
            Some(dec!(1)),
            "当日在服务的企业中已建立党组织的企业数 / 在服务企业数，目标 100%",
        ),
        handover_owner_representation: handover_owner_representation(as_of, handovers),
    }
}

/// The counts behind the project metrics.
struct Tally {
    total: i64,
    by_type: BTreeMap<&'static str, i64>,
    /// Projects a company serves on the day.
    served: i64,
    /// Committees formed by the day, their members and Party members, and those at least half
    /// Party members.
    formed: i64,
    members: i64,
    party: i64,
    compliant: i64,
    /// Distinct companies serving on the day, and those with a Party organisation.
    companies: i64,
    companies_with_org: i64,
}

impl Tally {
    fn of(as_of: Date, projects: &[ProjectFacts]) -> Self {
        let mut by_type: BTreeMap<&'static str, i64> =
            ManagementType::ALL.iter().map(|m| (m.code(), 0)).collect();
        let (mut served, mut formed, mut members, mut party, mut compliant) = (0, 0, 0, 0, 0);
        let mut companies: BTreeMap<&str, bool> = BTreeMap::new();
        for p in projects {
            *by_type.entry(p.management_type.code()).or_default() += 1;
            if let Some((company, has_org)) = &p.served_by {
                served += 1;
                companies.insert(company, *has_org);
            }
            if let Some(c) = p.committee.filter(|c| c.formed_on <= as_of) {
                formed += 1;
                members += c.members;
                party += c.party_members;
                compliant += i64::from(2 * c.party_members >= c.members);
            }
        }
        Tally {
            total: projects.len() as i64,
            by_type,
            served,
            formed,
            members,
            party,
            compliant,
            companies: companies.len() as i64,
            companies_with_org: companies.values().filter(|h| **h).count() as i64,
        }
    }
}

/// 承接查验业主代表达标率: each inspection is met or not in integers; the ratio counts them.
fn handover_owner_representation(as_of: Date, handovers: &[HandoverFacts]) -> Ratio {
    let held: Vec<_> = handovers
        .iter()
        .filter(|h| h.inspected_on <= as_of)
        .collect();
    let met = held
        .iter()
        .filter(|h| h.group.owners_at_least_one_third())
        .count();
    Ratio::new(
        met as i64,
        held.len() as i64,
        Some(dec!(1)),
        "截至当日业主代表人数不少于查验组人数 1/3（3 × 业主代表人数 ≥ 查验组人数）的承接查验次数 \
         / 截至当日的承接查验次数，目标 100%",
    )
}

#[cfg(test)]
mod tests;
