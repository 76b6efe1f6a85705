//! Project quality as of a day (项目服务质量综合评价), by the `composite` rubric in force that day:
//!
//! - 第三方现场检查: the latest evaluation of the project visited and accepted by that day, in
//!   the rubric's effective window, without the findings whose objection was upheld (whenever decided);
//! - 业主满意度测评: the project's index in the latest survey round closed by the end of that day
//!   (Beijing) in the window — only when its valid sample reached the requirement: a
//!   provisional index is shown in the survey's own view but does not move a company's credit
//!   (assumption — for the bureau to confirm);
//! - 日常考评: from the complaints received in the rubric's `[daily]` window (and its effective
//!   window) about the project while the company served it, as of that day — only for a
//!   project one of the others rates: complaints never rate a project alone (assumption — for
//!   the bureau to confirm; a project nobody measured would otherwise score the base).
//!
//! Missing components are re-normalised as the rubric says ([`project_quality`]). Every value
//! names its source, so a rating's trace leads back to the visit or the round.
//!
//! A measurement belongs to the company that served the project when it was taken (the
//! evaluation's company; for a survey, the company serving on the round's last day): when a
//! project changes hands, the new company does not inherit the old one's scores.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::evaluations::score_of;
use super::in_force;
use crate::domain::credit::complaint::{ComplaintFacts, daily_value, window_start};
use crate::domain::credit::quality::{ComponentValue, QualityResult, project_quality};
use crate::domain::period::beijing;
use crate::domain::rubric::daily::DailyRules;
use crate::domain::rubric::figures::Precision;
use crate::domain::rubric::model::{Body, Kind};
use crate::service::{AppState, ServiceError};
use crate::store::credit::complaints;
use crate::store::credit::evaluation_scores;
use crate::store::credit::evaluations;

/// Component codes this service fills (the shipped `composite.toml`'s).
const INSPECTION: &str = "inspection";
const SATISFACTION: &str = "satisfaction";

/// A project under one company.
pub type Served = (String, String);

/// The quality of every project that has one as of `day`, by `(project id, company id)` of the
/// company whose service was measured. Empty when no composite rubric is in force that day.
pub async fn as_of(
    state: &AppState,
    day: Date,
) -> Result<BTreeMap<Served, QualityResult>, ServiceError> {
    let Some(rubric) = in_force(state, Kind::Composite, day) else {
        return Ok(BTreeMap::new());
    };
    let Body::Composite(spec) = &rubric.body else {
        return Ok(BTreeMap::new());
    };
    let from = rubric.header.effective_from;
    let mut values: BTreeMap<Served, Vec<ComponentValue>> = BTreeMap::new();
    // Independent reads, each on its own connection: SQLite's per-connection threads hand
    // rows over while the others are decoded.
    let (found, surveyed, complaints) = tokio::try_join!(
        inspections(state, day, from),
        satisfaction(state, day, from),
        complaints_in(state, spec.daily.as_ref(), day, from),
    )?;
    for (project, v) in found.into_iter().chain(surveyed) {
        values.entry(project).or_default().push(v);
    }
    if let Some(rules) = &spec.daily {
        daily(rules, complaints, day, &mut values);
    }
    let precision = Precision::of(&rubric.header);
    Ok(values
        .into_iter()
        .filter_map(|(project, v)| {
            project_quality(spec, rubric.header.rounding.as_ref(), precision, &v)
                .map(|q| (project, q))
        })
        .collect())
}

/// Each project's latest accepted visit in `[from, day]` per company, at its kept score —
/// without the findings whose objection was upheld (whenever decided: they never counted).
/// A visit without a kept score is scored here from its sheets.
async fn inspections(
    state: &AppState,
    day: Date,
    from: Date,
) -> Result<Vec<(Served, ComponentValue)>, ServiceError> {
    let pool = &state.db.pool;
    let mut out = Vec::new();
    for visit in evaluation_scores::latest_accepted(pool, from, day).await? {
        let total = match visit.total {
            Some(total) => total,
            None => match unkept(state, &visit.id).await? {
                Some(total) => total,
                None => continue, // an accepted evaluation always scores
            },
        };
        let source = format!(
            "现场测评 {}（{total}，测评编号 {}）",
            visit.visit_on, visit.id
        );
        let value = ComponentValue {
            code: INSPECTION.into(),
            value: total,
            source,
        };
        out.push(((visit.project_id, visit.company_id), value));
    }
    Ok(out)
}

