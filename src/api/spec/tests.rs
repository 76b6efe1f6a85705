//! The served document's rules, on small hand-written specs.

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
fn request_bodies_are_closed_and_update_bodies_flattened() {
    let body = |media: &str, schema: Value| json!({"requestBody": {"content": {media: {"schema": schema}}}});
    let json = "application/json; charset=utf-8";
    let object = json!({"type": "object", "description": "B", "properties": {"a": {"type": "string"}}, "required": ["a"]});
    let version = json!({"type": "object", "properties": {"version": {"type": "integer"}}, "required": ["version"]});
    let form =
        json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}});
    let spec = json!({
        "paths": {
            "/a": {"post": body(json, json!({"$ref": "#/components/schemas/A"}))},
            "/b": {"post": body(json, json!({"$ref": "#/components/schemas/B"})),
                   "put": body(json, json!({"allOf": [{"$ref": "#/components/schemas/B"}, version]}))},
            "/f": {"post": body("multipart/form-data", form)}
        },
        "components": {"schemas": {
            "A": {"type": "object", "properties": {"l": {"$ref": "#/components/schemas/L"}}},
            "B": object,
            "L": {"type": "object", "properties": {"x": {"type": "string", "format": "date"}, "k": {"oneOf": [
                {"type": "object", "properties": {"code": {"enum": ["a"]}}}
            ]}}},
            "C": {"type": "object", "properties": {"c": {"type": "string"}}}
        }}
    });
    let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
    let schemas = &out["components"]["schemas"];
    for name in ["A", "B", "L"] {
        assert_eq!(schemas[name]["additionalProperties"], false, "{name}");
    }
    assert!(
        schemas["C"].get("additionalProperties").is_none(),
        "not a body"
    );
    let pair = &schemas["L"]["properties"]["k"]["oneOf"][0];
    assert_eq!(
        pair["additionalProperties"], false,
        "objects inside are closed"
    );
    let put = &out["paths"]["/b"]["put"]["requestBody"]["content"][json]["schema"];
    assert!(put.get("allOf").is_none(), "{put}");
    assert_eq!(put["additionalProperties"], false);
    assert_eq!(put["required"], json!(["a", "version"]));
    assert_eq!(put["description"], "B");
    assert_eq!(put["properties"]["a"]["pattern"], super::bodies::NO_NUL);
    assert!(
        schemas["L"]["properties"]["x"].get("pattern").is_none(),
        "a date excludes NUL"
    );
    assert!(schemas["C"]["properties"]["c"].get("pattern").is_none());
    let form =
        &out["paths"]["/f"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(form["additionalProperties"], false);
}

#[test]
fn the_idempotency_key_header_states_its_rule() {
    let spec = json!({"paths": {"/r": {"post": {"parameters": [
        {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
    ]}}}});
    let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
    let pattern = out["paths"]["/r"]["post"]["parameters"][0]["schema"]["pattern"].clone();
    let schema = json!({"type": "string", "pattern": pattern});
    let re = jsonschema::validator_for(&schema).unwrap();
    assert!(re.is_valid(&json!("abc-123_XYZ")));
    for bad in [String::new(), "a b".into(), "k".repeat(201)] {
        assert!(!re.is_valid(&json!(bad)), "{bad}");
    }
}

/// Times in the schemas a 2xx response reaches get their format by the naming convention;
/// a request-only schema, a decimal with its own pattern and a non-time name are left alone.
#[test]
fn response_times_declare_their_format() {
    let spec = json!({
        "paths": {"/a": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}
        }}},
        "components": {"schemas": {
            "In": {"type": "object", "properties": {"created_at": {"type": "string"}}},
            "Out": {"type": "object", "properties": {
                "created_at": {"type": "string"},
                "visit_on": {"type": "string", "nullable": true},
                "as_of": {"anyOf": [{"type": "string"}, {"enum": [null], "nullable": true}]},
                "satisfied_at": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}},
                "uploaded_by": {"type": "string"}
            }},
            "Line": {"type": "object", "properties": {"self_deadline": {"type": "string"}}}
        }}
    });
    let out: Value = serde_json::from_str(&super::document(&spec.to_string())).unwrap();
    let s = &out["components"]["schemas"];
    let o = &s["Out"]["properties"];
    assert_eq!(o["created_at"]["format"], "date-time");
    assert_eq!(o["visit_on"]["format"], "date");
    assert_eq!(o["as_of"]["anyOf"][0]["format"], "date");
    assert!(o["as_of"]["anyOf"][1].get("format").is_none());
    assert!(o["satisfied_at"].get("format").is_none());
    assert!(o["uploaded_by"].get("format").is_none());
    assert_eq!(
        s["Line"]["properties"]["self_deadline"]["format"],
        "date-time"
    );
    assert!(s["In"]["properties"]["created_at"].get("format").is_none());
}
