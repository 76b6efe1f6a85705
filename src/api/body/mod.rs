//! JSON in and out. `JsonBody<T>`: a JSON request body read strictly ([`strict`]: no trailing
//! data, no repeated key, no number that would change by being read), then with serde and
//! `serde_path_to_error`, so a wrong type or a missing field is reported with its exact path
//! (`items.2.2.input`, `adjustments[0].points`) and a Chinese message
//! ([`crate::domain::read_error`]), which poem-openapi's own `Json` does not do; the schema
//! still comes from `T`'s `Object` derive. [`json`] and [`parse`] turn service views into
//! response bodies and free-form JSON fields into service inputs. [`DecimalText`] keeps a
//! decimal as written for the domain to read exactly.
//!
//! Statuses: a body that is not JSON at all is 400 (field `body`); JSON that breaks the
//! operation's schema (missing or unknown field, wrong type, repeated key, inexact number) is
//! 422 naming the field.

use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::de::DeserializeOwned;

mod decimal;
pub mod strict;

pub use decimal::DecimalText;

use self::strict::StrictError;
use super::error::ApiError;
use crate::domain::{FieldError, read_error};

/// A JSON request body; see the module docs.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn check_content_type(content_type: &str) -> bool {
        matches!(content_type.parse::<mime::Mime>(), Ok(m) if m.type_() == "application"
            && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json")))
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type + DeserializeOwned> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> Result<Self> {
        let data = Vec::<u8>::from_request(request, body).await?;
        let value = read_json(&data)?;
        // A NUL in any string breaks PostgreSQL, whatever field it is in (ids included); other
        // control characters are refused per field by the domain's text rules.
        let mut nul = Vec::new();
        nul_paths(&value, "", &mut nul);
        if !nul.is_empty() {
            let errors = nul
                .into_iter()
                .map(|p| {
                    FieldError::new(
                        p,
                        "不能包含控制字符 U+0000 (control characters are not allowed)",
                    )
                })
                .collect();
            return Err(ApiError::invalid(errors).into());
        }
        // serde reads a struct from an array by position too; a client that sends `[…]` where
        // the schema says object has made a mistake, never a request to be read field by field.
        if value.is_array() && !schema_is_array::<T>() {
            return Err(ApiError::invalid(vec![FieldError::new(
                "body",
                "请求体应为 JSON 对象（{…}），不能是数组 (an object is expected, not an array)",
            )])
            .into());
        }
        Ok(JsonBody(read_as("", value)?))
    }
}

/// Whether `T`'s schema is an array (a list body); objects are registered by reference.
fn schema_is_array<T: Type>() -> bool {
    match T::schema_ref() {
        MetaSchemaRef::Inline(schema) => schema.ty == "array",
        MetaSchemaRef::Reference(_) => false,
    }
}

/// Reads a body strictly as one JSON value: not JSON at all (empty, not UTF-8, bad syntax,
/// trailing data) is 400 naming `body`; valid JSON that no client can have meant (a repeated
/// key, a number that would change by being read) is 422 naming the key.
pub fn read_json(data: &[u8]) -> Result<serde_json::Value, ApiError> {
    let text = std::str::from_utf8(data).map_err(|e| {
        ApiError::malformed(
            "body",
            format!(
                "请求体不是有效的 UTF-8 文本（第 {} 字节） (body is not UTF-8)",
                e.valid_up_to() + 1
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(ApiError::malformed(
            "body",
            "请求体为空，需要 JSON 对象 (empty body)",
        ));
    }
    strict::parse(text).map_err(|e| match e {
        StrictError::Syntax {
            line,
            column,
            message,
        } => ApiError::malformed(
            "body",
            format!("不是有效的 JSON：第 {line} 行第 {column} 列，{message}"),
        ),
        StrictError::Duplicate { path, key } => ApiError::invalid(vec![FieldError::new(
            path,
            format!("字段 {key} 重复出现，每个字段只能给一次 (duplicate key)"),
        )]),
        StrictError::Inexact { path, text } => ApiError::invalid(vec![FieldError::new(
            if path.is_empty() { "body".into() } else { path },
            format!(
                "数字 {text} 的位数超出 JSON 数字能精确表示的范围，读取时会被改变；请按此项的精度填写，或以字符串形式提交 (number cannot be read exactly)"
            ),
        )]),
    })
}

/// Reads `value` as `T`; a mismatch with `T`'s schema is 422 naming the field (under `prefix`)
/// with a Chinese message.
fn read_as<T: DeserializeOwned>(prefix: &str, value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        ApiError::invalid(vec![read_error::field_error(
            prefix,
            &e.path().to_string(),
            &e.inner().to_string(),
        )])
    })
}

poem_openapi::impl_apirequest_for_payload!(JsonBody<T>, T: Type + DeserializeOwned);

/// Paths (`a.b[2]`) of every string, or object key, that contains a NUL.
fn nul_paths(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    let here = |k: &str| {
        if at.is_empty() {
            k.to_owned()
        } else {
            format!("{at}.{k}")
        }
    };
    match value {
        serde_json::Value::String(s) if s.contains('\0') => {
            out.push(if at.is_empty() {
                "body".into()
            } else {
                at.into()
            });
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nul_paths(v, &format!("{at}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k.contains('\0') {
                    out.push(here("(key)"));
                }
                nul_paths(v, &here(k), out);
            }
        }
        _ => {}
    }
}

/// Serialises a service view as the response body.
pub fn json<T: serde::Serialize>(
    value: &T,
) -> super::error::ApiResult<poem_openapi::payload::Json<serde_json::Value>> {
    serde_json::to_value(value)
        .map(poem_openapi::payload::Json)
        .map_err(|e| crate::service::ServiceError::Internal(anyhow::Error::new(e)).into())
}

/// Reads a JSON value into a service input, naming the bad field (422).
pub fn parse<T: serde::de::DeserializeOwned>(
    prefix: &str,
    value: serde_json::Value,
) -> super::error::ApiResult<T> {
    read_as(prefix, value)
}
