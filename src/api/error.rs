//! One error type for every operation, rendered as RFC 9457 `application/problem+json`.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object};
use serde::Serialize;

use crate::domain::FieldError;
use crate::service::ServiceError;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field's failure in a validation problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Object)]
pub struct ProblemField {
    /// Path of the field in the request, e.g. `items[2].score`.
    pub field: String,
    /// What is wrong, naming the rule.
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, Object)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem (Chinese, then English).
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What happened this time.
    pub detail: String,
    /// The request id (also in the logs and the `x-request-id` header).
    pub instance: String,
    /// For validation failures: each field and the rule it broke.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// For rejected spreadsheet imports: every problem cell.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<ProblemCell>>,
}

/// One problem cell of a rejected import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Object)]
pub struct ProblemCell {
    /// Worksheet name.
    pub sheet: String,
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// Column header.
    pub column: String,
    /// Cell reference, e.g. `G5`.
    pub cell: String,
    /// The value as read.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl From<crate::sheet::CellProblem> for ProblemCell {
    fn from(p: crate::sheet::CellProblem) -> Self {
        Self {
            sheet: p.sheet,
            row: p.row,
            column: p.column,
            cell: p.cell,
            value: p.value,
            message: p.message,
        }
    }
}

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

/// The problem type slug and title for a status.
pub fn kind_of(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("bad-request", "请求格式错误 (bad request)"),
        401 => ("unauthorized", "未认证：缺少或无效的令牌 (unauthorized)"),
        403 => ("forbidden", "无权访问 (forbidden)"),
        404 => ("not-found", "资源不存在 (not found)"),
        405 => (
            "method-not-allowed",
            "不支持该请求方法 (method not allowed)",
        ),
        409 => ("conflict", "与当前状态冲突 (conflict)"),
        411 => ("length-required", "需要 Content-Length (length required)"),
        412 => (
            "precondition-failed",
            "版本已变化，请刷新后重试 (precondition failed)",
        ),
        413 => ("payload-too-large", "请求体过大 (payload too large)"),
        415 => (
            "unsupported-media-type",
            "不支持的内容类型 (unsupported media type)",
        ),
        422 => ("validation", "输入不符合规则 (validation failed)"),
        428 => (
            "precondition-required",
            "缺少版本条件 If-Match (precondition required)",
        ),
        503 => ("unavailable", "服务暂不可用 (service unavailable)"),
        s if s >= 500 => ("internal", "服务器内部错误 (internal error)"),
        _ => ("client-error", "请求错误 (client error)"),
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

/// Builds the HTTP response for a problem.
pub fn problem_response(problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut resp = Response::builder()
        .status(StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type(PROBLEM_JSON)
        .body(body);
    if problem.status == 401 {
        resp.headers_mut().insert(
            poem::http::header::WWW_AUTHENTICATE,
            poem::http::HeaderValue::from_static("Bearer"),
        );
    }
    resp.into_response()
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

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: DECLARED
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

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errors) => Self::invalid(errors),
            ServiceError::Forbidden(f) => Self::new(StatusCode::FORBIDDEN, f.to_string()),
            ServiceError::Refused(m) => Self::new(StatusCode::FORBIDDEN, m),
            ServiceError::Unsupported(m) => Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, m),
            e @ ServiceError::NotFound(_) => Self::new(StatusCode::NOT_FOUND, e.to_string()),
            ServiceError::Absent(field) => Self {
                detail: field.message.clone(),
                errors: vec![field],
                ..Self::new(StatusCode::NOT_FOUND, String::new())
            },
            ServiceError::Conflict(m) => Self::new(StatusCode::CONFLICT, m),
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

impl From<crate::domain::access::Forbidden> for ApiError {
    fn from(f: crate::domain::access::Forbidden) -> Self {
        Self::new(StatusCode::FORBIDDEN, f.to_string())
    }
}

/// The result type of every operation.
pub type ApiResult<T> = Result<T, ApiError>;
