//! A `schemars` schema (already in OpenAPI 3.0 form) as poem-openapi's [`MetaSchema`].
//!
//! poem-openapi keeps names, types and formats as `&'static str` (its own derives write them
//! as literals); the few strings converted here are interned once and kept for the life of the
//! process, so the leak is bounded by the number of distinct names in the spec.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use schemars::Schema;
use serde_json::{Map, Value};

/// Where the generator's `$ref`s point (its `definitions_path`).
const REF_PREFIX: &str = "#/components/schemas/";

static INTERNED: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);

/// One `&'static` copy of `text`, shared by every caller.
fn intern(text: &str) -> &'static str {
    let mut set = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = set.get(text) {
        return s;
    }
    let s: &'static str = Box::leak(text.to_owned().into_boxed_str());
    set.insert(s);
    s
}

/// `schema` as a reference (when it is one) or an inline schema.
pub fn schema_ref(schema: &Schema) -> MetaSchemaRef {
    match schema.as_object() {
        Some(map) => value_ref(map),
        None => MetaSchemaRef::Inline(Box::new(MetaSchema::ANY)),
    }
}

/// `schema` as an inline schema (a definition's body).
pub fn schema(schema: &Schema) -> MetaSchema {
    schema.as_object().map(object).unwrap_or(MetaSchema::ANY)
}

fn value_ref(map: &Map<String, Value>) -> MetaSchemaRef {
    match map.get("$ref").and_then(Value::as_str) {
        Some(r) => MetaSchemaRef::Reference(r.strip_prefix(REF_PREFIX).unwrap_or(r).to_owned()),
        None => MetaSchemaRef::Inline(Box::new(object(map))),
    }
}

fn sub(value: &Value) -> MetaSchemaRef {
    match value.as_object() {
        Some(map) => value_ref(map),
        // `true` (anything) — `false` never survives the OpenAPI 3.0 transforms.
        None => MetaSchemaRef::Inline(Box::new(MetaSchema::ANY)),
    }
}

fn subs(value: Option<&Value>) -> Vec<MetaSchemaRef> {
    value
        .and_then(Value::as_array)
        .map(|v| v.iter().map(sub).collect())
        .unwrap_or_default()
}

fn text(map: &Map<String, Value>, key: &str) -> Option<&'static str> {
    map.get(key).and_then(Value::as_str).map(intern)
}

fn number(map: &Map<String, Value>, key: &str) -> Option<f64> {
    map.get(key).and_then(Value::as_f64)
}

fn count(map: &Map<String, Value>, key: &str) -> Option<usize> {
    map.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// The type, and whether `null` is allowed too (`["string", "null"]`).
fn ty(map: &Map<String, Value>) -> (&'static str, bool) {
    match map.get("type") {
        Some(Value::String(t)) => (intern(t), false),
        Some(Value::Array(types)) => {
            let null = types.iter().any(|t| t == "null");
            let first = types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null");
            (first.map(intern).unwrap_or(""), null)
        }
        _ => ("", false),
    }
}

/// A pattern for any regex engine: `\d` in the Rust `regex` crate (and in Python) also matches
/// non-ASCII digits, which the server's rules do not accept.
fn pattern(map: &Map<String, Value>) -> Option<String> {
    map.get("pattern")
        .and_then(Value::as_str)
        .map(|p| p.replace("\\d", "[0-9]"))
}

fn object(map: &Map<String, Value>) -> MetaSchema {
    let (ty, null) = ty(map);
    let mut s = MetaSchema::new(ty);
    s.format = text(map, "format");
    s.title = map.get("title").and_then(Value::as_str).map(str::to_owned);
    s.description = text(map, "description");
    s.default = map.get("default").cloned();
    s.example = map.get("example").cloned();
    s.nullable = null || map.get("nullable") == Some(&Value::Bool(true));
    s.deprecated = map.get("deprecated") == Some(&Value::Bool(true));
    s.read_only = map.get("readOnly") == Some(&Value::Bool(true));
    s.write_only = map.get("writeOnly") == Some(&Value::Bool(true));
    shape(map, &mut s);
    bounds(map, &mut s);
    s
}

/// Properties, items, combinations and enumerations.
fn shape(map: &Map<String, Value>, s: &mut MetaSchema) {
    s.required = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).map(intern).collect())
        .unwrap_or_default();
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        s.properties = props.iter().map(|(k, v)| (intern(k), sub(v))).collect();
    }
    s.items = map.get("items").map(|v| Box::new(sub(v)));
    s.additional_properties = map
        .get("additionalProperties")
        .filter(|v| v.is_object())
        .map(|v| Box::new(sub(v)));
    s.enum_items = map
        .get("enum")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    s.one_of = subs(map.get("oneOf"));
    s.any_of = subs(map.get("anyOf"));
    s.all_of = subs(map.get("allOf"));
}

/// A bound in OpenAPI 3.0's form: JSON Schema 2020-12 writes an exclusive bound as a number
/// of its own (`exclusiveMinimum: 0`), OpenAPI 3.0 as a flag beside the bound.
fn limit(map: &Map<String, Value>, key: &str, exclusive: &str) -> (Option<f64>, Option<bool>) {
    match map.get(exclusive) {
        Some(Value::Number(n)) => (n.as_f64(), Some(true)),
        Some(Value::Bool(b)) => (number(map, key), Some(*b)),
        _ => (number(map, key), None),
    }
}

/// Numeric, length and size limits.
fn bounds(map: &Map<String, Value>, s: &mut MetaSchema) {
    s.multiple_of = number(map, "multipleOf");
    (s.maximum, s.exclusive_maximum) = limit(map, "maximum", "exclusiveMaximum");
    (s.minimum, s.exclusive_minimum) = limit(map, "minimum", "exclusiveMinimum");
    s.max_length = count(map, "maxLength");
    s.min_length = count(map, "minLength");
    s.pattern = pattern(map);
    s.max_items = count(map, "maxItems");
    s.min_items = count(map, "minItems");
    s.unique_items = map.get("uniqueItems").and_then(Value::as_bool);
    s.max_properties = count(map, "maxProperties");
    s.min_properties = count(map, "minProperties");
}
