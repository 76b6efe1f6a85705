//! [`Versioned<T>`]: an update body, `T`'s fields plus the required `version`.

use std::borrow::Cow;

use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use serde::{Deserialize, Serialize};

/// An update body: `T`'s fields plus the `version` last read, which an update requires and a
/// create refuses (so `T` declares no `version`; it keeps one, hidden from its schema, to read
/// it here and to refuse it on create).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Versioned<T>(pub T);

impl<T: Type> Type for Versioned<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = T::RawValueType;
    type RawElementValueType = T::RawElementValueType;

    fn name() -> Cow<'static, str> {
        format!("{}_update", T::name()).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        use poem_openapi::registry::MetaSchema;
        let version = MetaSchema {
            description: Some("读取记录时得到的 version (the version last read)"),
            ..MetaSchema::new_with_format("integer", "int64")
        };
        let extra = MetaSchema {
            required: vec!["version"],
            properties: vec![("version", MetaSchemaRef::Inline(Box::new(version)))],
            ..MetaSchema::new("object")
        };
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            all_of: vec![T::schema_ref(), MetaSchemaRef::Inline(Box::new(extra))],
            ..MetaSchema::ANY
        }))
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        self.0.as_raw_value()
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        self.0.raw_element_iter()
    }
}

impl<T: ParseFromJSON> ParseFromJSON for Versioned<T> {
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        T::parse_from_json(value)
            .map(Versioned)
            .map_err(ParseError::propagate)
    }
}

impl<T: ToJSON> ToJSON for Versioned<T> {
    fn to_json(&self) -> Option<serde_json::Value> {
        self.0.to_json()
    }
}
