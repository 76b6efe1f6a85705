//! The served `/openapi.json`: poem-openapi's document plus the rules the edge enforces on
//! every request, stated once here for every parameter they apply to — a path or query text
//! with a control character is refused ([`super::edge`]), so every string path and query
//! parameter declares the pattern that excludes them.

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
    serde_json::to_string(&doc).unwrap_or_else(|_| spec.to_owned())
}

fn state_edge_rules(param: &mut Value) {
    let place = param.get("in").and_then(Value::as_str).unwrap_or_default();
    if place != "path" && place != "query" {
        return;
    }
    let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
        return;
    };
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
            {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}}
        ]}}}});
        let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
        let params = &out["paths"]["/a/{id}"]["get"]["parameters"];
        assert_eq!(params[0]["schema"]["pattern"], super::NO_CONTROL);
        assert!(params[1]["schema"].get("pattern").is_none());
        assert!(params[2]["schema"].get("pattern").is_none());
    }
}
