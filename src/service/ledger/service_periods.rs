//! Service periods (服务期): which company served a project when — not to be confused with
//! assessment periods (考核周期, `service::assessment::periods`). Periods of one project never
//! overlap; the check runs inside the writing transaction with the project's row locked.

use super::edit::{current, found};
use super::writer;
use crate::service::AppState;
use jiff::civil::Date;

use super::{new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::Visibility;
use crate::domain::ledger::period::{Existing, check_no_overlap};
use crate::domain::ledger::{ServicePeriod, fields};
use crate::service::{Actor, ServiceError};
use crate::store::Tx;
use crate::store::ledger::service_periods::{self, ServicePeriodCompanyRow, ServicePeriodRow};
use crate::store::ledger::{companies, projects};

/// A service period as the service shows it; a list names each period's company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePeriodView {
    pub id: String,
    pub project_id: String,
    pub company_id: String,
    /// The company's name (in lists).
    pub company_name: Option<String>,
    /// The company's credit code (in lists).
    pub credit_code: Option<String>,
    /// First day served.
    pub start_date: Date,
    /// Last day served; `None` while serving.
    pub end_date: Option<Date>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ServicePeriodRow> for ServicePeriodView {
    fn from(r: ServicePeriodRow) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            company_id: r.company_id,
            company_name: None,
            credit_code: None,
            start_date: r.start_date,
            end_date: r.end_date,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl From<ServicePeriodCompanyRow> for ServicePeriodView {
    fn from(r: ServicePeriodCompanyRow) -> Self {
        Self {
            company_name: Some(r.company_name),
            credit_code: Some(r.credit_code),
            ..r.period.into()
        }
    }
}

/// A period as a client sends it.
#[derive(Debug, Clone)]
pub struct ServicePeriodInput {
    pub start_date: String,
    pub end_date: Option<String>,
}

fn parse(input: &ServicePeriodInput) -> Result<ServicePeriod, ServiceError> {
    let start = fields::date("start_date", &input.start_date);
    let end = fields::optional_date("end_date", input.end_date.as_deref());
    match (start, end) {
        (Ok(s), Ok(e)) => Ok(ServicePeriod::new(s, e)?),
        (s, e) => Err(ServiceError::Invalid(
            [s.err(), e.err()].into_iter().flatten().collect(),
        )),
    }
}

/// The stored periods of a project, typed, except `skip`.
fn others<'a>(rows: &'a [ServicePeriodCompanyRow], skip: Option<&str>) -> Vec<Existing<'a>> {
    rows.iter()
        .filter(|r| Some(r.period.id.as_str()) != skip)
        .map(|r| Existing {
            id: &r.period.id,
            company: &r.company_name,
            period: ServicePeriod {
                start: r.period.start_date,
                end: r.period.end_date,
            },
        })
        .collect()
}

async fn check(
    tx: &mut Tx,
    project_id: &str,
    period: &ServicePeriod,
    skip: Option<&str>,
) -> Result<(), ServiceError> {
    let rows = service_periods::for_project_tx(tx, project_id).await?;
    check_no_overlap(period, &others(&rows, skip))?;
    Ok(())
}

/// Records that `company_id` serves `project_id` over a period that overlaps no other.
#[tracing::instrument(skip(state, who))]
pub async fn add(
    state: &AppState,
    who: &Principal,
    project_id: &str,
    company_id: &str,
    input: &ServicePeriodInput,
) -> Result<ServicePeriodView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let period = parse(input)?;
    let mut tx = db.begin().await?;
    // Imports write periods too: serialise with them before checking overlaps.
    crate::store::audit::lock_head(&mut tx).await?;
    projects::lock_tx(&mut tx, project_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    companies::find_tx(&mut tx, company_id)
        .await?
        .ok_or_else(|| {
            ServiceError::invalid(
                "company_id",
                format!("企业 {company_id} 不存在 (no such company)"),
            )
        })?;
    check(&mut tx, project_id, &period, None).await?;
    let at = db.clock.stamp();
    let row = ServicePeriodRow {
        id: new_id(),
        project_id: project_id.into(),
        company_id: company_id.into(),
        start_date: period.start,
        end_date: period.end,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    writer(db, actor).create(&mut tx, &row, Into::into).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Changes a period's dates (e.g. sets the end when a contract ends) if `version` is current.
#[tracing::instrument(skip(state, who))]
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &ServicePeriodInput,
) -> Result<ServicePeriodView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let period = parse(input)?;
    let mut tx = db.begin().await?;
    crate::store::audit::lock_head(&mut tx).await?;
    let before = found(service_periods::find_tx(&mut tx, id).await?, id)?;
    projects::lock_tx(&mut tx, &before.project_id).await?;
    current(&before, version)?;
    check(&mut tx, &before.project_id, &period, Some(id)).await?;
    let after = ServicePeriodRow {
        start_date: period.start,
        end_date: period.end,
        ..before.clone()
    };
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, Into::into)
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// The periods of a project the caller may see, oldest first.
pub async fn list(
    state: &AppState,
    who: &Principal,
    project_id: &str,
) -> Result<Vec<ServicePeriodView>, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    projects::find(&db.pool, project_id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    let periods = service_periods::for_project(&db.pool, project_id).await?;
    // A company sees its own contracts on the project, not who served before or after it.
    Ok(periods
        .into_iter()
        .filter(|p| match &vis {
            Visibility::Company(own) => &p.period.company_id == own,
            _ => true,
        })
        .map(ServicePeriodView::from)
        .collect())
}
