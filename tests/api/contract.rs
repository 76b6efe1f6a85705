//! The contract: every operation declares a schema for its request body and its 2xx
//! responses, and every 2xx JSON body the test client receives matches its operation's
//! schema in `/openapi.json` (checked by [`check_response`], called by the client helpers in
//! `helpers.rs`), so a view that drifts from its schema fails the test that fetched it.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::helpers::spawn_app;

/// One operation's 2xx JSON schema, compiled.
struct Operation {
    method: String,
    segments: Vec<String>,
    status: String,
    validator: jsonschema::Validator,
}

static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();

/// OpenAPI 3.0's `nullable: true` as JSON Schema (draft 4) says it: the schema or null.
fn nullable_as_json_schema(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                nullable_as_json_schema(v);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                let inner = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_as_json_schema),
        _ => {}
    }
}

fn compile(spec: &Value) -> Vec<Operation> {
    let mut components = spec["components"].clone();
    nullable_as_json_schema(&mut components);
    let mut out = Vec::new();
    for (path, ops) in spec["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            for (status, resp) in op["responses"].as_object().expect("responses") {
                let Some(schema) = resp["content"]["application/json; charset=utf-8"]
                    .get("schema")
                    .or_else(|| resp["content"]["application/json"].get("schema"))
                else {
                    continue;
                };
                if !status.starts_with('2') {
                    continue;
                }
                let mut schema = schema.clone();
                nullable_as_json_schema(&mut schema);
                let root = json!({"allOf": [schema], "components": components});
                let validator = jsonschema::draft4::options()
                    .should_validate_formats(true)
                    .build(&root)
                    .unwrap_or_else(|e| panic!("{method} {path}: schema does not compile: {e}"));
                out.push(Operation {
                    method: method.to_uppercase(),
                    segments: path.split('/').map(str::to_owned).collect(),
                    status: status.clone(),
                    validator,
                });
            }
        }
    }
    out
}

/// The spec's operations, compiled once for every test (the spec is the same for every app).
fn operations(spec: impl FnOnce() -> String) -> &'static [Operation] {
    OPERATIONS.get_or_init(|| compile(&serde_json::from_str(&spec()).expect("spec is JSON")))
}

/// The operation whose path template matches `path` best (most literal segments).
fn find<'a>(ops: &'a [Operation], method: &str, path: &str, status: u16) -> Option<&'a Operation> {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    ops.iter()
        .filter(|o| o.method == method && o.status == status.to_string())
        .filter(|o| o.segments.len() == segments.len())
        .filter(|o| {
            o.segments
                .iter()
                .zip(&segments)
                .all(|(t, s)| t.starts_with('{') || t == s)
        })
        .max_by_key(|o| o.segments.iter().filter(|t| !t.starts_with('{')).count())
}

/// Panics unless a 2xx JSON `body` matches the schema of `method path` in the spec.
pub fn check_response(
    spec: impl FnOnce() -> String,
    method: &str,
    path: &str,
    status: u16,
    body: &[u8],
) {
    if !(200..300).contains(&status) {
        return;
    }
    let ops = operations(spec);
    let Some(op) = find(ops, method, path, status) else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        panic!("{method} {path}: the 2xx body is not JSON");
    };
    let errors: Vec<String> = op
        .validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path}: the body breaks its schema:\n{}\nbody: {value}",
        errors.join("\n")
    );
}

/// Whether `schema` says something: a reference, a type, or a combination; an object needs
/// properties or declared additional properties. `{}` (any JSON) says nothing.
fn is_real(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let has = |k: &str| map.contains_key(k);
    if has("$ref") || has("oneOf") || has("anyOf") || has("allOf") {
        return true;
    }
    match map.get("type").and_then(Value::as_str) {
        Some("object") => has("properties") || has("additionalProperties"),
        Some("array") => map.get("items").is_some_and(is_real),
        Some(_) => true,
        None => false,
    }
}

fn content_schemas(content: &Map<String, Value>) -> Vec<&Value> {
    content.values().map(|c| &c["schema"]).collect()
}

