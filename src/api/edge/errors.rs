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
        tracing::info!(reason = %e.reason, "unreadable request body");
        return ApiError::malformed(
            "body",
            "请求体无法读取，请按接口说明提供 JSON 请求体 (unreadable request body)",
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
        return unsupported_type(e);
    }
    let status = err.status();
    if status.is_server_error() {
        tracing::error!(error = %err, "unhandled error");
        return ApiError::new(status, default_detail(status));
    }
    if matches!(status.as_u16(), 404 | 405) {
        return ApiError::new(status, default_detail(status));
    }
    // Whatever else poem raises keeps its status; its English text stays in the log.
    tracing::info!(error = %err, "client error");
    ApiError::new(status, default_detail(status))
}

/// A 415 naming the `Content-Type` header and what it should be, in Chinese.
fn unsupported_type(e: &ContentTypeError) -> ApiError {
    let message = match e {
        ContentTypeError::NotSupported { content_type } => format!(
            "请求头 Content-Type 为 {}，此接口不接受；请按接口说明使用 application/json（上传文件的接口另见说明） (unsupported content type)",
            content_type.chars().take(100).collect::<String>()
        ),
        ContentTypeError::ExpectContentType => {
            "缺少请求头 Content-Type，请按接口说明使用 application/json (missing content type)"
                .to_owned()
        }
    };
    ApiError {
        errors: vec![FieldError::new("Content-Type", message.clone())],
        ..ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
    }
}

/// A 400 naming parameter `name`, with poem-openapi's reason put in Chinese.
fn bad_param(name: &str, reason: &str) -> ApiError {
    let message = param_message(reason);
    // A value of the right type that breaks a declared rule (a range, a pattern, a closed set
    // of values, whose reader writes its own Chinese message) is 422, like a body field that
    // does; a value that is not of the type at all stays 400.
    let status = if reason.contains("verification failed") || !reason.is_ascii() {
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
/// string`, `Type "boolean" expects an input value.`, `verification failed.
/// minimum(1, exclusive: false)`) in Chinese, naming the rule; no library text is passed on.
/// A reason our own readers wrote (in Chinese) is passed on as it is.
pub(super) fn param_message(reason: &str) -> String {
    let inner = reason.split(" (occurred while").next().unwrap_or(reason);
    let inner = inner.split_once("\": ").map_or(inner, |(_, r)| r);
    if !inner.is_ascii() {
        return inner.to_owned();
    }
    if let Some(rule) = reason.split("verification failed. ").nth(1) {
        return rule_message(rule);
    }
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
    let (detail, tag) = if reason.contains("expects an input value") {
        ("缺少必填参数", "required")
    } else if reason.contains("too large") || reason.contains("too small") {
        ("超出范围", "out of range")
    } else if reason.contains("empty string") {
        ("不能为空", "empty")
    } else if reason.contains("invalid digit") {
        ("包含非数字字符", "not a number")
    } else {
        ("格式不符", "invalid")
    };
    if kind.is_empty() {
        format!("{detail} ({tag})")
    } else {
        format!("{detail}，应为{kind} ({tag})")
    }
}

/// A declared rule poem-openapi checked (`minimum(1, exclusive: false)`, `maximum(500, …)`,
/// `maxLength(100)`, `pattern("…")`), as the Chinese rule.
fn rule_message(rule: &str) -> String {
    // poem-openapi spells its rules as the spec does (`maxLength(64)`); accept either case.
    let arg = |name: &str| {
        let camel = name.replace("_l", "L").replace("_i", "I");
        rule.strip_prefix(name)
            .or_else(|| rule.strip_prefix(camel.as_str()))
            .and_then(|r| r.strip_prefix('('))
            .map(|r| {
                r.split([',', ')'])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            })
    };
    let exclusive = rule.contains("exclusive: true");
    if let Some(n) = arg("minimum") {
        let rel = if exclusive {
            "须大于"
        } else {
            "不能小于"
        };
        return format!("{rel} {n} (minimum {n})");
    }
    if let Some(n) = arg("maximum") {
        let rel = if exclusive {
            "须小于"
        } else {
            "不能大于"
        };
        return format!("{rel} {n} (maximum {n})");
    }
    if let Some(n) = arg("max_length") {
        return format!("长度不能超过 {n} 个字符 (at most {n} characters)");
    }
    if let Some(n) = arg("min_length") {
        return format!("长度不能少于 {n} 个字符 (at least {n} characters)");
    }
    if let Some(n) = arg("max_items") {
        return format!("最多 {n} 项 (at most {n} items)");
    }
    if let Some(n) = arg("min_items") {
        return format!("至少 {n} 项 (at least {n} items)");
    }
    "不符合接口说明中该参数的格式 (does not match the declared pattern)".to_owned()
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
