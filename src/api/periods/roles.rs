//! [`RoleMap`]: a period's unit → plan role bindings as a request gives them, declared as it is
//! read: an object whose values are a role's name or `null` (no role). The map itself is never
//! `null`: absent means "as they are" (or "by ledger name" on creation), and a `null` in its
//! place is refused naming `roles`, instead of being read as absent.

use std::borrow::Cow;
use std::collections::BTreeMap;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use serde::{Deserialize, Deserializer, Serialize};

/// Unit id → plan role name, or `None` for none; see the module docs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleMap(pub BTreeMap<String, Option<String>>);

/// Reads a present `roles` field: an object, never `null` (serde alone would read `null` as
/// absent for an `Option`).
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RoleMap>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Err(serde::de::Error::custom(
            "不能为 null：不指定时请省略该字段；要让某单位不绑定方案角色，写 {\"单位编号\": null} (null is not allowed)",
        )),
        value => RoleMap::deserialize(value)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

impl Type for RoleMap {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "RoleMap".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let role = MetaSchema {
            nullable: true,
            description: Some(
                "方案角色名称，null 表示不绑定 (a plan role's name, or null for none)",
            ),
            ..MetaSchema::new("string")
        };
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            additional_properties: Some(Box::new(MetaSchemaRef::Inline(Box::new(role)))),
            ..MetaSchema::new("object")
        }))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(std::iter::once(self))
    }
}

impl ParseFromJSON for RoleMap {
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        serde_json::from_value(value.unwrap_or_default()).map_err(ParseError::custom)
    }
}

impl ToJSON for RoleMap {
    fn to_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }
}
