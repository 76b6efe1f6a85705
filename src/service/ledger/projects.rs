//! Property projects (物业项目 / 小区).

use rust_decimal::Decimal;

use super::{PageRequest, new_id, record, stale, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::records::ProjectFields;
use crate::domain::ledger::{ManagementType, ProjectData, RegionLevel, fields};
use crate::service::{Actor, ServiceError};
use crate::store::ledger::projects::{self as q, ProjectRow};
use crate::store::ledger::{Filter, Page, insert, regions, update_if_version};
use crate::store::{Db, Tx};

/// A project's fields as a client sends them. The town is the community's parent.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    pub community_id: String,
    pub management_type: String,
    pub households: i64,
    pub floor_area: Decimal,
    pub fee_standard: Option<Decimal>,
    pub staff_count: Option<i64>,
    pub committee_formed: bool,
    pub committee_formed_on: Option<String>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub town_id: Option<String>,
    pub community_id: Option<String>,
    pub management_type: Option<String>,
    pub committee_formed: Option<bool>,
    /// Projects this company served on `as_of` (today when absent).
    pub company_id: Option<String>,
    pub as_of: Option<String>,
    /// Part of the code or name.
    pub q: Option<String>,
}

/// Parses input into the domain record.
pub fn parse(input: &ProjectInput) -> Result<ProjectData, ServiceError> {
    let (h, area) = (input.households.to_string(), input.floor_area.to_string());
    let fee = input.fee_standard.map(|d| d.to_string());
    let staff = input.staff_count.map(|d| d.to_string());
    let members = input.committee_members.map(|d| d.to_string());
    let party = input.committee_party_members.map(|d| d.to_string());
    ProjectData::parse(&ProjectFields {
        code: &input.code,
        name: &input.name,
        address: input.address.as_deref(),
        management_type: &input.management_type,
        households: &h,
        floor_area: &area,
        fee_standard: fee.as_deref(),
        staff_count: staff.as_deref(),
        committee_formed: if input.committee_formed { "是" } else { "否" },
        committee_formed_on: input.committee_formed_on.as_deref(),
        committee_members: members.as_deref(),
        committee_party_members: party.as_deref(),
    })
    .map_err(ServiceError::Invalid)
}

/// The row for `data` in `town`/`community`, keeping `base`'s id, version and timestamps.
pub fn row_of(
    data: &ProjectData,
    town_id: &str,
    community_id: &str,
    base: &ProjectRow,
) -> ProjectRow {
    let c = data.committee;
    ProjectRow {
        code: data.code.clone(),
        name: data.name.clone(),
        address: data.address.clone(),
        town_id: town_id.into(),
        community_id: community_id.into(),
        management_type: data.management_type.code().into(),
        households: data.households,
        floor_area: data.floor_area.to_string(),
        fee_standard: data.fee_standard.map(|d| d.to_string()),
        staff_count: data.staff_count,
        committee_formed: i64::from(c.is_some()),
        committee_formed_on: c.map(|c| fields::iso(c.formed_on)),
        committee_members: c.map(|c| c.members),
        committee_party_members: c.map(|c| c.party_members),
        ..base.clone()
    }
}

/// A blank new row (id, version 1, timestamps `at`).
pub fn fresh(at: &str) -> ProjectRow {
    let at = at.to_owned();
    ProjectRow {
        id: new_id(),
        code: String::new(),
        name: String::new(),
        address: None,
        town_id: String::new(),
        community_id: String::new(),
        management_type: ManagementType::Unmanaged.code().into(),
        households: 0,
        floor_area: "0".into(),
        fee_standard: None,
        staff_count: None,
        committee_formed: 0,
        committee_formed_on: None,
        committee_members: None,
        committee_party_members: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    }
}

