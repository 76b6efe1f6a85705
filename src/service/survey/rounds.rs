//! Survey rounds: the admin opens one per assessment period and scope, bound to a
//! `satisfaction` rubric; each project's required sample comes from its ledger households.

use serde::Serialize;

use super::spec_of;
use crate::domain::access::{Action, Principal, authorize};
use crate::domain::ledger::Visibility;
use crate::domain::survey::aggregate::required_sample;
use crate::domain::survey::round::parse_window;
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::ledger::projects::{self, ProjectQuery};
use crate::store::survey::rounds::{RoundProjectRow, RoundRow};
use crate::store::{self, Tx};

/// A new round as the admin sends it: exactly one of `town_id` and `project_ids`.
#[derive(Debug, Clone, Default)]
pub struct NewRound {
    pub name: String,
    pub period_id: Option<String>,
    pub rubric_id: String,
    pub rubric_version: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub town_id: Option<String>,
    pub project_ids: Vec<String>,
}

/// A round with its projects' households and required samples.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub round: RoundRow,
    pub projects: Vec<RoundProjectRow>,
}

/// Opens a round (admin): every project of the scope with its required sample.
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &NewRound,
) -> Result<RoundView, ServiceError> {
    authorize(who, Action::ManageSurveys)?;
    let name = text::required("name", &input.name, 100, Lines::Single)?;
    let rubric = state
        .rubrics
        .get(&input.rubric_id, input.rubric_version)
        .ok_or_else(|| {
            ServiceError::invalid("rubric_id", "没有这个考核标准版本 (no such rubric version)")
        })?;
    let spec = spec_of(&rubric)?;
    let (opens, closes) = parse_window(&input.opens_at, &input.closes_at)?;
    let db = &state.db;
    let now = db.clock.stamp();
    let round = RoundRow {
        id: new_id(),
        name,
        period_id: input.period_id.clone(),
        rubric_id: input.rubric_id.clone(),
        rubric_version: i64::from(input.rubric_version),
        opens_at: store::ts(opens),
        closes_at: store::ts(closes),
        published_at: None,
        version: 1,
        created_at: now.clone(),
        updated_at: now,
        code_hash_scheme: store::survey::rounds::KEYED.into(),
    };
    let mut tx = db.begin().await?;
    known_references(&mut tx, input).await?;
    let mut rows = Vec::new();
    for (id, households) in scope_projects(state, &mut tx, input).await? {
        let n = u32::try_from(households.max(0)).unwrap_or(u32::MAX);
        rows.push(RoundProjectRow {
            round_id: round.id.clone(),
            project_id: id,
            households,
            required: i64::from(required_sample(spec, n)?),
        });
    }
    store::insert(&mut tx, &round).await.map_err(clash)?;
    store::insert_many(&mut tx, &rows).await?;
    let view = RoundView {
        round,
        projects: rows,
    };
    audit_create(&mut tx, state, who, &view).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(view)
}

/// The period and the town named must exist: a 422 naming the field, never a foreign-key
/// failure.
async fn known_references(tx: &mut Tx, input: &NewRound) -> Result<(), ServiceError> {
    if let Some(id) = &input.period_id
        && store::assessment::periods::find(tx, id).await?.is_none()
    {
        return Err(ServiceError::invalid(
            "period_id",
            "考核周期不存在 (no such assessment period)",
        ));
    }
    if let Some(id) = &input.town_id
        && store::ledger::regions::find_tx(tx, id).await?.is_none()
    {
        return Err(ServiceError::invalid(
            "town_id",
            "镇（园区）不存在 (no such town or park)",
        ));
    }
    Ok(())
}

fn clash(e: sqlx::Error) -> ServiceError {
    if store::is_unique_violation(&e) {
        ServiceError::Conflict("已有同名调查轮次 (a round with this name exists)".into())
    } else {
        e.into()
    }
}