/// The score of an accepted evaluation that has none kept, from its sheets and objections.
async fn unkept(state: &AppState, id: &str) -> Result<Option<Decimal>, ServiceError> {
    let pool = &state.db.pool;
    let Some(row) = evaluations::find(pool, id).await? else {
        return Ok(None);
    };
    let objections = evaluations::objections(pool, id).await?;
    Ok(score_of(state, &row, &objections)?.ok().map(|s| s.total))
}

/// The complaints of the daily window as of `day` (within the rubric's effective window) by
/// project and company; none when the rubric has no daily evaluation.
async fn complaints_in(
    state: &AppState,
    rules: Option<&DailyRules>,
    day: Date,
    from: Date,
) -> Result<BTreeMap<Served, Vec<(String, ComplaintFacts)>>, ServiceError> {
    let mut complaints: BTreeMap<Served, Vec<(String, ComplaintFacts)>> = BTreeMap::new();
    let Some(rules) = rules else {
        return Ok(complaints);
    };
    let start = window_start(rules, day).max(from);
    for row in complaints::received_between(&state.db.pool, start, day).await? {
        complaints
            .entry((row.project_id, row.company_id))
            .or_default()
            .push((row.reference, row.facts));
    }
    Ok(complaints)
}

/// Adds the daily-evaluation component to every project `values` already rates, from its
/// complaints under that company in the window.
fn daily(
    rules: &DailyRules,
    mut complaints: BTreeMap<Served, Vec<(String, ComplaintFacts)>>,
    day: Date,
    values: &mut BTreeMap<Served, Vec<ComponentValue>>,
) {
    for (served, v) in values.iter_mut() {
        let list = complaints.remove(served).unwrap_or_default();
        let d = daily_value(rules, &list, day);
        v.push(ComponentValue {
            code: rules.component.clone(),
            value: d.value,
            source: d.explain(rules.base),
        });
    }
}

/// Each project's index in the latest round closed in `[from, end of day]` that has it with
/// the required valid sample.
async fn satisfaction(
    state: &AppState,
    day: Date,
    from: Date,
) -> Result<Vec<(Served, ComponentValue)>, ServiceError> {
    let pool = &state.db.pool;
    let start = instant(from)?;
    let end = instant(day.tomorrow().map_err(|e| anyhow::anyhow!(e))?)?;
    let rounds = crate::store::survey::rounds::closed_between(pool, &start, &end).await?;
    let mut out: BTreeMap<String, (Served, ComponentValue)> = BTreeMap::new();
    for round in rounds {
        let last_day = last_day(&round.closes_at)?;
        let (name, round_id) = (round.name.clone(), round.id.clone());
        // Each project's own line only: the scoped index view would read every project's
        // ledger row and service periods one by one, none of which a rating needs.
        let lines = match crate::service::survey::index::per_project(state, round).await {
            Ok(lines) => lines,
            Err(ServiceError::NotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        let serving: BTreeMap<String, String> =
            crate::store::survey::rounds::serving_on(pool, &round_id, last_day)
                .await?
                .into_iter()
                .collect();
        for (project, figures) in lines {
            let index = figures.index.filter(|_| !figures.provisional);
            let (Some(index), Some(company)) = (index, serving.get(&project)) else {
                continue;
            };
            let value = ComponentValue {
                code: SATISFACTION.into(),
                value: index,
                source: format!("满意度调查 {name}（指数 {index}）"),
            };
            // Rounds come newest first: the first a project appears in is its latest.
            out.entry(project.clone())
                .or_insert(((project, company.clone()), value));
        }
    }
    Ok(out.into_values().collect())
}

/// The last day (Beijing) a round accepted answers: the day of the instant just before it closed.
fn last_day(closes_at: &str) -> Result<Date, ServiceError> {
    let at = crate::store::parse_ts(closes_at)?;
    let before = at
        .checked_sub(jiff::SignedDuration::from_secs(1))
        .map_err(|e| anyhow::anyhow!(e))?;
    Ok(before.to_zoned(beijing()).date())
}

/// The start of `day` in Beijing as a stored instant.
fn instant(day: Date) -> Result<String, ServiceError> {
    let at = day.to_zoned(beijing()).map_err(|e| anyhow::anyhow!(e))?;
    Ok(crate::store::ts(at.timestamp()))
}
