//! Handover inspections (承接查验) of projects: the admin records them; readers see those of the
//! projects they may see (a town or park unit its area's, a company the projects it serves or
//! served, county-wide roles all), and a project outside that answers 404.

use super::edit::{current, found};
use super::writer;
use crate::service::AppState;
use jiff::civil::Date;

use super::{new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::handover::HandoverFields;
use crate::domain::ledger::{HandoverInspection, InspectionGroup};
use crate::service::{Actor, ServiceError};
use crate::store::ledger::handover::{self, HandoverRow};
use crate::store::ledger::projects;

/// A handover inspection as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverView {
    pub id: String,
    pub project_id: String,
    pub inspected_on: Date,
    /// The inspection group: its size and owner representatives (the 1/3 rule is decided
    /// on it).
    pub group: InspectionGroup,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<HandoverRow> for HandoverView {
    fn from(r: HandoverRow) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            inspected_on: r.inspected_on,
            group: InspectionGroup {
                size: r.group_size,
                owner_representatives: r.owner_representatives,
            },
            note: r.note,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// An inspection as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct HandoverInput {
    /// 查验日期, `YYYY-MM-DD` (the usual Chinese forms are accepted too).
    pub inspected_on: String,
    pub group_size: i64,
    pub owner_representatives: i64,
    pub note: Option<String>,
}

/// Parses input into the domain record; the date may not be after `today` (the clock's
/// Beijing day).
pub fn parse(input: &HandoverInput, today: Date) -> Result<HandoverInspection, ServiceError> {
    let (size, owners) = (
        input.group_size.to_string(),
        input.owner_representatives.to_string(),
    );
    HandoverInspection::parse(
        &HandoverFields {
            inspected_on: &input.inspected_on,
            group_size: &size,
            owner_representatives: &owners,
            note: input.note.as_deref(),
        },
        today,
    )
    .map_err(ServiceError::Invalid)
}

/// A blank new row of `project_id` (new id, version 1, timestamps `at`).
pub fn fresh(project_id: &str, at: &str) -> HandoverRow {
    HandoverRow {
        id: new_id(),
        project_id: project_id.into(),
        inspected_on: Date::ZERO,
        group_size: 0,
        owner_representatives: 0,
        note: None,
        version: 1,
        created_at: at.into(),
        updated_at: at.into(),
    }
}

/// `base` with the content of `data`, keeping its id, project, version and timestamps.
pub fn row_of(data: &HandoverInspection, base: &HandoverRow) -> HandoverRow {
    HandoverRow {
        inspected_on: data.inspected_on,
        group_size: data.group.size,
        owner_representatives: data.group.owner_representatives,
        note: data.note.clone(),
        ..base.clone()
    }
}

fn clash(e: sqlx::Error, row: &HandoverRow) -> ServiceError {
    if crate::store::is_unique_violation(&e) {
        ServiceError::Conflict(format!(
            "该项目 {} 已有承接查验记录，请修改原记录 (one inspection per project and day)",
            row.inspected_on
        ))
    } else {
        e.into()
    }
}

/// Records an inspection of `project_id`; the project may have no other on that day.
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    project_id: &str,
    input: &HandoverInput,
) -> Result<HandoverView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input, db.clock.today())?;
    let mut tx = db.begin().await?;
    projects::lock_tx(&mut tx, project_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    let row = row_of(&data, &fresh(project_id, &db.clock.stamp()));
    writer(db, actor)
        .create(&mut tx, &row, |e| clash(e, &row))
        .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Updates an inspection if `version` is current (its project does not change).
#[tracing::instrument(skip(state, who))]
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &HandoverInput,
) -> Result<HandoverView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input, db.clock.today())?;
    let mut tx = db.begin().await?;
    let before = found(handover::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let after = row_of(&data, &before);
    let clashing = after.clone();
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, |e| clash(e, &clashing))
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// The inspections of a project the caller may see, oldest first.
pub async fn list(
    state: &AppState,
    who: &Principal,
    project_id: &str,
) -> Result<Vec<HandoverView>, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    projects::find(&db.pool, project_id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    Ok(handover::for_project(&db.pool, project_id)
        .await?
        .into_iter()
        .map(HandoverView::from)
        .collect())
}
