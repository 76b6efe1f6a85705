//! One error type for every operation, rendered as RFC 9457 `application/problem+json`
//! ([`problem`]); service and access errors map to it in one place ([`from_service`]).

mod from_service;
mod problem;

pub use problem::{PROBLEM_JSON, Problem, ProblemCell, ProblemField, kind_of, problem_response};

use poem::Response;
use poem::http::StatusCode;
use poem_openapi::ApiResponse;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;

use crate::domain::FieldError;

/// An error an operation returns; the request id is filled in by the problem middleware.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct ApiError {
    /// Status code.
    pub status: StatusCode,
    /// Slug of the problem type.
    pub slug: &'static str,
    /// Title for that type.
    pub title: &'static str,
    /// Detail for this occurrence.
    pub detail: String,
    /// Field errors, for validation problems.
    pub errors: Vec<FieldError>,
    /// Problem cells, for rejected imports.
    pub problems: Vec<ProblemCell>,
}

impl ApiError {
    /// Builds an error without field details.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let (slug, title) = kind_of(status);
        Self {
            status,
            slug,
            title,
            detail: detail.into(),
            errors: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A 422 listing each field and rule broken.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            errors,
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
        }
    }

    /// A 400 for a body that could not be read as the operation's schema.
    pub fn malformed(field: impl Into<String>, message: impl Into<String>) -> Self {
        let error = FieldError::new(field, message);
        Self {
            errors: vec![error.clone()],
            ..Self::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "请求体格式错误 (malformed body) at {}: {}",
                    error.field, error.message
                ),
            )
        }
    }

    /// Renders this error as a problem document for request `request_id`.
    pub fn to_problem(&self, request_id: &str) -> Problem {
        Problem {
            kind: format!("/problems/{}", self.slug),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            instance: format!("urn:kaoping:request:{request_id}"),
            errors: (!self.errors.is_empty()).then(|| {
                self.errors
                    .iter()
                    .map(|e| ProblemField {
                        field: e.field.clone(),
                        message: e.message.clone(),
                    })
                    .collect()
            }),
            problems: (!self.problems.is_empty()).then(|| self.problems.clone()),
        }
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    // Rendered without a request id only if it escapes the middleware (it should not).
    fn as_response(&self) -> Response {
        problem_response(&self.to_problem("unknown"))
    }
}

/// Statuses every operation may answer with, declared in the spec.
const DECLARED: [(u16, &str); 10] = [
    (400, "请求格式错误 (malformed request)"),
    (401, "未认证 (missing or invalid token)"),
    (403, "无权访问 (role not allowed)"),
    (404, "不存在或无权查看 (not found)"),
    (409, "冲突 (conflict with current state)"),
    (413, "请求体过大 (payload too large)"),
    (415, "不支持的内容类型 (unsupported media type)"),
    (422, "输入不符合规则 (validation failed)"),
    (500, "服务器内部错误 (internal error)"),
    (503, "服务暂不可用 (unavailable)"),
];

/// Problem responses with these statuses, for the spec.
fn declared(statuses: &[(u16, &'static str)]) -> MetaResponses {
    MetaResponses {
        responses: statuses
            .iter()
            .map(|(status, description)| MetaResponse {
                description,
                status: Some(*status),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: PROBLEM_JSON,
                    schema: Problem::schema_ref(),
                }],
                headers: vec![],
            })
            .collect(),
    }
}

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        declared(&DECLARED)
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

/// The result type of every operation.
pub type ApiResult<T> = Result<T, ApiError>;

/// The error of an operation behind a throttle: an [`ApiError`] that may also be 429, and says
/// so in the spec.
#[derive(Debug, Clone)]
pub struct Throttled(pub ApiError);

impl<E: Into<ApiError>> From<E> for Throttled {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

/// Handled as the [`ApiError`] it is (the edge adds the request id to it).
impl From<Throttled> for poem::Error {
    fn from(t: Throttled) -> Self {
        t.0.into()
    }
}

impl ApiResponse for Throttled {
    fn meta() -> MetaResponses {
        let mut meta = declared(&DECLARED);
        meta.responses
            .extend(declared(&[(429, "请求过于频繁 (too many requests)")]).responses);
        meta.responses.sort_by_key(|r| r.status);
        meta
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

/// The result type of an operation behind a throttle.
pub type ThrottledResult<T> = Result<T, Throttled>;
