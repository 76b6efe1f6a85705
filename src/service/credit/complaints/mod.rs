//! Complaints and petitions (信访投诉) per project: the bureau enters them with the channel and
//! category of the `composite` rubric in force on the day received ([`write`]); the deadline
//! is the channel's limit from that day, and whether one was resolved in time is computed.
//! They feed the daily-evaluation component of project quality ([`super::quality`]).
//!
//! Who sees what: the bureau, review teams and inspectors read every complaint; a company
//! reads the complaints received while it served the project; a town or park unit those
//! about projects in its area (a county department all); anything else answers 404, as if it
//! did not exist. Only the bureau writes.

use std::sync::Arc;

use jiff::civil::Date;

use crate::domain::FieldError;
use crate::domain::access::{Principal, Role};
use crate::domain::credit::complaint::Handling;
use crate::domain::ledger::Visibility;
use crate::domain::rubric::Rubric;
use crate::domain::rubric::daily::DailyRules;
use crate::domain::rubric::model::{Body, Kind};
use crate::service::ledger::visibility_of;
use crate::service::{AppState, ServiceError};
use crate::store::credit::complaints::{self as store, ComplaintRow, Filter};

pub mod import;
pub mod write;

/// A complaint as the service shows it: names beside ids, the rubric's titles beside codes,
/// and where it stands today.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintView {
    pub row: ComplaintRow,
    pub project_name: String,
    pub company_name: String,
    /// The channel's title in the row's rubric.
    pub channel_title: String,
    /// The category's title in the row's rubric.
    pub category_title: String,
    /// The channel's time limit in days.
    pub limit_days: Option<u32>,
    /// Where it stands at the end of today (Beijing).
    pub handling: Handling,
}

/// The `[daily]` rules of the composite rubric in force on `day`, or a 422 on `field`.
pub fn rules_on(
    state: &AppState,
    day: Date,
    field: &str,
) -> Result<(Arc<Rubric>, DailyRules), ServiceError> {
    super::in_force(state, Kind::Composite, day)
        .and_then(|r| match &r.body {
            Body::Composite(c) => c.daily.clone().map(|d| (r.clone(), d)),
            _ => None,
        })
        .ok_or_else(|| {
            ServiceError::Invalid(vec![FieldError::new(
                field,
                format!(
                    "没有适用于 {day} 的信访投诉规则（须在 rubrics/ 中有 kind = \"composite\"、含 [daily] 且有效期包含该日的文件）\
                     (no complaint rules in force on that day)"
                ),
            )])
        })
}

/// The `[daily]` rules a stored complaint was entered under.
fn rules_of(state: &AppState, row: &ComplaintRow) -> Option<DailyRules> {
    let rubric = state
        .rubrics
        .get(&row.rubric_id, u32::try_from(row.rubric_version).ok()?)?;
    match &rubric.body {
        Body::Composite(c) => c.daily.clone(),
        _ => None,
    }
}

/// The views of `rows`, names read in one query each.
pub(crate) async fn views(
    state: &AppState,
    rows: Vec<ComplaintRow>,
) -> Result<Vec<ComplaintView>, ServiceError> {
    let pool = &state.db.pool;
    let projects: Vec<&str> = rows.iter().map(|r| r.project_id.as_str()).collect();
    let companies: Vec<&str> = rows.iter().map(|r| r.company_id.as_str()).collect();
    let projects = crate::store::names::projects(pool, &projects).await?;
    let companies = crate::store::names::companies(pool, &companies).await?;
    let today = state.db.clock.today();
    Ok(rows
        .into_iter()
        .map(|row| {
            let rules = rules_of(state, &row);
            let channel = rules.as_ref().and_then(|d| d.channel(&row.channel));
            let category = rules.as_ref().and_then(|d| d.category(&row.category));
            ComplaintView {
                project_name: projects.get(&row.project_id).cloned().unwrap_or_default(),
                company_name: companies.get(&row.company_id).cloned().unwrap_or_default(),
                channel_title: channel.map_or_else(|| row.channel.clone(), |c| c.title.clone()),
                category_title: category.map_or_else(|| row.category.clone(), |c| c.title.clone()),
                limit_days: channel.map(|c| c.limit_days),
                handling: row.facts().handling_on(today),
                row,
            }
        })
        .collect())
}

/// What `who` may list, narrowing `filter`; `None` when nothing.
async fn narrowed(
    state: &AppState,
    who: &Principal,
    mut filter: Filter,
) -> Result<Option<Filter>, ServiceError> {
    match who.role {
        Role::Admin | Role::Reviewer | Role::Inspector => Ok(Some(filter)),
        Role::Company => {
            let own = super::readable(who)?.map(str::to_owned);
            if filter.company_id.is_some() && filter.company_id != own {
                return Ok(None);
            }
            filter.company_id = own;
            Ok(Some(filter))
        }
        Role::Unit => match visibility_of(&state.db, who).await? {
            Visibility::All => Ok(Some(filter)),
            Visibility::Town(town) => {
                filter.town_id = Some(town);
                Ok(Some(filter))
            }
            Visibility::Company(_) | Visibility::Nothing => Ok(None),
        },
    }
}

/// The complaints `filter` selects that `who` may read, newest first.
pub async fn list(
    state: &AppState,
    who: &Principal,
    filter: Filter,
) -> Result<Vec<ComplaintView>, ServiceError> {
    let Some(filter) = narrowed(state, who, filter).await? else {
        return Ok(Vec::new());
    };
    let rows = store::list(&state.db.pool, &filter).await?;
    views(state, rows).await
}

/// One complaint, or 404 when `who` may not read it.
pub async fn get(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<ComplaintView, ServiceError> {
    let gone = || ServiceError::NotFound(format!("信访投诉 {id}"));
    let row = store::find(&state.db.pool, id).await?.ok_or_else(gone)?;
    readable(state, who, &row).await.map_err(|_| gone())?;
    let mut out = views(state, vec![row]).await?;
    out.pop().ok_or_else(gone)
}

/// `Err` unless `who` may read `row`.
pub(crate) async fn readable(
    state: &AppState,
    who: &Principal,
    row: &ComplaintRow,
) -> Result<(), ServiceError> {
    let filter = Filter {
        project_id: Some(row.project_id.clone()),
        company_id: Some(row.company_id.clone()),
        ..Filter::default()
    };
    let Some(filter) = narrowed(state, who, filter).await? else {
        return Err(ServiceError::NotFound(String::new()));
    };
    if filter.company_id.as_deref() != Some(row.company_id.as_str()) {
        return Err(ServiceError::NotFound(String::new()));
    }
    if let Some(town) = &filter.town_id {
        let all = Visibility::All;
        let project =
            crate::store::ledger::projects::find(&state.db.pool, &row.project_id, &all).await?;
        if project.is_none_or(|p| &p.town_id != town) {
            return Err(ServiceError::NotFound(String::new()));
        }
    }
    Ok(())
}
