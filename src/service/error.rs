//! The service layer's error: what went wrong in terms a client can act on.

use crate::domain::FieldError;
use crate::domain::access::Forbidden;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input broke one or more rules (422).
    #[error("输入不符合规则 (validation failed)")]
    Invalid(Vec<FieldError>),
    /// The caller's role may not do this (403).
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The caller may not do this here, with the reason (403), e.g. a conflict of interest.
    #[error("{0}")]
    Refused(String),
    /// A file of a type the service does not take (415).
    #[error("{0}")]
    Unsupported(String),
    /// The thing does not exist or the caller may not see it (404).
    #[error("{0} 不存在 (not found)")]
    NotFound(String),
    /// What a request field names is not there (404), e.g. a unit outside the period: the
    /// message is shown as given, naming the field.
    #[error("{}", .0.message)]
    Absent(FieldError),
    /// The request clashes with the current state (409).
    #[error("{0}")]
    Conflict(String),
    /// The request clashes with the current state over what one request field names (409),
    /// e.g. an objection to a finding after its window: the message is shown as given.
    #[error("{}", .0.message)]
    ConflictOn(FieldError),
    /// An uploaded file cannot be read as a ledger workbook (415 for its type, 422 otherwise).
    #[error(transparent)]
    File(#[from] crate::sheet::FileError),
    /// An uploaded file was read but rows break rules; nothing was written (422).
    #[error("导入文件有 {} 处问题，未写入任何数据 (import rejected)", .0.len())]
    Rows(Vec<crate::sheet::CellProblem>),
    /// An unexpected failure; logged, shown to the client only as a request id (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ServiceError {
    /// A single-field validation failure.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl From<Vec<FieldError>> for ServiceError {
    fn from(e: Vec<FieldError>) -> Self {
        Self::Invalid(e)
    }
}

impl From<crate::domain::workflow::Closed> for ServiceError {
    fn from(e: crate::domain::workflow::Closed) -> Self {
        Self::Conflict(e.to_string())
    }
}

impl From<crate::domain::calendar::UnknownYear> for ServiceError {
    // The service's calendar lacks a year: the bureau's operator must extend the file, so the
    // message says which; nothing the client sent is wrong.
    fn from(e: crate::domain::calendar::UnknownYear) -> Self {
        Self::Conflict(e.to_string())
    }
}

impl From<sqlx::Error> for ServiceError {
    // Constraint violations are mapped here, in one place: a natural-key clash is a conflict;
    // a reference to a record that does not exist is "not found" (404), like any other id that
    // names nothing — the body is well formed, the record is missing.
    fn from(e: sqlx::Error) -> Self {
        if matches!(&e, sqlx::Error::Database(db) if db.is_foreign_key_violation()) {
            Self::NotFound("引用的记录 (a referenced record)".into())
        } else if crate::store::is_unique_violation(&e) {
            Self::Conflict("记录已存在 (a record with the same key already exists)".into())
        } else {
            Self::Internal(anyhow::Error::new(e).context("database"))
        }
    }
}

impl From<crate::domain::stats::StatsError> for ServiceError {
    // A statistic that cannot be computed is a fault in the data or the code, not the caller's.
    fn from(e: crate::domain::stats::StatsError) -> Self {
        Self::Internal(anyhow::Error::new(e).context("computing a statistic"))
    }
}

impl From<crate::domain::rubric::SatisfactionError> for ServiceError {
    fn from(e: crate::domain::rubric::SatisfactionError) -> Self {
        use crate::domain::rubric::SatisfactionError as E;
        match e {
            E::Invalid(errors) => Self::Invalid(errors),
            E::Stats(e) => {
                Self::Internal(anyhow::Error::new(e).context("computing the satisfaction index"))
            }
        }
    }
}
