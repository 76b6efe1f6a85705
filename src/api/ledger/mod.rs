//! The ledger's HTTP resources under `/api/v1`: regions, units, companies, projects with their
//! service periods and handover inspections, spreadsheet import, and campaign metrics.
//!
//! Updates are `PUT` with the full record and the `version` last read: a stale version answers
//! 409 and nothing is written. Reads outside the caller's area answer 404.

pub mod companies;
pub mod handover;
pub mod import;
pub mod metrics;
pub mod projects;
pub mod regions;
pub mod service_periods;
pub mod units;
pub mod upload;

use poem::http::StatusCode;

use super::error::ApiError;
use crate::domain::FieldError;
use crate::service::ledger::PageRequest;

/// Default page size.
pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// Builds the page request from optional query parameters.
pub fn page(page: Option<i64>, page_size: Option<i64>) -> PageRequest {
    PageRequest {
        page: page.unwrap_or(1),
        page_size: page_size.unwrap_or(DEFAULT_PAGE_SIZE),
    }
}

/// The version an update must carry.
pub fn required_version(version: Option<i64>) -> Result<i64, ApiError> {
    version.ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "version",
            "修改时必须提供读取记录时得到的 version，防止覆盖他人的修改 (required for updates)",
        )])
    })
}

/// Refuses a version on create.
pub fn no_version(version: Option<i64>) -> Result<(), ApiError> {
    match version {
        None => Ok(()),
        Some(_) => Err(ApiError::invalid(vec![FieldError::new(
            "version",
            "新建记录时不能提供 version (not allowed on create)",
        )])),
    }
}

/// A 400 for a query parameter.
pub fn bad_param(name: &str, message: &str) -> ApiError {
    ApiError {
        errors: vec![FieldError::new(name, message)],
        ..ApiError::new(StatusCode::BAD_REQUEST, message.to_owned())
    }
}
