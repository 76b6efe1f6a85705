//! Request bodies as strictly as the server reads them: every JSON body refuses a field it
//! does not declare (`#[serde(deny_unknown_fields)]`), and so does every multipart form (an
//! unknown form field is a 422); an update body that poem-openapi writes as `allOf: [the
//! create body, {version}]` is flattened into one object, so it can be closed too (closing the
//! create body inside an `allOf` would refuse the `version` its extension adds); and no string
//! anywhere in a JSON body may hold a NUL ([`crate::api::body`] refuses it before any field is
//! read), so a string without a narrower rule says so.

use serde_json::{Map, Value};

/// A string without U+0000, as every JSON body's strings must be.
pub const NO_NUL: &str = "^[^\\x00]*$";

/// Flattens `allOf` bodies, then closes every body schema and the schemas it refers to, and
/// states the NUL rule on their strings.
pub fn close(doc: &mut Value) {
    let Some(mut schemas) = doc
        .pointer_mut("/components/schemas")
        .map(Value::take)
        .and_then(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        })
    else {
        return;
    };
    let mut named = Vec::new();
    for (media, content) in body_contents(doc) {
        let json = media.contains("json");
        let Some(schema) = content.get_mut("schema") else {
            continue;
        };
        if let Some(flat) = flattened(schema, &schemas) {
            *schema = flat;
        }
        if json {
            close_all(schema);
            no_nul(schema);
        } else if media.starts_with("multipart/") {
            close_object(schema);
        }
        collect_refs(schema, &mut named);
    }
    for name in with_nested(named, &schemas) {
        if let Some(schema) = schemas.get_mut(&name) {
            close_all(schema);
            no_nul(schema);
        }
    }
    if let Some(components) = doc.pointer_mut("/components") {
        components["schemas"] = Value::Object(schemas);
    }
}

/// Every request body's `(media type, content)`.
fn body_contents(doc: &mut Value) -> Vec<(String, &mut Value)> {
    doc["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|ops| ops.values_mut())
        .filter_map(|op| op.pointer_mut("/requestBody/content"))
        .filter_map(Value::as_object_mut)
        .flat_map(|content| content.iter_mut())
        .map(|(media, c)| (media.clone(), c))
        .collect()
}

/// `allOf: [{$ref: X}, {properties: {version}, required: [version]}]` as one object with X's
/// and the extension's properties and required fields; `None` when a part is not a plain
/// object (then the body stays as it is).
fn flattened(schema: &Value, schemas: &Map<String, Value>) -> Option<Value> {
    let parts = schema.get("allOf")?.as_array()?;
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut description = None;
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(r) => schemas.get(r.rsplit('/').next()?)?,
            None => part,
        };
        if part.get("type").and_then(Value::as_str) != Some("object") {
            return None;
        }
        properties.extend(part.get("properties")?.as_object()?.clone());
        for r in part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
        description = description.or_else(|| part.get("description").cloned());
    }
    let mut flat = Map::new();
    flat.insert("type".into(), "object".into());
    if let Some(d) = description {
        flat.insert("description".into(), d);
    }
    flat.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        flat.insert("required".into(), Value::Array(required));
    }
    Some(Value::Object(flat))
}

/// `additionalProperties: false` on an object schema with declared properties.
fn close_object(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let object = map.get("type").and_then(Value::as_str) == Some("object");
    if object && map.contains_key("properties") {
        map.entry("additionalProperties")
            .or_insert(Value::Bool(false));
    }
}

/// [`close_object`] on `schema` and every object inside it (a labelled value's `{code,
/// label}`, an input variant's one-key object): the readers refuse other keys there too.
fn close_all(schema: &mut Value) {
    close_object(schema);
    match schema {
        Value::Object(map) => map.values_mut().for_each(close_all),
        Value::Array(items) => items.iter_mut().for_each(close_all),
        _ => {}
    }
}

/// States the NUL rule on every string in `schema` that has no pattern, enumeration or format
/// of its own (those exclude a NUL already).
fn no_nul(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let free = map.get("type").and_then(Value::as_str) == Some("string")
                && !["pattern", "enum", "format", "const"]
                    .iter()
                    .any(|k| map.contains_key(*k));
            if free {
                map.insert("pattern".into(), NO_NUL.into());
            }
            map.values_mut().for_each(no_nul);
        }
        Value::Array(items) => items.iter_mut().for_each(no_nul),
        _ => {}
    }
}

/// The schema names in `named` and every schema they refer to, transitively: the nested
/// objects of a body (its lines, its items) are read as strictly as the body itself.
pub(super) fn with_nested(named: Vec<String>, schemas: &Map<String, Value>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut queue = named;
    while let Some(r) = queue.pop() {
        let name = r.rsplit('/').next().unwrap_or_default().to_owned();
        if names.contains(&name) {
            continue;
        }
        if let Some(schema) = schemas.get(&name) {
            collect_refs(schema, &mut queue);
        }
        names.push(name);
    }
    names
}

pub(super) fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
