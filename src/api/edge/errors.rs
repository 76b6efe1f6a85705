//! poem's own errors (404, 405, 415, bad JSON, bad parameters, …) in our problem vocabulary,
//! with poem's English reasons put in Chinese.

use poem::http::StatusCode;
use poem_openapi::error::{
    AuthorizationError, ContentTypeError, ParseParamError, ParsePathError, ParseRequestPayloadError,
};

use crate::api::error::ApiError;
use crate::api::routes::Routes;
use crate::domain::FieldError;

/// Maps any error to our problem vocabulary. Messages of 5xx errors never reach the client.
pub(super) fn to_api_error(err: poem::Error, routes: &Routes, path: &str) -> ApiError {
    if let Some(e) = err.downcast_ref::<ApiError>() {
        return e.clone();
    }
    // Every request payload is one of ours (`JsonBody`, the multipart and spreadsheet
    // uploads), which name their fields in an `ApiError` themselves; what poem-openapi still
    // raises (a missing body) concerns the body as a whole.
    if let Some(e) = err.downcast_ref::<ParseRequestPayloadError>() {
        return ApiError::malformed(
            "body",
            format!(
                "请求体无法读取，请按接口说明提供请求体 (unreadable request body: {})",
                e.reason
            ),
        );
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        return bad_param(e.name, &e.reason);
    }
    if let Some(e) = err.downcast_ref::<ParsePathError>() {
        return bad_param(routes.param_name(path, e.name).unwrap_or(e.name), &e.reason);
    }
    if err.downcast_ref::<AuthorizationError>().is_some() {
        return crate::api::auth::unauthorized(
            "令牌无效、已撤销或不存在，请在 Authorization 头中提供有效的 Bearer 令牌 (invalid or revoked bearer token)",
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
    if matches!(status.as_u16(), 404 | 405) {
        return ApiError::new(status, default_detail(status));
    }
    ApiError::new(status, format!("{} ({err})", default_detail(status)))
}

/// A 400 naming parameter `name`, with poem-openapi's reason put in Chinese.
fn bad_param(name: &str, reason: &str) -> ApiError {
    let message = param_message(reason);
    // A value of the right type that breaks a declared rule (a range, a pattern) is 422, like
    // a body field that does; a value that is not of the type at all stays 400.
    let status = if reason.contains("verification failed") {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::BAD_REQUEST
    };
    ApiError {
        errors: vec![FieldError::new(name, message.clone())],
        ..ApiError::new(status, format!("参数 {name} 无效：{message}"))
    }
}

/// poem-openapi's reasons (`failed to parse "integer(uint32)": invalid digit found in
/// string`, `Type "boolean" expects an input value.`) in Chinese, the English kept after.
pub(super) fn param_message(reason: &str) -> String {
    let type_name = reason.split('"').nth(1).unwrap_or_default();
    let kind = [
        ("integer", "整数"),
        ("decimal", "十进制数"),
        ("number", "数值"),
        ("boolean", "布尔值 true 或 false"),
        ("string", "字符串"),
    ]
    .into_iter()
    .find(|(k, _)| type_name.contains(k))
    .map_or("", |(_, cn)| cn);
    let detail = if reason.contains("expects an input value") {
        "缺少必填参数"
    } else if reason.contains("too large") || reason.contains("too small") {
        "超出范围"
    } else if reason.contains("empty string") {
        "不能为空"
    } else if reason.contains("invalid digit") {
        "包含非数字字符"
    } else {
        "格式不符"
    };
    let english = reason.split(" (occurred while").next().unwrap_or(reason);
    let english = english.rsplit_once("\": ").map_or(english, |(_, r)| r);
    if kind.is_empty() {
        format!("{detail} ({english})")
    } else {
        format!("{detail}，应为{kind} ({english})")
    }
}

pub(super) fn default_detail(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "请求的路径不存在 (no such path)",
        405 => "该路径不支持此请求方法 (method not allowed on this path)",
        s if s >= 500 => {
            "服务器内部错误，请凭请求编号联系管理员 (internal error; quote the request id)"
        }
        _ => crate::api::error::kind_of(status).1,
    }
}