#[tokio::test]
async fn every_operation_declares_its_request_and_2xx_schemas() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let mut missing = Vec::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let name = format!("{method} {path}");
            if let Some(body) = op.get("requestBody") {
                let content = body["content"].as_object().cloned().unwrap_or_default();
                if content.is_empty() || !content_schemas(&content).into_iter().all(is_real) {
                    missing.push(format!("{name}: request body"));
                }
            }
            for (status, resp) in op["responses"].as_object().unwrap() {
                if !status.starts_with('2') {
                    continue;
                }
                let content = resp["content"].as_object().cloned().unwrap_or_default();
                if content.is_empty() || !content_schemas(&content).into_iter().all(is_real) {
                    missing.push(format!("{name}: {status} response"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "untyped: {missing:#?}");
}

#[test]
fn an_untyped_schema_is_told_from_a_typed_one() {
    assert!(!is_real(&json!({})));
    assert!(!is_real(&json!({"type": "object"})));
    assert!(!is_real(&json!({"type": "array", "items": {}})));
    assert!(is_real(&json!({"$ref": "#/components/schemas/PeriodView"})));
    assert!(is_real(
        &json!({"type": "array", "items": {"type": "string"}})
    ));
    assert!(is_real(
        &json!({"type": "object", "additionalProperties": {"type": "integer"}})
    ));
}

#[test]
fn a_body_that_breaks_its_schema_fails_the_check() {
    let spec = json!({
        "openapi": "3.0.0",
        "paths": {"/x/{id}": {"get": {"responses": {"200": {"content": {"application/json; charset=utf-8": {
            "schema": {"$ref": "#/components/schemas/X"}}}}}}}},
        "components": {"schemas": {"X": {"type": "object", "required": ["n"],
            "properties": {"n": {"type": "integer"}, "s": {"type": "string", "nullable": true}}}}}
    });
    let ops = compile(&spec);
    let op = find(&ops, "GET", "/x/7?q=1", 200).expect("template matches");
    assert!(op.validator.is_valid(&json!({"n": 1, "s": null})));
    assert!(!op.validator.is_valid(&json!({"n": "1"})));
    assert!(!op.validator.is_valid(&json!({"s": "a"})));
}

#[tokio::test]
#[should_panic(expected = "breaks its schema")]
async fn the_real_spec_refuses_a_view_missing_its_fields() {
    let app = spawn_app().await;
    let spec = || kaoping::api::spec::document(&kaoping::api::openapi(&app.state).spec());
    check_response(spec, "GET", "/api/v1/periods/p1", 200, br#"{"id": "p1"}"#);
}

/// The rules the server enforces are stated in the spec: a name is non-blank, bounded and free
/// of control characters; a create body declares no `version` and the update body requires it;
/// a page starts at 1; a day is `format: date`; a path id excludes control characters; an
/// enumeration answers `{code, label}`.
#[tokio::test]
async fn the_spec_states_the_rules_the_server_enforces() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let schemas = &spec["components"]["schemas"];
    let name = &schemas["CreatePeriod"]["properties"]["name"];
    assert_eq!(name["minLength"], 1, "{name}");
    assert_eq!(name["maxLength"], 100, "{name}");
    assert!(name["pattern"].as_str().unwrap().contains("\\x00-\\x1f"));
    let unit = &schemas["UnitBody"];
    assert!(unit["properties"].get("version").is_none(), "{unit}");
    let update = &spec["paths"]["/api/v1/units/{id}"]["put"]["requestBody"]["content"]["application/json; charset=utf-8"]
        ["schema"];
    // The update body is the create body's fields plus `version`, in one closed object.
    assert_eq!(
        update["required"],
        json!(["name", "unit_type", "version"]),
        "{update}"
    );
    assert_eq!(update["additionalProperties"], false, "{update}");
    assert!(update.get("allOf").is_none(), "{update}");
    let list = spec["paths"]["/api/v1/units"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let page = list.iter().find(|p| p["name"] == "page").unwrap();
    assert_eq!(page["schema"]["minimum"], 1.0, "{page}");
    let day = &schemas["NewSupervision"]["properties"]["assigned_on"];
    assert_eq!(day["format"], "date", "{day}");
    let get = &spec["paths"]["/api/v1/periods/{period_id}"]["get"]["parameters"][0];
    assert_eq!(get["schema"]["pattern"], kaoping::api::spec::NO_CONTROL);
    let status = &schemas["SelfStatus"]["oneOf"][0]["properties"];
    assert_eq!(status["code"]["enum"], json!(["draft"]), "{status}");
    assert_eq!(status["label"]["enum"], json!(["草稿"]));
}
