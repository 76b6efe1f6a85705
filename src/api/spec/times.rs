//! Times in responses say what they are. The views follow one naming convention, and the
//! spec states it on every response property that follows it: a name ending in `_at` or just
//! `at` (an audit entry's or a history entry's moment), and a period's `deadline`s, is an instant, written in Beijing time with its offset
//! (`2023-06-30T23:59:59+08:00`, `format: date-time`); a name ending in `_on` or `_date`,
//! `as_of`, `date`, or a day-bound (`valid_until`, `objection_until`, `rectify_by`,
//! `repair_from`, `effective_from`, `effective_to`) is a calendar day (`2023-06-30`,
//! `format: date`). Only plain strings are marked: a property with its own format, pattern or
//! enumeration (the satisfaction rubric's `satisfied_at`, a score threshold) says what it is
//! already. The integration tests' client validates every 2xx body with formats checked
//! (`tests/api/contract.rs`), so a property the convention misnames fails the test that reads it.

use serde_json::{Map, Value};

use super::bodies::{collect_refs, with_nested};

/// Day-valued names that the suffix rules do not catch.
const DAY_NAMES: &[&str] = &[
    "as_of",
    "date",
    "valid_until",
    "objection_until",
    "rectify_by",
    "repair_from",
    "effective_from",
    "effective_to",
];

/// The format the convention gives a property `name`, if it names a time.
pub fn time_format(name: &str) -> Option<&'static str> {
    if name == "at" || name.ends_with("_at") || name.ends_with("deadline") {
        Some("date-time")
    } else if name.ends_with("_on") || name.ends_with("_date") || DAY_NAMES.contains(&name) {
        Some("date")
    } else {
        None
    }
}

/// Marks the time properties of every schema a 2xx response refers to (transitively).
pub fn declare(doc: &mut Value) {
    let mut named = Vec::new();
    for op in operations(doc) {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            continue;
        };
        for (status, resp) in responses {
            if status.starts_with('2') {
                collect_refs(resp, &mut named);
            }
        }
    }
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for name in with_nested(named, schemas) {
        if let Some(schema) = schemas.get_mut(&name) {
            mark(schema);
        }
    }
}

fn operations(doc: &Value) -> Vec<&Value> {
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|ops| ops.values())
        .collect()
}

/// [`time_format`] on the properties of `schema` and of every object inside it.
fn mark(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if let Some(format) = time_format(name) {
                        set_format(prop, format);
                    }
                }
            }
            map.values_mut().for_each(mark);
        }
        Value::Array(items) => items.iter_mut().for_each(mark),
        _ => {}
    }
}

/// Sets `format` on a plain string schema, or on the string branch of a nullable one.
fn set_format(prop: &mut Value, format: &str) {
    let Some(map) = prop.as_object_mut() else {
        return;
    };
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(parts)) = map.get_mut(key) {
            parts.iter_mut().for_each(|p| set_format(p, format));
            return;
        }
    }
    if is_plain_string(map) {
        map.insert("format".into(), Value::from(format));
    }
}

fn is_plain_string(map: &Map<String, Value>) -> bool {
    map.get("type").and_then(Value::as_str) == Some("string")
        && !["format", "pattern", "enum", "const"]
            .iter()
            .any(|k| map.contains_key(*k))
}
