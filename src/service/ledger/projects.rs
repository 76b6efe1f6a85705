//! Property projects (物业项目 / 小区).

use super::edit::{current, found};
use super::writer;
use crate::service::AppState;
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Page, PageRequest, new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::records::ProjectFields;
use crate::domain::ledger::{ManagementType, ProjectData, RegionLevel, fields};
use crate::service::{Actor, ServiceError};
use crate::store::ledger::projects::{self, ProjectQuery, ProjectRow};
use crate::store::ledger::regions;
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
    /// As written: read exactly against its declared bounds, never rounded.
    pub floor_area: String,
    /// As written, like `floor_area`.
    pub fee_standard: Option<String>,
    pub staff_count: Option<i64>,
    pub committee_formed: bool,
    pub committee_formed_on: Option<String>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
}

/// A project as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    pub town_id: String,
    pub community_id: String,
    pub management_type: ManagementType,
    pub households: i64,
    /// m².
    pub floor_area: Decimal,
    /// 元/m²/月.
    pub fee_standard: Option<Decimal>,
    pub staff_count: Option<i64>,
    pub committee_formed: bool,
    pub committee_formed_on: Option<Date>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ProjectRow> for ProjectView {
    fn from(r: ProjectRow) -> Self {
        Self {
            id: r.id,
            code: r.code,
            name: r.name,
            address: r.address,
            town_id: r.town_id,
            community_id: r.community_id,
            management_type: r.management_type,
            households: r.households,
            floor_area: r.floor_area,
            fee_standard: r.fee_standard,
            staff_count: r.staff_count,
            committee_formed: r.committee_formed,
            committee_formed_on: r.committee_formed_on,
            committee_members: r.committee_members,
            committee_party_members: r.committee_party_members,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
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
    let h = input.households.to_string();
    let staff = input.staff_count.map(|d| d.to_string());
    let members = input.committee_members.map(|d| d.to_string());
    let party = input.committee_party_members.map(|d| d.to_string());
    ProjectData::parse(&ProjectFields {
        code: &input.code,
        name: &input.name,
        address: input.address.as_deref(),
        management_type: &input.management_type,
        households: &h,
        floor_area: &input.floor_area,
        fee_standard: input.fee_standard.as_deref(),
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
        management_type: data.management_type,
        households: data.households,
        floor_area: data.floor_area,
        fee_standard: data.fee_standard,
        staff_count: data.staff_count,
        committee_formed: c.is_some(),
        committee_formed_on: c.map(|c| c.formed_on),
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
        management_type: ManagementType::Unmanaged,
        households: 0,
        floor_area: Decimal::ZERO,
        fee_standard: None,
        staff_count: None,
        committee_formed: false,
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
    match (c.level, c.parent_id) {
        (RegionLevel::Community, Some(town)) => Ok((town, c.id)),
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
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &ProjectInput,
) -> Result<ProjectView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let (town, community) = placement(&mut tx, &input.community_id).await?;
    let row = row_of(&data, &town, &community, &fresh(&db.clock.stamp()));
    writer(db, actor)
        .create(&mut tx, &row, |e| clash(e, &row.code))
        .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Updates a project if `version` is current.
#[tracing::instrument(skip(state, who))]
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &ProjectInput,
) -> Result<ProjectView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let before = found(projects::lock_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let (town, community) = placement(&mut tx, &input.community_id).await?;
    let after = row_of(&data, &town, &community, &before);
    let code = after.code.clone();
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, |e| clash(e, &code))
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// One project, if the caller may see it.
pub async fn get(state: &AppState, who: &Principal, id: &str) -> Result<ProjectView, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    projects::find(&db.pool, id, &vis)
        .await?
        .map(ProjectView::from)
        .ok_or_else(|| ServiceError::NotFound(format!("项目 {id}")))
}

/// A page of the projects the caller may see.
pub async fn list(
    state: &AppState,
    who: &Principal,
    f: &ProjectFilter,
    page: PageRequest,
) -> Result<Page<ProjectView>, ServiceError> {
    let db = &state.db;
    let (limit, offset) = page.limit_offset()?;
    let query = query(db, who, f).await?;
    Ok(projects::list(&db.pool, &query, limit, offset)
        .await?
        .map(ProjectView::from))
}

/// The store query for `f`, within what the caller may see.
async fn query(db: &Db, who: &Principal, f: &ProjectFilter) -> Result<ProjectQuery, ServiceError> {
    let management_types = match &f.management_type {
        Some(m) => vec![ManagementType::parse("management_type", m)?],
        None => Vec::new(),
    };
    let served_by = match &f.company_id {
        None => None,
        Some(company) => {
            let day = match &f.as_of {
                Some(d) => fields::date("as_of", d)?,
                None => db.clock.today(),
            };
            Some((company.clone(), day))
        }
    };
    Ok(ProjectQuery {
        town_id: f.town_id.clone(),
        community_id: f.community_id.clone(),
        management_types,
        committee_formed: f.committee_formed,
        served_by,
        search: super::search_text(f.q.as_deref())?,
        ..ProjectQuery::visible_to(visibility_of(db, who).await?)
    })
}
