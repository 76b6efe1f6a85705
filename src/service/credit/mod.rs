//! Company credit (企业信用): conduct records entered by the bureau ([`records`]) and the
//! rating of a company, or of every company, as of any date ([`rating`]).
//!
//! Who sees what: the bureau, review teams and third-party inspectors read every company; a
//! company reads only its own records and rating (another company's answers 404, as if it did
//! not exist); units are refused (they read the published list). Only the bureau writes.

use std::sync::Arc;

use jiff::civil::Date;

use crate::domain::access::{Principal, Role};
use crate::domain::rubric::Rubric;
use crate::domain::rubric::credit::CreditSpec;
use crate::domain::rubric::model::{Body, Kind};
use crate::service::{AppState, ServiceError};

pub mod complaints;
pub mod corrections;
pub mod evaluations;
pub mod lists;
pub mod project_quality;
pub mod publish;
pub mod quality;
pub mod rating;
pub mod record_objections;
pub mod records;
pub mod records_import;
pub mod repairs;

/// The `credit` rubric in force on `day`: the highest version whose effective dates hold it;
/// without one the request's date `field` is refused (422), naming the day.
pub fn rubric_on(
    state: &AppState,
    day: Date,
    field: &str,
) -> Result<(Arc<Rubric>, CreditSpec), ServiceError> {
    in_force(state, Kind::Credit, day)
        .and_then(|r| match &r.body {
            Body::Credit(spec) => Some((r.clone(), spec.clone())),
            _ => None,
        })
        .ok_or_else(|| {
            ServiceError::Invalid(vec![crate::domain::FieldError::new(
                field,
                format!(
                    "没有适用于 {day} 的企业信用评价标准（须在 rubrics/ 中有 kind = \"credit\" 且有效期包含该日的文件）\
                     (no credit rubric in force on that day)"
                ),
            )])
        })
}

/// The rubric of `kind` in force on `day`: the highest version whose effective dates hold it.
pub fn in_force(state: &AppState, kind: Kind, day: Date) -> Option<Arc<Rubric>> {
    state
        .rubrics
        .all()
        .filter(|r| r.header.kind == kind)
        .filter(|r| r.header.effective_from <= day && day <= r.header.effective_to)
        .max_by_key(|r| r.header.version)
        .cloned()
}

/// The companies `who` may read: `None` for all, or the company's own id.
pub(crate) fn readable(who: &Principal) -> Result<Option<&str>, ServiceError> {
    match (who.role, who.company_id.as_deref()) {
        (Role::Company, Some(own)) => Ok(Some(own)),
        (Role::Company, None) => Err(ServiceError::Refused(
            "企业令牌未绑定企业 (company token without a company)".into(),
        )),
        _ => Ok(None),
    }
}

/// 404 for a company `who` may not read, or that does not exist.
pub(crate) async fn check_company(
    state: &AppState,
    who: &Principal,
    company_id: &str,
) -> Result<String, ServiceError> {
    let gone = || ServiceError::NotFound(format!("企业 {company_id}"));
    if readable(who)?.is_some_and(|own| own != company_id) {
        return Err(gone());
    }
    let names = crate::store::names::companies(&state.db.pool, &[company_id]).await?;
    names.get(company_id).cloned().ok_or_else(gone)
}
