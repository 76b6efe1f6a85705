//! The edge middleware every request passes: a request id (logged and returned), the request
//! body limit, and the conversion of *every* error — ours and poem's own (404, 405, 415, bad
//! JSON, …) — into an RFC 9457 problem document carrying that request id.

use std::time::Instant;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Middleware, Request, Response, Result};
use poem_openapi::error::{
    AuthorizationError, ContentTypeError, ParseParamError, ParseRequestPayloadError,
};
use tracing::Instrument;

use super::error::{ApiError, PROBLEM_JSON, problem_response};

/// The edge middleware; see the module docs.
pub struct Edge {
    /// Largest accepted non-upload body, in bytes.
    pub body_limit: usize,
}

impl<E: Endpoint> Middleware<E> for Edge {
    type Output = EdgeEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        EdgeEndpoint {
            inner,
            body_limit: self.body_limit,
        }
    }
}

/// The endpoint produced by [`Edge`].
pub struct EdgeEndpoint<E> {
    inner: E,
    body_limit: usize,
}

impl<E: Endpoint> Endpoint for EdgeEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        let request_id = uuid::Uuid::now_v7().to_string();
        let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %req.uri().path());
        async move {
            let started = Instant::now();
            let result = match check_uri(&req) {
                Err(e) => Err(e.into()),
                Ok(()) => match limit_body(req, self.body_limit).await {
                    Ok(req) => self.inner.call(req).await.map(IntoResponse::into_response),
                    Err(e) => Err(e.into()),
                },
            };
            let mut resp = match result {
                Ok(resp) if resp.status().as_u16() >= 400 && !is_problem(&resp) => {
                    problem_response(
                        &ApiError::new(resp.status(), default_detail(resp.status()))
                            .to_problem(&request_id),
                    )
                }
                Ok(resp) => resp,
                Err(err) => problem_response(&to_api_error(err).to_problem(&request_id)),
            };
            if let Ok(v) = HeaderValue::from_str(&request_id) {
                resp.headers_mut().insert("x-request-id", v);
            }
            tracing::info!(
                status = resp.status().as_u16(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "done"
            );
            Ok(resp)
        }
        .instrument(span)
        .await
    }
}

fn is_problem(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// Refuses control characters anywhere in the decoded path or query: ids and filters reach
/// SQL as text, and a NUL makes PostgreSQL fail.
fn check_uri(req: &Request) -> Result<(), ApiError> {
    let uri = req.uri();
    for (part, raw) in [("path", uri.path()), ("query", uri.query().unwrap_or(""))] {
        let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
        if let Some(c) = decoded.chars().find(|c| c.is_control()) {
            return Err(ApiError {
                errors: vec![crate::domain::FieldError::new(
                    part,
                    format!("包含控制字符 U+{:04X} (control character)", c as u32),
                )],
                ..ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("请求的{part}包含控制字符 (control character in the {part})"),
                )
            });
        }
    }
    Ok(())
}

/// Reads the body up to the limit, so a client cannot make us buffer more whatever it claims
/// in `Content-Length` (or with chunked encoding). Multipart uploads carry their own limit.
async fn limit_body(mut req: Request, limit: usize) -> Result<Request, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("请求体超过上限 {limit} 字节 (body larger than {limit} bytes)"),
        )
    };
    let multipart = req
        .content_type()
        .is_some_and(|c| c.starts_with("multipart/"));
    if multipart {
        return Ok(req);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    if declared == Some(0) {
        return Ok(req);
    }
    let body = req.take_body();
    match body.into_bytes_limit(limit).await {
        Ok(bytes) => {
            req.set_body(Body::from_bytes(bytes));
            Ok(req)
        }
        Err(poem::error::ReadBodyError::PayloadTooLarge) => Err(too_large()),
        Err(e) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("无法读取请求体 (could not read body): {e}"),
        )),
    }
}

/// Maps any error to our problem vocabulary. Messages of 5xx errors never reach the client.
fn to_api_error(err: poem::Error) -> ApiError {
    if let Some(e) = err.downcast_ref::<ApiError>() {
        return e.clone();
    }
    // Every request payload is one of ours (`JsonBody`, the multipart and spreadsheet
    // uploads), which name their fields in an `ApiError` themselves; what poem-openapi still
    // raises (a missing body) concerns the body as a whole.
    if let Some(e) = err.downcast_ref::<ParseRequestPayloadError>() {
        return ApiError::malformed(
            "body",
            format!("请求体无法读取 (unreadable request body): {}", e.reason),
        );
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        return ApiError {
            errors: vec![crate::domain::FieldError::new(e.name, e.reason.clone())],
            ..ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("参数 {} 无效 (invalid parameter): {}", e.name, e.reason),
            )
        };
    }
    if err.downcast_ref::<AuthorizationError>().is_some() {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "缺少或无效的令牌，请在 Authorization 头中提供 Bearer 令牌 (missing or invalid bearer token)",
        );
    }
    if let Some(e) = err.downcast_ref::<ContentTypeError>() {
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("不支持的内容类型，请使用 application/json (unsupported content type): {e}"),
        );
    }
    let status = err.status();
    if status.is_server_error() {
        tracing::error!(error = %err, "unhandled error");
        return ApiError::new(status, default_detail(status));
    }
    ApiError::new(status, format!("{} ({err})", default_detail(status)))
}

fn default_detail(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "请求的路径不存在 (no such path)",
        405 => "该路径不支持此请求方法 (method not allowed on this path)",
        s if s >= 500 => {
            "服务器内部错误，请凭请求编号联系管理员 (internal error; quote the request id)"
        }
        _ => super::error::kind_of(status).1,
    }
}
