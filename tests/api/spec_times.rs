//! Every time in a response says what it is in the spec: an instant (`at`, `*_at`, a period's
//! `deadline`s) is `format: date-time` and is written in Beijing time with its offset; a day
//! (`*_on`, `*_date`, `as_of`, `date`, `valid_until`, …) is `format: date`.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

/// What the test itself takes a property name to mean (written independently of the server's
/// own rule in `api::spec::times`, so a name that rule misses fails here).
fn expected(name: &str) -> Option<&'static str> {
    let day_names = [
        "as_of",
        "date",
        "valid_until",
        "objection_until",
        "rectify_by",
        "repair_from",
        "effective_from",
        "effective_to",
    ];
    if name == "at" || name.ends_with("_at") || name.ends_with("deadline") {
        Some("date-time")
    } else if name.ends_with("_on") || name.ends_with("_date") || day_names.contains(&name) {
        Some("date")
    } else {
        None
    }
}

/// The formats a property's schema declares: its own, its branches', or its reference's.
fn formats(schema: &Value, schemas: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = schema["format"].as_str() {
        out.push(f.to_owned());
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        out.extend(formats(&schemas[name], schemas));
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            out.extend(formats(part, schemas));
        }
    }
    out
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r.rsplit('/').next().unwrap().to_owned());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The names of the schemas a 2xx response refers to, transitively.
fn response_schemas(spec: &Value) -> Vec<String> {
    let mut queue = Vec::new();
    for ops in spec["paths"].as_object().unwrap().values() {
        for op in ops.as_object().unwrap().values() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    refs(resp, &mut queue);
                }
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = queue.pop() {
        if !seen.contains(&name) {
            refs(&spec["components"]["schemas"][&name], &mut queue);
            seen.push(name);
        }
    }
    seen.sort();
    seen
}

#[tokio::test]
async fn every_time_property_in_a_response_declares_its_format() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let schemas = &spec["components"]["schemas"];
    let mut wrong = Vec::new();
    let mut decimals = Vec::new();
    let mut lists = Vec::new();
    let mut checked = 0;
    for name in response_schemas(&spec) {
        let schema = &schemas[&name];
        for (prop, p) in schema["properties"].as_object().into_iter().flatten() {
            let Some(want) = expected(prop) else {
                continue;
            };
            checked += 1;
            let got = formats(p, schemas);
            // A deadline may be a day or a minute (request bodies): either format is stated.
            if got.iter().any(|f| f == want)
                || (prop.ends_with("deadline") && got.contains(&"date".to_owned()))
            {
                continue;
            }
            if p["type"] == "array" {
                lists.push(format!("{name}.{prop}"));
                continue;
            }
            if p["pattern"]
                .as_str()
                .is_some_and(|s| s.starts_with("^-?[0-9]+"))
            {
                decimals.push(format!("{name}.{prop}"));
                continue;
            }
            wrong.push(format!("{name}.{prop}: wants {want}, declares {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "time properties without their format: {wrong:#?}"
    );
    // The only `_at` that is no time: the satisfaction rubric's score threshold (a file key).
    assert_eq!(decimals, ["SatisfactionSpec.satisfied_at"]);
    // The only `at` that is no time: a rubric's rounding stages (a file key, a list).
    assert_eq!(lists, ["Rounding.at"]);
    assert!(checked > 80, "only {checked} time properties found");
    // The views that had none before: ledger rows, periods, credit records, evaluations.
    for (schema, prop, format) in [
        ("Project", "created_at", "date-time"),
        ("PeriodView", "self_deadline", "date-time"),
        ("CompanyConductRecord", "valid_until", "date"),
        ("Complaint", "due_on", "date"),
        ("Evaluation", "visit_on", "date"),
        ("Metrics", "as_of", "date"),
        ("SurveyRound", "opens_at", "date-time"),
        ("AuditEntry", "at", "date-time"),
        ("HistoryEntry", "at", "date-time"),
        ("Finalized", "at", "date-time"),
    ] {
        let p = &schemas[schema]["properties"][prop];
        assert_eq!(formats(p, schemas), [format], "{schema}.{prop}: {p}");
    }
}

/// A response's instants are Beijing time with the offset, as `date-time` promises (the
/// test client also validates every 2xx body's formats against the spec).
#[tokio::test]
async fn a_created_record_reports_its_instants_in_beijing_time() {
    let app = spawn_app().await;
    let region = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": "濉溪县", "level": "county"}),
        )
        .await;
    let at = region["created_at"].as_str().unwrap();
    assert!(at.ends_with("+08:00"), "{region}");
    assert!(at.parse::<jiff::Timestamp>().is_ok(), "{at}");
}
