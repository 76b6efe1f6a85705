//! The conversion keeps what a client needs: references, required fields, nullability,
//! tagged variants and limits.

use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use schemars::JsonSchema;
use serde::Serialize;

use super::Typed;

/// A shape with the serde attributes the views use.
#[derive(Serialize, JsonSchema)]
struct Probe {
    /// Always there.
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    maybe: Option<u32>,
    kind: ProbeKind,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ProbeKind {
    Points { points: u8 },
    NotDone,
}

#[test]
fn a_struct_becomes_a_reference_to_a_registered_object() {
    let mut registry = Registry::new();
    <Typed<Probe>>::register(&mut registry);
    assert_eq!(
        <Typed<Probe>>::schema_ref(),
        MetaSchemaRef::Reference("Probe".into())
    );
    let probe = &registry.schemas["Probe"];
    assert_eq!(probe.ty, "object");
    // `note` may be left out; `maybe` is always written, possibly as null.
    assert_eq!(probe.required, vec!["name", "maybe", "kind"]);
    let maybe = probe.properties.iter().find(|(k, _)| *k == "maybe");
    let Some((_, MetaSchemaRef::Inline(maybe))) = maybe else {
        panic!("maybe is inline")
    };
    assert!(maybe.nullable);
    assert_eq!(maybe.minimum, Some(0.0));
    let kind = &registry.schemas["ProbeKind"];
    assert_eq!(kind.one_of.len(), 2, "one schema per variant");
}

#[test]
fn the_body_is_the_serde_shape() {
    let probe = Probe {
        name: "甲".into(),
        note: None,
        maybe: None,
        kind: ProbeKind::Points { points: 3 },
    };
    let json = poem_openapi::types::ToJSON::to_json(&Typed(probe));
    assert_eq!(
        json,
        Some(serde_json::json!({"name": "甲", "maybe": null, "kind": {"points": {"points": 3}}}))
    );
    let other = serde_json::to_value(ProbeKind::NotDone).ok();
    assert_eq!(other, Some(serde_json::json!("not_done")));
}

#[test]
fn patterns_name_ascii_digits() {
    let schema = schemars::json_schema!({"type": "string", "pattern": "^\\d+$"});
    assert_eq!(
        super::convert::schema(&schema).pattern.as_deref(),
        Some("^[0-9]+$")
    );
}
