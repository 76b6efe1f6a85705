//! `DecimalText`: a decimal request field kept as the client wrote it, so the domain reads it
//! exactly against the field's declared bounds ([`crate::domain::number`]) instead of serde
//! rounding it on the way in. Its schema is `Decimal`'s (`string`, format `decimal`); a JSON
//! number is accepted too, as its text (the strict body reader has already refused numbers
//! that would change by being read).

use std::borrow::Cow;

use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A decimal as written; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalText(pub String);

impl DecimalText {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for DecimalText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(s) => Ok(Self(s)),
            Value::Number(n) => Ok(Self(crate::domain::number::json_number_text(&n))),
            other => Err(serde::de::Error::invalid_type(
                unexpected(&other),
                &"a Decimal type representing a fixed-point number",
            )),
        }
    }
}

fn unexpected(value: &Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
        Value::String(s) => Unexpected::Str(s),
        Value::Number(_) => Unexpected::Other("number"),
    }
}

impl Type for DecimalText {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        Decimal::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        Decimal::schema_ref()
    }

    fn register(registry: &mut Registry) {
        Decimal::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ParseFromJSON for DecimalText {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::String(s) => Ok(Self(s)),
            Value::Number(n) => Ok(Self(crate::domain::number::json_number_text(&n))),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

impl ToJSON for DecimalText {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.clone()))
    }
}
