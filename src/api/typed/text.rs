//! Text fields whose schema says more than `string`: a day ([`DateText`], `format: date`), a
//! deadline ([`DeadlineText`], a day or a minute) and a reason or other free text
//! ([`ReasonText`], non-blank, bounded, no control characters but line breaks). The services read the text and name the
//! field when it is wrong; the schema states what they accept.

use std::borrow::Cow;

use poem_openapi::registry::MetaSchemaRef;
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use serde::{Deserialize, Serialize};

/// A calendar day as text (`2023-06-30`), declared `format: date` with the years the ledger
/// accepts (1900–2200, [`crate::domain::ledger::fields::date`]); the service reads it and names
/// the field when it is not a day.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateText(pub String);

/// A deadline as text: a day (`2023-06-30`, the end of that day) or a minute of a day in
/// Beijing time (`2023-06-30T18:00`); declared as either.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeadlineText(pub String);

/// A minute in Beijing time, `2023-06-30T18:00`. Days run 01–31: a pattern cannot tell which
/// months have a 29th to 31st, so an impossible day (`2023-02-30`) matches it and the service
/// refuses it with a Chinese 422 naming the field (listed in `scripts/fuzz/schemathesis.toml`).
const MINUTE_PATTERN: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$";

macro_rules! text_type {
    ($name:ident, $schema:expr) => {
        impl Type for $name {
            const IS_REQUIRED: bool = true;
            type RawValueType = String;
            type RawElementValueType = String;

            fn name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn schema_ref() -> MetaSchemaRef {
                MetaSchemaRef::Inline(Box::new($schema))
            }

            fn as_raw_value(&self) -> Option<&String> {
                Some(&self.0)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
                Box::new(std::iter::once(&self.0))
            }
        }

        impl ToJSON for $name {
            fn to_json(&self) -> Option<serde_json::Value> {
                Some(serde_json::Value::String(self.0.clone()))
            }
        }

        impl ParseFromJSON for $name {
            fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
                match value {
                    Some(serde_json::Value::String(s)) => Ok(Self(s)),
                    _ => Err(ParseError::expected_type(serde_json::Value::Null)),
                }
            }
        }
    };
}

fn date_schema() -> poem_openapi::registry::MetaSchema {
    poem_openapi::registry::MetaSchema {
        pattern: Some("^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$".to_owned()),
        ..poem_openapi::registry::MetaSchema::new_with_format("string", "date")
    }
}

fn deadline_schema() -> poem_openapi::registry::MetaSchema {
    let minute = poem_openapi::registry::MetaSchema {
        pattern: Some(MINUTE_PATTERN.to_owned()),
        ..poem_openapi::registry::MetaSchema::new("string")
    };
    poem_openapi::registry::MetaSchema {
        any_of: vec![
            MetaSchemaRef::Inline(Box::new(date_schema())),
            MetaSchemaRef::Inline(Box::new(minute)),
        ],
        ..poem_openapi::registry::MetaSchema::ANY
    }
}

/// An instant as RFC 3339 text with its offset (`2026-06-15T10:00:00+08:00`), declared
/// `format: date-time`; the service reads it and names the field when it is not one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InstantText(pub String);

text_type!(DateText, date_schema());
text_type!(
    InstantText,
    poem_openapi::registry::MetaSchema::new_with_format("string", "date-time")
);
text_type!(DeadlineText, deadline_schema());

/// A day as a query parameter (`?as_of=2023-06-30`), declared `format: date` like the body
/// field; the service reads it and names the parameter when it is not a day.
impl poem_openapi::types::ParseFromParameter for DateText {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_owned()))
    }
}

/// The edge's rule for multi-line text, as a pattern: no control character except tab and line
/// breaks, and at least one character that is not white space.
const REASON_PATTERN: &str = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$";

/// The edge's rule for one line of text (a name, a document number), as a pattern: no control
/// character at all, and at least one character that is not white space.
const LINE_PATTERN: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$";

/// Text declared with its length and pattern once, instead of the same validator copied onto
/// every field; the services check the same rule ([`crate::domain::text`]) and name the field.
macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $pattern:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name<const MAX: usize>(pub String);

        impl<const MAX: usize> Type for $name<MAX> {
            const IS_REQUIRED: bool = true;
            type RawValueType = String;
            type RawElementValueType = String;

            fn name() -> Cow<'static, str> {
                format!("{}{MAX}", stringify!($name)).into()
            }

            fn schema_ref() -> MetaSchemaRef {
                MetaSchemaRef::Inline(Box::new(poem_openapi::registry::MetaSchema {
                    min_length: Some(1),
                    max_length: Some(MAX),
                    pattern: Some($pattern.to_owned()),
                    ..poem_openapi::registry::MetaSchema::new("string")
                }))
            }

            fn as_raw_value(&self) -> Option<&String> {
                Some(&self.0)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
                Box::new(std::iter::once(&self.0))
            }
        }

        impl<const MAX: usize> ToJSON for $name<MAX> {
            fn to_json(&self) -> Option<serde_json::Value> {
                Some(serde_json::Value::String(self.0.clone()))
            }
        }

        impl<const MAX: usize> ParseFromJSON for $name<MAX> {
            fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
                match value {
                    Some(serde_json::Value::String(s)) => Ok(Self(s)),
                    _ => Err(ParseError::expected_type(serde_json::Value::Null)),
                }
            }
        }
    };
}

bounded_text!(
    /// A reason or other multi-line text of at most `MAX` characters ([`REASON_PATTERN`]).
    ReasonText,
    REASON_PATTERN
);

bounded_text!(
    /// A name or other single line of at most `MAX` characters ([`LINE_PATTERN`]).
    LineText,
    LINE_PATTERN
);

#[cfg(test)]
mod tests {
    /// The minute's pattern allows every day a month can have (29–31 included) and nothing
    /// past the 31st; the service tells the impossible ones apart.
    #[test]
    fn the_minute_pattern_allows_days_to_the_31st() {
        let schema = serde_json::json!({"type": "string", "pattern": super::MINUTE_PATTERN});
        let re = jsonschema::validator_for(&schema).expect("pattern compiles");
        for ok in ["2023-01-31T18:00", "2024-02-29T08:00", "2023-06-30T23:59"] {
            assert!(re.is_valid(&serde_json::json!(ok)), "{ok}");
        }
        for bad in ["2023-01-32T18:00", "2023-01-00T18:00", "2023-13-01T18:00"] {
            assert!(!re.is_valid(&serde_json::json!(bad)), "{bad}");
        }
    }
}
