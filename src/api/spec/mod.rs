//! The served `/openapi.json`: poem-openapi's document plus the rules the edge enforces on
//! every request, stated once here for every parameter they apply to — a path or query text
//! with a control character is refused ([`super::edge`]), so every string path and query
//! parameter declares the pattern that excludes them; a header the service reads declares its
//! rule ([`HEADER_RULES`]); request bodies are closed and NUL-free ([`bodies`]); and the
//! times in responses declare their format ([`times`]).

mod bodies;
pub mod times;

use serde_json::Value;

/// Text without control characters (U+0000–U+001F, U+007F–U+009F), as the edge requires of a
/// path and a query.
pub const NO_CONTROL: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*$";

/// Header parameters' rules, by name: `Idempotency-Key` is 1–200 visible ASCII characters
/// (checked by `service::survey::submit`; a header cannot carry a schema of its own in
/// poem-openapi without a second, English-only refusal).
pub const HEADER_RULES: &[(&str, &str)] = &[("Idempotency-Key", "^[\\x21-\\x7e]{1,200}$")];

/// The document to serve for `spec` (poem-openapi's JSON).
pub fn document(spec: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(spec) else {
        return spec.to_owned();
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        let params = paths
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|ops| ops.values_mut())
            .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
            .flatten();
        for param in params {
            state_edge_rules(param);
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        bound_integers(schemas);
    }
    // Before the bodies are closed: their NUL pattern would hide which strings are plain.
    times::declare(&mut doc);
    bodies::close(&mut doc);
    serde_json::to_string(&doc).unwrap_or_else(|_| spec.to_owned())
}

/// Every integer in the schemas (body fields, list items) declares its format's range, as
/// parameters do: the reader refuses a number outside it (`-1` for a `uint32` count).
fn bound_integers(value: &mut Value) {
    match value {
        Value::Object(map) => {
            bound_by_format(map);
            map.values_mut().for_each(bound_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

/// An integer parameter's range as its format holds it (`uint32`: 0–4294967295), where no
/// narrower rule is declared: a larger number is refused (400) by the reader, so the spec says so.
fn bound_by_format(schema: &mut serde_json::Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let range: Option<(i64, i64)> = match schema.get("format").and_then(Value::as_str) {
        Some("int8") => Some((i8::MIN.into(), i8::MAX.into())),
        Some("int16") => Some((i16::MIN.into(), i16::MAX.into())),
        Some("int32") => Some((i32::MIN.into(), i32::MAX.into())),
        Some("uint8") => Some((0, u8::MAX.into())),
        Some("uint16") => Some((0, u16::MAX.into())),
        Some("uint32") => Some((0, u32::MAX.into())),
        _ => None,
    };
    if let Some((min, max)) = range {
        schema.entry("minimum").or_insert(Value::from(min));
        schema.entry("maximum").or_insert(Value::from(max));
    }
}

fn state_edge_rules(param: &mut Value) {
    let place = param.get("in").and_then(Value::as_str).unwrap_or_default();
    let name = param
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let rule = HEADER_RULES
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(name));
    if let (Some((_, pattern)), "header") = (rule, place) {
        if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) {
            schema.insert("pattern".into(), Value::from(*pattern));
        }
        return;
    }
    if place != "path" && place != "query" {
        return;
    }
    let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
        return;
    };
    bound_by_format(schema);
    let is_text = schema.get("type").and_then(Value::as_str) == Some("string");
    let free = !schema.contains_key("pattern")
        && !schema.contains_key("enum")
        && !schema.contains_key("format");
    if is_text && free {
        schema.insert("pattern".into(), Value::from(NO_CONTROL));
    }
}

#[cfg(test)]
mod tests;
