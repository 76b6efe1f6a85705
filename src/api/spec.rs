//! The served `/openapi.json`: poem-openapi's document plus the rules the edge enforces on
//! every request, stated once here for every parameter they apply to — a path or query text
//! with a control character is refused ([`super::edge`]), so every string path and query
//! parameter declares the pattern that excludes them; and every JSON request body refuses a
//! field it does not declare (`#[serde(deny_unknown_fields)]`), so each body's object schema
//! says `additionalProperties: false`.

use serde_json::Value;

/// Text without control characters (U+0000–U+001F, U+007F–U+009F), as the edge requires of a
/// path and a query.
pub const NO_CONTROL: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*$";

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
    closed_bodies(&mut doc);
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

/// Marks the object schema of every JSON request body `additionalProperties: false`. A schema
/// that an update body extends (`allOf` with `version`) is left open: closing it would refuse
/// the `version` its extension adds; the server still refuses any other field.
fn closed_bodies(doc: &mut Value) {
    let refs = |v: &Value| -> Vec<String> {
        let mut out = Vec::new();
        collect_refs(v, &mut out);
        out
    };
    let bodies: Vec<String> = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|ops| ops.values())
        .filter_map(|op| op.pointer("/requestBody/content"))
        .filter_map(Value::as_object)
        .flat_map(|content| content.iter())
        .filter(|(media, _)| media.contains("json"))
        .filter_map(|(_, c)| c["schema"]["$ref"].as_str().map(str::to_owned))
        .collect();
    let extended: Vec<String> = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|ops| ops.values())
        .filter_map(|op| op.pointer("/requestBody/content"))
        .filter_map(Value::as_object)
        .flat_map(|content| content.values())
        .filter_map(|c| c["schema"].get("allOf"))
        .flat_map(refs)
        .collect();
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let bodies = with_nested(bodies, schemas);
    for r in bodies.iter().filter(|r| !extended.contains(r)) {
        let name = r.rsplit('/').next().unwrap_or_default();
        let Some(schema) = schemas.get_mut(name).and_then(Value::as_object_mut) else {
            continue;
        };
        let object = schema.get("type").and_then(Value::as_str) == Some("object");
        if object && schema.contains_key("properties") {
            schema
                .entry("additionalProperties")
                .or_insert(Value::Bool(false));
        }
    }
}

/// `bodies` and every schema they refer to, transitively: the nested objects of a body (its
/// lines, its items) are read as strictly as the body itself.
fn with_nested(mut bodies: Vec<String>, schemas: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut i = 0;
    while i < bodies.len() {
        let name = bodies[i].rsplit('/').next().unwrap_or_default();
        let mut found = Vec::new();
        if let Some(schema) = schemas.get(name) {
            collect_refs(schema, &mut found);
        }
        for r in found {
            if !bodies.contains(&r) {
                bodies.push(r);
            }
        }
        i += 1;
    }
    bodies
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
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

fn state_edge_rules(param: &mut Value) {
    let place = param.get("in").and_then(Value::as_str).unwrap_or_default();
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
mod tests {
    use serde_json::{Value, json};

    #[test]
    fn string_parameters_declare_the_edge_rule() {
        let spec = json!({"paths": {"/a/{id}": {"get": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "string"}},
            {"name": "page", "in": "query", "schema": {"type": "integer"}},
            {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "version", "in": "path", "schema": {"type": "integer", "format": "uint32"}}
        ]}}}});
        let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
        let params = &out["paths"]["/a/{id}"]["get"]["parameters"];
        assert_eq!(params[0]["schema"]["pattern"], super::NO_CONTROL);
        assert!(params[1]["schema"].get("pattern").is_none());
        assert!(params[2]["schema"].get("pattern").is_none());
        assert_eq!(params[3]["schema"]["maximum"], u32::MAX);
        assert_eq!(params[3]["schema"]["minimum"], 0);
    }

    #[test]
    fn body_integers_declare_their_formats_range() {
        let spec = json!({"paths": {}, "components": {"schemas": {"L": {"type": "object", "properties": {
            "finding": {"type": "integer", "format": "uint32", "maximum": 499},
            "counts": {"type": "array", "items": {"type": "integer", "format": "uint8"}}
        }}}}});
        let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
        let l = &out["components"]["schemas"]["L"]["properties"];
        assert_eq!(
            (
                l["finding"]["minimum"].clone(),
                l["finding"]["maximum"].clone()
            ),
            (json!(0), json!(499))
        );
        assert_eq!(l["counts"]["items"]["maximum"], 255);
    }

    #[test]
    fn request_bodies_refuse_undeclared_fields_but_extended_ones_stay_open() {
        let body = |schema: Value| json!({"requestBody": {"content": {"application/json; charset=utf-8": {"schema": schema}}}});
        let object = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let spec = json!({
            "paths": {
                "/a": {"post": body(json!({"$ref": "#/components/schemas/A"}))},
                "/b": {"post": body(json!({"$ref": "#/components/schemas/B"})),
                       "put": body(json!({"allOf": [{"$ref": "#/components/schemas/B"}, {}]}))}
            },
            "components": {"schemas": {"A": object.clone(), "B": object, "C": {"type": "object", "properties": {}}}}
        });
        let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
        let schemas = &out["components"]["schemas"];
        assert_eq!(schemas["A"]["additionalProperties"], false);
        assert!(schemas["B"].get("additionalProperties").is_none());
        assert!(schemas["C"].get("additionalProperties").is_none());
    }
}
