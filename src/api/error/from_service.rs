//! Service and access errors as API errors: the one place where a failure gets its status.

use poem::http::StatusCode;

use super::{ApiError, ProblemCell};
use crate::domain::FieldError;
use crate::service::ServiceError;

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errors) => Self::invalid(errors),
            ServiceError::Forbidden(f) => f.into(),
            ServiceError::Refused(m) => Self::new(StatusCode::FORBIDDEN, m),
            // Only an uploaded file is ever of a type the service does not take.
            ServiceError::Unsupported(m) => Self {
                errors: vec![FieldError::new("file", m.clone())],
                ..Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, m)
            },
            e @ ServiceError::NotFound(_) => Self::new(StatusCode::NOT_FOUND, e.to_string()),
            ServiceError::Absent(field) => Self {
                detail: field.message.clone(),
                errors: vec![field],
                ..Self::new(StatusCode::NOT_FOUND, String::new())
            },
            ServiceError::Conflict(m) => Self::new(StatusCode::CONFLICT, m),
            ServiceError::ConflictOn(field) => Self {
                detail: field.message.clone(),
                errors: vec![field],
                ..Self::new(StatusCode::CONFLICT, String::new())
            },
            ServiceError::File(f) => {
                let status = if f.is_media_type() {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                Self {
                    errors: vec![FieldError::new("file", f.to_string())],
                    ..Self::new(status, f.to_string())
                }
            }
            ServiceError::Rows(problems) => {
                let detail = ServiceError::Rows(problems.clone()).to_string();
                Self {
                    errors: problems
                        .iter()
                        .map(|p| {
                            FieldError::new(
                                format!("{}!{}", p.sheet, p.cell),
                                format!("{}：{}", p.column, p.message),
                            )
                        })
                        .collect(),
                    problems: problems.into_iter().map(ProblemCell::from).collect(),
                    ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
                }
            }
            ServiceError::Internal(err) => {
                // Logged with the request id by the span; the client sees only the id.
                tracing::error!(error = ?err, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "服务器内部错误，请凭请求编号联系管理员 (internal error; quote the request id)",
                )
            }
        }
    }
}

/// A refusal by role names the `Authorization` header: the token it carries decides the role.
impl From<crate::domain::access::Forbidden> for ApiError {
    fn from(f: crate::domain::access::Forbidden) -> Self {
        Self {
            errors: vec![FieldError::new("Authorization", f.to_string())],
            ..Self::new(StatusCode::FORBIDDEN, f.to_string())
        }
    }
}
