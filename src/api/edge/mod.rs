//! The edge middleware every request passes: a request id (logged and returned), the request
//! body limit (JSON bodies; uploads enforce their own, larger one), and the conversion of
//! *every* error — ours and poem's own (404, 405, 415, bad JSON, bad parameters, …) — into an
//! RFC 9457 problem document carrying that request id. A 405 carries `Allow`; a bad path
//! parameter is named by its declared name (see [`super::routes`]); poem's English reasons
//! are put in Chinese first.

use std::sync::Arc;

use std::time::Instant;

use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Middleware, Request, Response, Result};
use tracing::Instrument;

mod about;
mod errors;

use errors::{default_detail, to_api_error};

use super::error::{ApiError, PROBLEM_JSON, problem_response};
use super::routes::Routes;

/// The edge middleware; see the module docs.
pub struct Edge {
    /// Largest accepted non-upload body, in bytes.
    pub body_limit: usize,
    /// The routes' methods, parameter names and uploads.
    pub routes: Arc<Routes>,
}

impl<E: Endpoint> Middleware<E> for Edge {
    type Output = EdgeEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        EdgeEndpoint {
            inner,
            body_limit: self.body_limit,
            routes: self.routes.clone(),
        }
    }
}

/// The endpoint produced by [`Edge`].
pub struct EdgeEndpoint<E> {
    inner: E,
    body_limit: usize,
    routes: Arc<Routes>,
}

/// The path as the log shows it: an answer page's invitation code is replaced, so the log
/// never ties a code (and the household it was handed to) to the time its answers came in.
fn logged_path(path: &str) -> &str {
    if path.starts_with("/s/") {
        "/s/{code}"
    } else {
        path
    }
}

impl<E: Endpoint> Endpoint for EdgeEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        let request_id = uuid::Uuid::now_v7().to_string();
        let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %logged_path(req.uri().path()));
        async move {
            let started = Instant::now();
            let (method, path) = (req.method().clone(), req.uri().path().to_owned());
            // An upload reads its own body up to its own limit; everything else is held to
            // the JSON body limit here.
            let limit = (!self.routes.is_upload(&method, &path)).then_some(self.body_limit);
            let result = match check_uri(&req) {
                Err(e) => Err(e.into()),
                Ok(()) => match limit_body(req, limit).await {
                    Ok(req) => self.inner.call(req).await.map(IntoResponse::into_response),
                    Err(e) => Err(e.into()),
                },
            };
            let mut resp = match result {
                // Pages for people (`web/`) answer with their own HTML, errors included.
                Ok(resp)
                    if resp.status().as_u16() >= 400 && !is_problem(&resp) && !is_html(&resp) =>
                {
                    let err = ApiError::new(resp.status(), default_detail(resp.status()));
                    self.problem(err, &method, &path, &request_id)
                }
                Ok(resp) => resp,
                Err(err) => {
                    let err = to_api_error(err, &self.routes, &path);
                    self.problem(err, &method, &path, &request_id)
                }
            };
            if resp.status() == StatusCode::METHOD_NOT_ALLOWED
                && let Some(allow) = self.routes.allow(&path)
                && let Ok(v) = HeaderValue::from_str(&allow)
            {
                resp.headers_mut().insert(header::ALLOW, v);
            }
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

impl<E> EdgeEndpoint<E> {
    /// `err` as a problem response, its `errors` naming what it is about.
    fn problem(&self, err: ApiError, method: &Method, path: &str, request_id: &str) -> Response {
        let err = about::named(err, &self.routes, path);
        let err = about::not_allowed(err, method, self.routes.allow(path));
        problem_response(&err.to_problem(request_id))
    }
}

fn is_html(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
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
/// in `Content-Length` (or with chunked encoding). Uploads (`limit` is `None`) and multipart
/// bodies carry their own limit.
async fn limit_body(mut req: Request, limit: Option<usize>) -> Result<Request, ApiError> {
    let Some(limit) = limit else {
        return Ok(req);
    };
    let too_large = || {
        let message = format!("请求体超过上限 {limit} 字节 (body larger than {limit} bytes)");
        ApiError {
            errors: vec![crate::domain::FieldError::new("body", message.clone())],
            ..ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message)
        }
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
        Err(e) => {
            // The reader's own words (an I/O error) stay in the log.
            tracing::info!(error = %e, "could not read the body");
            Err(ApiError::malformed(
                "body",
                "请求体未能完整读取，请重新发送 (could not read body)",
            ))
        }
    }
}

#[cfg(test)]
mod tests;
