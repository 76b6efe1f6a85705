//! JSON in and out. `JsonBody<T>`: a JSON request body read with serde and
//! `serde_path_to_error`, so a wrong type or a missing field is reported with its exact path
//! (`items[2].score`), which poem-openapi's own `Json` does not do; the schema still comes from
//! `T`'s `Object` derive. [`json`] and [`parse`] turn service views into response bodies and
//! free-form JSON fields into service inputs.

use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::domain::FieldError;

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
        if data.is_empty() {
            return Err(
                ApiError::malformed("body", "请求体为空，需要 JSON 对象 (empty body)").into(),
            );
        }
        let de = &mut serde_json::Deserializer::from_slice(&data);
        let value: serde_json::Value = serde_path_to_error::deserialize(de)
            .map_err(|e| ApiError::malformed("body", e.inner().to_string()))?;
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
        serde_path_to_error::deserialize(value)
            .map(JsonBody)
            .map_err(|e| {
                let path = e.path().to_string();
                let field = if path == "." { "body".to_owned() } else { path };
                ApiError::malformed(field, e.inner().to_string()).into()
            })
    }
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
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            prefix.to_owned()
        } else {
            format!("{prefix}.{path}")
        };
        ApiError::invalid(vec![crate::domain::FieldError::new(
            field,
            format!("格式不符 (bad value): {}", e.inner()),
        )])
    })
}
