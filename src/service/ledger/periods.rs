//! Service periods: which company served a project when. Periods of one project never overlap;
//! the check runs inside the writing transaction with the project's row locked.

use jiff::civil::Date;

use super::{new_id, record, stale, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::Visibility;
use crate::domain::ledger::period::{Existing, check_no_overlap};
use crate::domain::ledger::{ServicePeriod, fields};
use crate::service::{Actor, ServiceError};
use crate::store::ledger::services::{self as q, ServiceRow, ServiceView};
use crate::store::ledger::{companies, insert, projects, update_if_version};
use crate::store::{Db, Tx};

/// A period as a client sends it.
#[derive(Debug, Clone)]
pub struct PeriodInput {
    pub start_date: String,
    pub end_date: Option<String>,
}

fn parse(input: &PeriodInput) -> Result<ServicePeriod, ServiceError> {
    let start = fields::date("start_date", &input.start_date);
    let end = fields::optional_date("end_date", input.end_date.as_deref());
    match (start, end) {
        (Ok(s), Ok(e)) => Ok(ServicePeriod::new(s, e)?),
        (s, e) => Err(ServiceError::Invalid(
            [s.err(), e.err()].into_iter().flatten().collect(),
        )),
    }
}

fn date_of(text: &str) -> Result<Date, ServiceError> {
    text.parse()
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("stored date {text:?}: {e}")))
}

/// The stored periods of a project, typed, except `skip`.
async fn others<'a>(
    views: &'a [ServiceView],
    skip: Option<&str>,
) -> Result<Vec<Existing<'a>>, ServiceError> {
    let mut out = Vec::new();
    for v in views.iter().filter(|v| Some(v.row.id.as_str()) != skip) {
        let end = v.row.end_date.as_deref().map(date_of).transpose()?;
        out.push(Existing {
            id: &v.row.id,
            company: &v.company_name,
            period: ServicePeriod {
                start: date_of(&v.row.start_date)?,
                end,
            },
        });
    }
    Ok(out)
}

async fn check(
    tx: &mut Tx,
    project_id: &str,
    period: &ServicePeriod,
    skip: Option<&str>,
) -> Result<(), ServiceError> {
    let views = q::for_project_tx(tx, project_id).await?;
    check_no_overlap(period, &others(&views, skip).await?)?;
    Ok(())
}

/// Records that `company_id` serves `project_id` over a period that overlaps no other.
#[tracing::instrument(skip(db, actor))]
pub async fn add(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    company_id: &str,
    input: &PeriodInput,
) -> Result<ServiceRow, ServiceError> {
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
    let row = ServiceRow {
        id: new_id(),
        project_id: project_id.into(),
        company_id: company_id.into(),
        start_date: fields::iso(period.start),
        end_date: period.end.map(fields::iso),
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    insert(&mut tx, &row).await?;
    record(
        &mut tx,
        &db.clock,
        actor,
        "project_service.create",
        &row.id,
        None,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Changes a period's dates (e.g. sets the end when a contract ends) if `version` is current.
#[tracing::instrument(skip(db, actor))]
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    version: i64,
    input: &PeriodInput,
) -> Result<ServiceRow, ServiceError> {
    let period = parse(input)?;
    let mut tx = db.begin().await?;
    crate::store::audit::lock_head(&mut tx).await?;
    let before = q::find_tx(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("服务期 {id}")))?;
    projects::lock_tx(&mut tx, &before.project_id).await?;
    if before.version != version {
        return Err(stale("服务期", before.version, version));
    }
    check(&mut tx, &before.project_id, &period, Some(id)).await?;
    let after = ServiceRow {
        start_date: fields::iso(period.start),
        end_date: period.end.map(fields::iso),
        ..before.clone()
    };
    if after == before {
        return Ok(before);
    }
    let after = ServiceRow {
        updated_at: db.clock.stamp(),
        ..after
    };
    if !update_if_version(&mut tx, &after, version).await? {
        return Err(stale("服务期", version + 1, version));
    }
    let after = ServiceRow {
        version: version + 1,
        ..after
    };
    record(
        &mut tx,
        &db.clock,
        actor,
        "project_service.update",
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The periods of a project the caller may see, oldest first.
pub async fn list(
    db: &Db,
    who: &Principal,
    project_id: &str,
) -> Result<Vec<ServiceView>, ServiceError> {
    let vis = visibility_of(db, who).await?;
    projects::find(&db.pool, project_id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {project_id}")))?;
    let periods = q::for_project(&db.pool, project_id).await?;
    // A company sees its own contracts on the project, not who served before or after it.
    Ok(match &vis {
        Visibility::Company(own) => periods
            .into_iter()
            .filter(|p| &p.row.company_id == own)
            .collect(),
        _ => periods,
    })
}