async fn audit_create(
    tx: &mut Tx,
    state: &AppState,
    who: &Principal,
    view: &RoundView,
) -> Result<(), ServiceError> {
    audit::append(
        tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "survey_round.create",
            subject_type: "survey_round",
            subject_id: &view.round.id,
            before: None,
            after: Some(audit::snapshot(view)?),
            reason: None,
        },
    )
    .await
}

/// The scope's projects with their households: a town's, or the listed ones.
async fn scope_projects(
    state: &AppState,
    tx: &mut Tx,
    input: &NewRound,
) -> Result<Vec<(String, i64)>, ServiceError> {
    match (&input.town_id, input.project_ids.is_empty()) {
        (Some(town), true) => {
            let mut q = ProjectQuery::visible_to(Visibility::All);
            q.town_id = Some(town.clone());
            let page = projects::list(&state.db.pool, &q, 100_000, 0).await?;
            if page.items.is_empty() {
                return Err(ServiceError::invalid(
                    "town_id",
                    "该镇（园区）在台账中没有项目 (no projects in this town)",
                ));
            }
            Ok(page
                .items
                .into_iter()
                .map(|p| (p.id, p.households))
                .collect())
        }
        (None, false) => {
            let mut out = Vec::new();
            for (i, id) in input.project_ids.iter().enumerate() {
                let p = projects::lock_tx(tx, id).await?.ok_or_else(|| {
                    ServiceError::invalid(
                        format!("project_ids.{i}"),
                        "项目不存在 (no such project)",
                    )
                })?;
                if !out.iter().any(|(seen, _)| seen == &p.id) {
                    out.push((p.id, p.households));
                }
            }
            Ok(out)
        }
        _ => Err(ServiceError::invalid(
            "town_id",
            "请给出 town_id（整个镇/园区）或 project_ids（项目列表）之一 (exactly one scope)",
        )),
    }
}

/// A round with its projects (admin, reviewers, inspectors; units and companies read indices).
pub async fn get(state: &AppState, who: &Principal, id: &str) -> Result<RoundView, ServiceError> {
    authorize(who, Action::ReadSurveys)?;
    let round = store::survey::rounds::find(&state.db.pool, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("调查轮次 {id}")))?;
    let projects = store::survey::rounds::projects(&state.db.pool, id).await?;
    Ok(RoundView { round, projects })
}

/// Publishes a closed round's results (admin): public indices and the receipt list appear.
pub async fn publish(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<RoundRow, ServiceError> {
    authorize(who, Action::ManageSurveys)?;
    let db = &state.db;
    let mut tx = db.begin().await?;
    let before = store::survey::rounds::find_tx(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("调查轮次 {id}")))?;
    if store::parse_ts(&before.closes_at)? > db.clock.now() {
        return Err(ServiceError::Conflict(
            "调查尚未结束，不能公布结果 (the round has not closed)".into(),
        ));
    }
    if before.published_at.is_some() {
        return Err(ServiceError::Conflict(
            "结果已公布 (already published)".into(),
        ));
    }
    let after = RoundRow {
        published_at: Some(db.clock.stamp()),
        updated_at: db.clock.stamp(),
        ..before.clone()
    };
    if !store::update_if_version(&mut tx, &after, before.version).await? {
        return Err(crate::service::stale(
            "调查轮次",
            before.version,
            before.version,
        ));
    }
    crate::service::ledger::append_audit(
        &mut tx,
        &db.clock,
        &Actor::from(who),
        "survey_round.publish",
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(RoundRow {
        version: before.version + 1,
        ..after
    })
}

/// A published round's receipt hashes (no login); 404 until the round is published.
pub async fn published_receipts(state: &AppState, id: &str) -> Result<Vec<String>, ServiceError> {
    let round = store::survey::rounds::find(&state.db.pool, id)
        .await?
        .filter(|r| r.published_at.is_some())
        .ok_or_else(|| ServiceError::NotFound(format!("已公布的调查轮次 {id}")))?;
    Ok(store::survey::responses::receipts(&state.db.pool, &round.id).await?)
}
