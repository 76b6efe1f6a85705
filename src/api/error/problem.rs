//! The problem document (RFC 9457) and its HTTP response.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::Object;
use serde::Serialize;

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
        429 => ("too-many-requests", "请求过于频繁 (too many requests)"),
        503 => ("unavailable", "服务暂不可用 (service unavailable)"),
        s if s >= 500 => ("internal", "服务器内部错误 (internal error)"),
        _ => ("client-error", "请求错误 (client error)"),
    }
}

/// Builds the HTTP response for a problem.
pub fn problem_response(problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut resp = Response::builder()
        .status(StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type(PROBLEM_JSON)
        .body(body);
    if problem.status == 429 {
        // Only the code-guessing throttle answers 429: its lockout is when to come back.
        resp.headers_mut().insert(
            poem::http::header::RETRY_AFTER,
            poem::http::HeaderValue::from(crate::api::surveys::throttle::LOCKOUT_SECONDS),
        );
    }
    if problem.status == 401 {
        resp.headers_mut().insert(
            poem::http::header::WWW_AUTHENTICATE,
            poem::http::HeaderValue::from_static("Bearer"),
        );
    }
    resp.into_response()
}
