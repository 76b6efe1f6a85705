//! Ledger use cases: create, read, update and list regions, units, companies, projects,
//! service periods and handover inspections; import spreadsheets; compute campaign metrics.
//!
//! Reads are filtered by [`Visibility`]; a record outside it answers 404, like a missing one.
//! Lists describe what they want with the store's typed queries (e.g.
//! [`ProjectQuery`](crate::store::ledger::projects::ProjectQuery)), never SQL. Updates carry
//! the `version` the client last read: a stale version is a 409 conflict and nothing is
//! written (optimistic concurrency; the row is only updated `WHERE version = $v`). Every use
//! case returns a view (`CompanyView`, `ProjectView`, …), not a stored row.

pub mod companies;
pub mod edit;
pub mod handover;
pub mod import;
pub mod metrics;
pub mod projects;
pub mod regions;
pub mod service_periods;
pub mod units;

use serde::Serialize;

use super::audit::{self, Change};
use super::{Actor, ServiceError};
use crate::domain::access::{Principal, Role};
use crate::domain::ledger::UnitType;
use crate::domain::ledger::Visibility;
use crate::domain::ledger::visibility::{self, UnitBinding};
use crate::store::{self, Db, Tx};

pub use crate::store::Page;

/// Largest page size.
pub const MAX_PAGE_SIZE: i64 = 500;

/// Highest page number (the API declares it, so no client asks for a page the server refuses).
pub const MAX_PAGE: i64 = 1_000_000;

/// Longest search text (`q`) in a list, in characters: longer than any name or code it
/// could match (names are at most 100).
pub const SEARCH_MAX: usize = 100;

/// The trimmed search text of a list (`None` when absent or blank), checked like any other
/// free text: at most [`SEARCH_MAX`] characters, one line.
pub fn search_text(q: Option<&str>) -> Result<Option<String>, ServiceError> {
    Ok(crate::domain::text::optional(
        "q",
        q,
        SEARCH_MAX,
        crate::domain::text::Lines::Single,
    )?)
}

/// Which page of a list.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: i64,
    /// Items per page, 1–[`MAX_PAGE_SIZE`].
    pub page_size: i64,
}

impl PageRequest {
    /// Checks the numbers and returns `(limit, offset)`.
    pub fn limit_offset(self) -> Result<(i64, i64), ServiceError> {
        if !(1..=MAX_PAGE).contains(&self.page) {
            return Err(ServiceError::invalid(
                "page",
                format!("页码应在 1 到 {MAX_PAGE} 之间 (page out of range)"),
            ));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&self.page_size) {
            return Err(ServiceError::invalid(
                "page_size",
                format!("每页条数应在 1 到 {MAX_PAGE_SIZE} 之间 (page size out of range)"),
            ));
        }
        let offset = (self.page - 1)
            .checked_mul(self.page_size)
            .ok_or_else(|| ServiceError::invalid("page", "页码过大 (page too large)"))?;
        Ok((self.page_size, offset))
    }
}

/// What the caller may read, looking up the caller's unit when it is a unit.
pub async fn visibility_of(db: &Db, who: &Principal) -> Result<Visibility, ServiceError> {
    let unit = match (who.role, &who.unit_id) {
        (Role::Unit, Some(id)) => Some(match store::ledger::units::find(&db.pool, id).await? {
            None => UnitBinding::Unknown,
            Some(u) => match (u.unit_type, u.region_id) {
                (UnitType::Department, _) => UnitBinding::Department,
                (_, Some(region)) => UnitBinding::Region(region),
                (_, None) => UnitBinding::Unknown,
            },
        }),
        _ => None,
    };
    Ok(visibility::visibility(who, unit))
}

pub use super::{new_id, stale};

/// Appends the audit entry of a create or update of a ledger record (its stored row before and
/// after). The action names the record type before its dot (`unit.create` is about a `unit`).
pub async fn append_audit<T: Serialize>(
    tx: &mut Tx,
    clock: &crate::clock::Clock,
    actor: &Actor,
    action: &str,
    id: &str,
    before: Option<&T>,
    after: &T,
) -> Result<(), ServiceError> {
    let subject_type = action.split_once('.').map_or(action, |(kind, _)| kind);
    audit::append(
        tx,
        clock,
        actor,
        Change {
            action,
            subject_type,
            subject_id: id,
            before: before.map(audit::snapshot).transpose()?,
            after: Some(audit::snapshot(after)?),
            reason: None,
        },
    )
    .await
}

/// The ledger's [`edit::Writer`] for `actor`, on the state's clock.
pub fn writer<'a>(db: &'a Db, actor: &'a Actor) -> edit::Writer<'a> {
    edit::Writer {
        clock: &db.clock,
        actor,
    }
}
