//! Property-service companies (物业服务企业).

use super::edit::{current, found};
use super::writer;
use super::{Page, PageRequest, new_id, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::CompanyData;
use crate::domain::ledger::records::CompanyFields;
use crate::service::AppState;
use crate::service::{Actor, ServiceError};
use crate::store::ledger::companies::{self, CompanyQuery, CompanyRow};

/// A company's fields as a client sends them.
#[derive(Debug, Clone, Default)]
pub struct CompanyInput {
    pub credit_code: String,
    pub name: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub qualification: Option<String>,
    pub has_party_org: bool,
}

/// A company as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyView {
    pub id: String,
    pub credit_code: String,
    pub name: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub qualification: Option<String>,
    pub has_party_org: bool,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<CompanyRow> for CompanyView {
    fn from(r: CompanyRow) -> Self {
        Self {
            id: r.id,
            credit_code: r.credit_code,
            name: r.name,
            contact_person: r.contact_person,
            contact_phone: r.contact_phone,
            qualification: r.qualification,
            has_party_org: r.has_party_org,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct CompanyFilter {
    /// Part of the name or the credit code.
    pub q: Option<String>,
    pub has_party_org: Option<bool>,
}

/// Parses input into the domain record.
pub fn parse(input: &CompanyInput) -> Result<CompanyData, ServiceError> {
    CompanyData::parse(&CompanyFields {
        credit_code: &input.credit_code,
        name: &input.name,
        contact_person: input.contact_person.as_deref(),
        contact_phone: input.contact_phone.as_deref(),
        qualification: input.qualification.as_deref(),
        has_party_org: if input.has_party_org { "是" } else { "否" },
    })
    .map_err(ServiceError::Invalid)
}

/// The row for `data` keeping `base`'s id, version and timestamps.
pub fn row_of(data: &CompanyData, base: &CompanyRow) -> CompanyRow {
    CompanyRow {
        credit_code: data.credit_code.as_str().into(),
        name: data.name.clone(),
        contact_person: data.contact_person.clone(),
        contact_phone: data.contact_phone.clone(),
        qualification: data.qualification.clone(),
        has_party_org: data.has_party_org,
        ..base.clone()
    }
}

/// A blank new row (id, version 1, timestamps `at`).
pub fn fresh(at: &str) -> CompanyRow {
    let at = at.to_owned();
    CompanyRow {
        id: new_id(),
        credit_code: String::new(),
        name: String::new(),
        contact_person: None,
        contact_phone: None,
        qualification: None,
        has_party_org: false,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    }
}

fn clash(e: sqlx::Error, code: &str) -> ServiceError {
    if crate::store::is_unique_violation(&e) {
        ServiceError::Conflict(format!(
            "统一社会信用代码 {code} 已在台账中 (credit code already registered)"
        ))
    } else {
        e.into()
    }
}

/// Registers a company; its credit code must be new.
#[tracing::instrument(skip(state, who))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &CompanyInput,
) -> Result<CompanyView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input)?;
    let row = row_of(&data, &fresh(&db.clock.stamp()));
    let mut tx = db.begin().await?;
    writer(db, actor)
        .create(&mut tx, &row, |e| clash(e, &row.credit_code))
        .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Updates a company if `version` is current.
#[tracing::instrument(skip(state, who))]
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    input: &CompanyInput,
) -> Result<CompanyView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let before = found(companies::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let after = row_of(&data, &before);
    let code = after.credit_code.clone();
    let after = writer(db, actor)
        .update(&mut tx, before, after, version, |e| clash(e, &code))
        .await?;
    tx.commit().await?;
    Ok(after.into())
}

/// One company, if the caller may see it.
pub async fn get(state: &AppState, who: &Principal, id: &str) -> Result<CompanyView, ServiceError> {
    let db = &state.db;
    let vis = visibility_of(db, who).await?;
    companies::find(&db.pool, id, &vis)
        .await?
        .map(CompanyView::from)
        .ok_or_else(|| ServiceError::NotFound(format!("企业 {id}")))
}

/// A page of the companies the caller may see.
pub async fn list(
    state: &AppState,
    who: &Principal,
    f: &CompanyFilter,
    page: PageRequest,
) -> Result<Page<CompanyView>, ServiceError> {
    let db = &state.db;
    let (limit, offset) = page.limit_offset()?;
    let query = CompanyQuery {
        visibility: visibility_of(db, who).await?,
        search: super::search_text(f.q.as_deref())?,
        has_party_org: f.has_party_org,
    };
    Ok(companies::list(&db.pool, &query, limit, offset)
        .await?
        .map(CompanyView::from))
}
