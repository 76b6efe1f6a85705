//! `compute_results(period)`: gathers every unit's result (computed by the assessment service,
//! or as stored at 定稿) and the companies' ratings as of the period's end, then lets the pure
//! [`crate::domain::results`] rank, grade and list them.

use super::companies::{self, Credit};
use super::{AwardedUnit, Awards, PeriodResults, RubricRef, UnitExplanation, inputs};
use crate::domain::period::Phase;
use crate::domain::results::{Standing, UnitFacts, explain, standings};
use crate::service::assessment::results::{self as unit_results, UnitResult};
use crate::service::assessment::{PeriodContext, load_period};
use crate::service::{AppState, ServiceError};

/// A period's results with what they were computed from (for explanations).
pub struct Computed {
    /// The results as published.
    pub results: PeriodResults,
    ctx: PeriodContext,
    units: Vec<UnitResult>,
}

/// Computes the results of `period_id` from the current inputs (no access check). A unit
/// whose result is incomplete makes the whole computation a 409 naming the unit.
#[tracing::instrument(skip(state))]
pub async fn compute_results(state: &AppState, period_id: &str) -> Result<Computed, ServiceError> {
    let ctx = load_period(state, period_id).await?;
    let a = ctx.assessment()?;
    let members = crate::store::assessment::periods::members(&state.db.pool, period_id).await?;
    let mut units = Vec::with_capacity(members.len());
    for m in &members {
        let r = match ctx.phase {
            Phase::Final => unit_results::stored_result(state, period_id, &m.unit_id).await,
            _ => unit_results::compute(state, &ctx, &m.unit_id).await,
        };
        units.push(r.map_err(|e| match e {
            ServiceError::Conflict(msg) => ServiceError::Conflict(format!("{}：{msg}", m.name)),
            other => other,
        })?);
    }
    let facts: Vec<UnitFacts<'_>> = units
        .iter()
        .map(|u| UnitFacts {
            unit_id: &u.unit.unit_id,
            unit_name: &u.unit.name,
            result: &u.result,
            criticisms: u.supervision.public_criticism,
        })
        .collect();
    let ranked = standings(&a.grading, &facts);
    let period_end = ctx.rubric.header.effective_to;
    let credit = companies::credit(state, period_end).await?;
    let rubrics = rubrics(&ctx, &credit);
    let inputs_hash =
        inputs::hash(&rubrics, &units, &credit.ratings).map_err(anyhow::Error::from)?;
    let results = PeriodResults {
        period_id: ctx.period.id.clone(),
        period_name: ctx.period.name.clone(),
        rubrics,
        period_end,
        awards: awards(&ranked, &credit),
        units: ranked,
        companies: credit.companies(),
        inputs_hash,
    };
    Ok(Computed {
        results,
        ctx,
        units,
    })
}

fn rubrics(ctx: &PeriodContext, credit: &Credit) -> Vec<RubricRef> {
    let mut out = vec![RubricRef {
        used_for: "unit-assessment".into(),
        id: ctx.rubric.id().to_owned(),
        version: ctx.rubric.version(),
        content_hash: ctx.rubric.content_hash().to_owned(),
    }];
    out.extend(credit.rubric.clone());
    out
}

fn awards(ranked: &[Standing], credit: &Credit) -> Awards {
    let entry = |s: &Standing| AwardedUnit {
        unit_id: s.unit_id.clone(),
        unit_name: s.unit_name.clone(),
        rank: s.rank,
        grade: s.grade.clone(),
        rules: s.award.rules.clone(),
    };
    let (red_list, black_list) = credit.lists();
    Awards {
        excellent: ranked
            .iter()
            .filter(|s| s.award.eligible)
            .map(entry)
            .collect(),
        not_eligible: ranked
            .iter()
            .filter(|s| !s.award.eligible)
            .map(entry)
            .collect(),
        red_list,
        black_list,
        renewals: credit.renewals(),
    }
}

impl Computed {
    /// One unit's explanation (404 for a unit not in the period).
    pub fn explain(mut self, unit_id: &str) -> Result<UnitExplanation, ServiceError> {
        let not_found = || ServiceError::NotFound(format!("考核周期中的单位 {unit_id}"));
        let standing = self
            .results
            .units
            .iter()
            .find(|s| s.unit_id == unit_id)
            .cloned()
            .ok_or_else(not_found)?;
        let at = self
            .units
            .iter()
            .position(|u| u.unit.unit_id == unit_id)
            .ok_or_else(not_found)?;
        let result = self.units.swap_remove(at);
        let a = self.ctx.assessment()?;
        let source_of = |code: &str| {
            result
                .sources
                .iter()
                .find(|s| s.code == code)
                .map(|s| s.source.label().to_owned())
        };
        let explanation =
            explain::explain(&self.ctx.rubric, a, &result.result, &standing, &source_of);
        Ok(UnitExplanation {
            standing,
            explanation,
            result,
        })
    }
}
