//! [`Choice<E>`]: a labelled enumeration in a request body, given as a bare code or label
//! (`"town"`, `"镇"`) or as the `{code, label}` object the responses carry, and declared so.
//! The text is kept as given and checked by the service with the body's other fields, so one
//! 422 names every bad field at once (an unknown code among them).

use std::borrow::Cow;
use std::marker::PhantomData;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::domain::labelled::Labelled;

/// A labelled enumeration as a request gives it; see the module docs.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Choice<E> {
    text: String,
    #[serde(skip)]
    kind: PhantomData<fn() -> E>,
}

impl<E> Choice<E> {
    /// The code or label given (the object's `code`), for the service to parse.
    pub fn code(self) -> String {
        self.text
    }
}

impl<'de, E: Labelled> Deserialize<'de> for Choice<E> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let text = match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(text) => text,
            // The object's label is checked against its code by the enumeration's own reader.
            serde_json::Value::Object(map) => {
                let value = serde_json::Value::Object(map);
                let known: Result<E, _> = crate::domain::labelled::deserialize(&value);
                match (known, value.get("code").and_then(|c| c.as_str())) {
                    (Ok(e), _) => e.code_of().to_owned(),
                    // An unknown code: the service names it with the other fields.
                    (Err(_), Some(code)) if value.as_object().is_some_and(|m| m.len() == 1) => {
                        code.to_owned()
                    }
                    (Err(e), _) => return Err(D::Error::custom(e.to_string())),
                }
            }
            _ => {
                return Err(D::Error::custom(format!(
                    "{}应为代码字符串或 {{code, label}} 对象 (expected a code or {{code, label}})",
                    E::WHAT
                )));
            }
        };
        Ok(Choice {
            text,
            kind: PhantomData,
        })
    }
}

impl<E: Labelled + JsonSchema + Send + Sync> Type for Choice<E> {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        format!("{}_choice", E::schema_name()).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let texts = E::all()
            .iter()
            .flat_map(|v| [v.code_of(), v.label_of()])
            .map(serde_json::Value::from)
            .collect();
        let bare = MetaSchema {
            enum_items: texts,
            ..MetaSchema::new("string")
        };
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            description: Some(E::WHAT),
            one_of: vec![
                MetaSchemaRef::Inline(Box::new(bare)),
                super::root_ref::<E>(),
            ],
            ..MetaSchema::ANY
        }))
    }

    fn register(registry: &mut Registry) {
        super::register::<E>(registry);
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.text)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.text))
    }
}

impl<E: Labelled + JsonSchema + Send + Sync> ToJSON for Choice<E> {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(self.text.clone()))
    }
}

impl<E> ParseFromJSON for Choice<E>
where
    E: Labelled + JsonSchema + serde::de::DeserializeOwned + Send + Sync,
{
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        serde_json::from_value(value.unwrap_or_default())
            .map_err(|e| ParseError::custom(e.to_string()))
    }
}

/// A labelled enumeration as a query parameter (`?unit_type=town` or `?unit_type=镇`), declared
/// as the enumeration of its codes and labels; an unknown value is refused (422) with a Chinese
/// message listing the values, named by the parameter at the edge.
#[derive(Debug, Clone, Copy)]
pub struct QueryChoice<E>(pub E);

impl<E: Labelled> QueryChoice<E> {
    /// The value's stable code.
    pub fn code(self) -> &'static str {
        self.0.code_of()
    }
}

impl<E: Labelled + JsonSchema + Send + Sync> Type for QueryChoice<E> {
    const IS_REQUIRED: bool = true;
    type RawValueType = E;
    type RawElementValueType = E;

    fn name() -> Cow<'static, str> {
        format!("{}_query", E::schema_name()).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let texts = E::all()
            .iter()
            .flat_map(|v| [v.code_of(), v.label_of()])
            .map(serde_json::Value::from)
            .collect();
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            description: Some(E::WHAT),
            enum_items: texts,
            ..MetaSchema::new("string")
        }))
    }

    fn as_raw_value(&self) -> Option<&E> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a E> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl<E: Labelled + JsonSchema + Send + Sync> poem_openapi::types::ParseFromParameter
    for QueryChoice<E>
{
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        // The message is the enumeration's own Chinese one; the edge names the parameter.
        E::parse_named("", value)
            .map(QueryChoice)
            .map_err(|e| ParseError::custom(e.message))
    }
}
