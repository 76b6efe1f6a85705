//! Indices per project, company, community and town from the sufficient statistics alone
//! (never the raw responses), with the response rate, whether the sample is still short, and
//! — for the bureau — the per-batch flags beside them.

use std::collections::BTreeMap;

use serde::Serialize;

mod facts;
mod per_project;
mod scope;

pub(crate) use per_project::per_project;

pub use scope::Scope;

use facts::{ProjectFacts, project_facts};

use super::flags::{BatchFlags, round_flags};
use super::{RoundInfo, round_info};
use crate::domain::access::{Action, Principal, Role, authorize};
use crate::domain::ledger::Visibility;
use crate::domain::rubric::SatisfactionIndex;
use crate::domain::rubric::statistic::StatFormat;
use crate::domain::survey::aggregate::{Population, Stats, index_of};
use crate::service::{AppState, ServiceError};
use crate::store;

/// An index with the figures a reader needs beside it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IndexFigures {
    pub index: SatisfactionIndex,
    /// Households (N).
    pub households: u32,
    /// Codes handed out.
    pub codes: u32,
    /// Responses received (valid and invalid).
    pub responses: u32,
    /// Response rate, responses per code handed out, a share 0–1: decimal string at the
    /// rubric's `[statistics] share_places` (default 4, e.g. "0.9167" for 11 of 12), rounded
    /// once from the exact ratio; null without codes.
    pub response_rate: Option<rust_decimal::Decimal>,
    /// Whether the valid sample is still below the requirement.
    pub provisional: bool,
    /// Valid responses still missing.
    pub shortfall: u32,
}

/// A project's line.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProjectIndex {
    pub project_id: String,
    pub name: String,
    pub figures: IndexFigures,
    /// The bureau's view only: its batches' flags (never dropping a response).
    pub flags: Vec<BatchFlags>,
}

/// The index of a scope, with its projects.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IndexView {
    pub round_id: String,
    pub round_name: String,
    pub scope: String,
    pub total: IndexFigures,
    pub projects: Vec<ProjectIndex>,
    /// Projects left out of a published view for having too few valid responses.
    pub hidden_projects: u32,
}

/// The index of `scope` in a round as `who` may see it: units their own area, companies their
/// own projects once the round has closed, the bureau, reviewers and inspectors everything.
pub async fn index(
    state: &AppState,
    who: &Principal,
    round_id: &str,
    scope: &str,
) -> Result<IndexView, ServiceError> {
    authorize(who, Action::ReadSurveyIndex)?;
    let round = round_info(state, round_id).await?;
    if who.role == Role::Company && state.db.clock.now() < round.closes {
        return Err(ServiceError::Refused(
            "调查结束后企业才能查看本企业项目的满意度 (companies read after the round closes)"
                .into(),
        ));
    }
    let vis = crate::service::ledger::visibility_of(&state.db, who).await?;
    let bureau = matches!(who.role, Role::Admin | Role::Reviewer | Role::Inspector);
    compute(
        state,
        &round,
        &Scope::parse(Some(scope))?,
        &vis,
        Publish::No { flags: bureau },
    )
    .await
}

/// The published index of a scope (no login): only once the admin has published the round,
/// and each project only with the rubric's minimum of valid responses.
pub async fn published(
    state: &AppState,
    round_id: &str,
    scope: &str,
) -> Result<IndexView, ServiceError> {
    let round = round_info(state, round_id).await?;
    if round.row.published_at.is_none() {
        return Err(ServiceError::NotFound(format!(
            "已公布的调查轮次 {round_id}"
        )));
    }
    compute(
        state,
        &round,
        &Scope::parse(Some(scope))?,
        &Visibility::All,
        Publish::Yes,
    )
    .await
}

/// Whether a view is the public one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Publish {
    Yes,
    No { flags: bool },
}

/// What the lines are computed from: each project's statistics and codes, and its flags.
struct Inputs {
    stats: BTreeMap<String, Stats>,
    codes: BTreeMap<String, u32>,
    flags: BTreeMap<String, Vec<BatchFlags>>,
}

async fn inputs(
    state: &AppState,
    round: &RoundInfo,
    publish: Publish,
) -> Result<Inputs, ServiceError> {
    let pool = &state.db.pool;
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    for row in store::survey::stats::for_round(pool, &round.row.id).await? {
        stats
            .entry(row.project_id)
            .or_default()
            .insert(row.stat, row.moments);
    }
    let mut codes: BTreeMap<String, u32> = BTreeMap::new();
    for b in store::survey::codes::batches(pool, &round.row.id).await? {
        *codes.entry(b.project_id).or_default() += u32::try_from(b.codes).unwrap_or(0);
    }
    let flags = match publish {
        Publish::No { flags: true } => round_flags(state, round).await?,
        _ => BTreeMap::new(),
    };
    Ok(Inputs {
        stats,
        codes,
        flags,
    })
}