/// The community and its town (the community's parent).
async fn placement(tx: &mut Tx, community_id: &str) -> Result<(String, String), ServiceError> {
    let c = regions::find_tx(tx, community_id).await?.ok_or_else(|| {
        ServiceError::invalid(
            "community_id",
            format!("社区 {community_id} 不存在 (no such region)"),
        )
    })?;
    match (c.level.parse::<RegionLevel>(), c.parent_id) {
        (Ok(RegionLevel::Community), Some(town)) => Ok((town, c.id)),
        _ => Err(ServiceError::invalid(
            "community_id",
            format!("{} 不是社区 (not a community)", c.name),
        )),
    }
}

fn clash(e: sqlx::Error, code: &str) -> ServiceError {
    if crate::store::is_unique_violation(&e) {
        ServiceError::Conflict(format!(
            "项目编号 {code} 已在台账中 (project code already registered)"
        ))
    } else {
        e.into()
    }
}

/// Registers a project; its code must be new.
#[tracing::instrument(skip(db, actor))]
pub async fn create(
    db: &Db,
    actor: &Actor,
    input: &ProjectInput,
) -> Result<ProjectRow, ServiceError> {
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let (town, community) = placement(&mut tx, &input.community_id).await?;
    let row = row_of(&data, &town, &community, &fresh(&db.clock.stamp()));
    insert(&mut tx, &row)
        .await
        .map_err(|e| clash(e, &row.code))?;
    record(
        &mut tx,
        &db.clock,
        actor,
        "project.create",
        &row.id,
        None,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Updates a project if `version` is current.
#[tracing::instrument(skip(db, actor))]
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    version: i64,
    input: &ProjectInput,
) -> Result<ProjectRow, ServiceError> {
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let before = q::lock_tx(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {id}")))?;
    if before.version != version {
        return Err(stale("项目", before.version, version));
    }
    let (town, community) = placement(&mut tx, &input.community_id).await?;
    let after = row_of(&data, &town, &community, &before);
    if after == before {
        return Ok(before);
    }
    let after = ProjectRow {
        updated_at: db.clock.stamp(),
        ..after
    };
    if !update_if_version(&mut tx, &after, version)
        .await
        .map_err(|e| clash(e, &after.code))?
    {
        return Err(stale("项目", version + 1, version));
    }
    let after = ProjectRow {
        version: version + 1,
        ..after
    };
    record(
        &mut tx,
        &db.clock,
        actor,
        "project.update",
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// One project, if the caller may see it.
pub async fn get(db: &Db, who: &Principal, id: &str) -> Result<ProjectRow, ServiceError> {
    let vis = visibility_of(db, who).await?;
    q::find(&db.pool, id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {id}")))
}

/// A page of the projects the caller may see.
pub async fn list(
    db: &Db,
    who: &Principal,
    f: &ProjectFilter,
    page: PageRequest,
) -> Result<Page<ProjectRow>, ServiceError> {
    let (limit, offset) = page.limit_offset()?;
    let vis = visibility_of(db, who).await?;
    let mut filter = Filter::default();
    filter.eq("p.town_id", f.town_id.clone().map(Into::into));
    filter.eq("p.community_id", f.community_id.clone().map(Into::into));
    if let Some(m) = &f.management_type {
        filter.eq(
            "p.management_type",
            Some(ManagementType::parse("management_type", m)?.code().into()),
        );
    }
    filter.eq(
        "p.committee_formed",
        f.committee_formed.map(|b| i64::from(b).into()),
    );
    if let Some(company) = &f.company_id {
        let day = match &f.as_of {
            Some(d) => fields::date("as_of", d)?,
            None => db.clock.today(),
        };
        q::served_by_on(&mut filter, company, &fields::iso(day));
    }
    if let Some(text) = super::search_text(f.q.as_deref())? {
        let like = crate::domain::text::contains_pattern(&text);
        filter.push(
            "(p.code LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')",
            vec![like.clone().into(), like.into()],
        );
    }
    q::visible(&mut filter, &vis);
    Ok(q::list(&db.pool, &filter, limit, offset).await?)
}
