//! Property-service companies (物业服务企业).

use super::{PageRequest, new_id, record, stale, visibility_of};
use crate::domain::access::Principal;
use crate::domain::ledger::CompanyData;
use crate::domain::ledger::records::CompanyFields;
use crate::service::{Actor, ServiceError};
use crate::store::Db;
use crate::store::ledger::companies::{self as q, CompanyRow};
use crate::store::ledger::{Filter, Page, insert, update_if_version};

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
        has_party_org: i64::from(data.has_party_org),
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
        has_party_org: 0,
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
#[tracing::instrument(skip(db, actor))]
pub async fn create(
    db: &Db,
    actor: &Actor,
    input: &CompanyInput,
) -> Result<CompanyRow, ServiceError> {
    let data = parse(input)?;
    let row = row_of(&data, &fresh(&db.clock.stamp()));
    let mut tx = db.begin().await?;
    insert(&mut tx, &row)
        .await
        .map_err(|e| clash(e, &row.credit_code))?;
    record(
        &mut tx,
        &db.clock,
        actor,
        "company.create",
        &row.id,
        None,
        &row,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Updates a company if `version` is current.
#[tracing::instrument(skip(db, actor))]
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    version: i64,
    input: &CompanyInput,
) -> Result<CompanyRow, ServiceError> {
    let data = parse(input)?;
    let mut tx = db.begin().await?;
    let before = q::find_tx(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("企业 {id}")))?;
    if before.version != version {
        return Err(stale("企业", before.version, version));
    }
    let after = row_of(&data, &before);
    if after == before {
        return Ok(before);
    }
    let after = CompanyRow {
        updated_at: db.clock.stamp(),
        ..after
    };
    if !update_if_version(&mut tx, &after, version)
        .await
        .map_err(|e| clash(e, &after.credit_code))?
    {
        return Err(stale("企业", version + 1, version));
    }
    let after = CompanyRow {
        version: version + 1,
        ..after
    };
    record(
        &mut tx,
        &db.clock,
        actor,
        "company.update",
        id,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// One company, if the caller may see it.
pub async fn get(db: &Db, who: &Principal, id: &str) -> Result<CompanyRow, ServiceError> {
    let vis = visibility_of(db, who).await?;
    q::find(&db.pool, id, &vis)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("企业 {id}")))
}

/// A page of the companies the caller may see.
pub async fn list(
    db: &Db,
    who: &Principal,
    f: &CompanyFilter,
    page: PageRequest,
) -> Result<Page<CompanyRow>, ServiceError> {
    let (limit, offset) = page.limit_offset()?;
    let vis = visibility_of(db, who).await?;
    let mut filter = Filter::default();
    if let Some(text) = super::search_text(f.q.as_deref())? {
        let like = crate::domain::text::contains_pattern(&text);
        filter.push(
            "(c.name LIKE ? ESCAPE '\\' OR c.credit_code LIKE ? ESCAPE '\\')",
            vec![like.clone().into(), like.to_uppercase().into()],
        );
    }
    filter.eq(
        "c.has_party_org",
        f.has_party_org.map(|b| i64::from(b).into()),
    );
    q::visible(&mut filter, &vis);
    Ok(q::list(&db.pool, &filter, limit, offset).await?)
}