async fn compute(
    state: &AppState,
    round: &RoundInfo,
    scope: &Scope,
    vis: &Visibility,
    publish: Publish,
) -> Result<IndexView, ServiceError> {
    let facts = project_facts(state, round, vis).await?;
    let chosen: Vec<&ProjectFacts> = facts.iter().filter(|p| scope.covers(p)).collect();
    if chosen.is_empty() && *scope != Scope::Round {
        return Err(ServiceError::Absent(crate::domain::FieldError::new(
            "scope",
            format!(
                "范围 {} 内没有本轮调查的项目（编号不存在或不在本轮） (no project of the round in scope)",
                scope.text()
            ),
        )));
    }
    let inputs = inputs(state, round, publish).await?;
    let mut sum = Sum::default();
    let mut lines = Vec::new();
    for p in chosen {
        // The project's own figures first: a project hidden from the public is left out of the
        // total too, or the total of its scope (or the round total less the shown projects)
        // would give its few answers away.
        let line = Sum::default().add(round, p, &inputs)?;
        let hide = publish == Publish::Yes
            && line.figures.index.valid < round.spec()?.sample.publish_minimum;
        if hide {
            sum.hidden += 1;
        } else {
            sum.add(round, p, &inputs)?;
            lines.push(line);
        }
    }
    Ok(IndexView {
        round_id: round.row.id.clone(),
        round_name: round.row.name.clone(),
        scope: scope.text(),
        total: sum.figures(round)?,
        projects: lines,
        hidden_projects: sum.hidden,
    })
}

/// The pooled statistics of the lines so far.
#[derive(Default)]
struct Sum {
    stats: Stats,
    population: Option<Population>,
    codes: u32,
    hidden: u32,
}

impl Sum {
    /// Adds project `p` and returns its own line.
    fn add(
        &mut self,
        round: &RoundInfo,
        p: &ProjectFacts,
        inputs: &Inputs,
    ) -> Result<ProjectIndex, ServiceError> {
        let empty = Stats::new();
        let s = inputs.stats.get(&p.id).unwrap_or(&empty);
        for (k, m) in s {
            self.stats.entry(k.clone()).or_default().merge(m);
        }
        let pop = Population {
            households: p.households,
            required: p.required,
        };
        let total = self.population.get_or_insert(Population {
            households: 0,
            required: 0,
        });
        total.households += pop.households;
        total.required += pop.required;
        let codes = inputs.codes.get(&p.id).copied().unwrap_or(0);
        self.codes += codes;
        let spec = round.spec()?;
        let rounding = round.rubric.header().rounding.as_ref();
        let format = StatFormat::of(round.rubric.header());
        let index = index_of(spec, rounding, format, s, Some(pop))?;
        Ok(ProjectIndex {
            project_id: p.id.clone(),
            name: p.name.clone(),
            figures: figures(index, s, pop, codes, format),
            flags: inputs.flags.get(&p.id).cloned().unwrap_or_default(),
        })
    }

    /// The pooled line.
    fn figures(&self, round: &RoundInfo) -> Result<IndexFigures, ServiceError> {
        let pop = self.population.unwrap_or(Population {
            households: 0,
            required: 0,
        });
        let rounding = round.rubric.header().rounding.as_ref();
        let format = StatFormat::of(round.rubric.header());
        let index = index_of(round.spec()?, rounding, format, &self.stats, Some(pop))?;
        Ok(figures(index, &self.stats, pop, self.codes, format))
    }
}

fn figures(
    index: SatisfactionIndex,
    s: &Stats,
    pop: Population,
    codes: u32,
    format: StatFormat,
) -> IndexFigures {
    let responses = s
        .get(crate::domain::survey::aggregate::RESPONSES)
        .map_or(0, |m| u32::try_from(m.n).unwrap_or(u32::MAX));
    let shortfall = pop.required.saturating_sub(index.valid);
    IndexFigures {
        households: pop.households,
        codes,
        responses,
        response_rate: format.share(u64::from(responses), codes),
        provisional: shortfall > 0,
        shortfall,
        index,
    }
}

/// The pooled index of a town's projects in `round` (every project for `None`), for the
/// assessment items that read it; None when the area has no project in the round.
pub(crate) async fn for_area(
    state: &AppState,
    round: crate::store::survey::rounds::RoundRow,
    town: Option<&str>,
) -> Result<Option<IndexView>, ServiceError> {
    let info = super::info_of(state, round)?;
    let scope = town.map_or(Scope::Round, |t| Scope::Town(t.to_owned()));
    match compute(
        state,
        &info,
        &scope,
        &Visibility::All,
        Publish::No { flags: false },
    )
    .await
    {
        Ok(view) => Ok(Some(view)),
        Err(ServiceError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
