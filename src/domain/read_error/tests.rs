//! Tests of [`super`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Body {
    name: String,
    count: u32,
    #[serde(default)]
    items: BTreeMap<String, Entry>,
    #[serde(default)]
    kind: Option<Kind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Entry {
    input: Input,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum Input {
    Points(rust_decimal::Decimal),
    NotDone,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Town,
    Department,
}

fn error(value: serde_json::Value) -> FieldError {
    let e = serde_path_to_error::deserialize::<_, Body>(value).unwrap_err();
    field_error("", &e.path().to_string(), &e.inner().to_string())
}

fn assert_chinese(e: &FieldError) {
    for raw in [
        "missing field `",
        "invalid type: ",
        "expected a",
        "unknown variant `",
    ] {
        assert!(!e.message.contains(raw), "{e}");
    }
    assert!(!e.message.is_ascii(), "{e}");
}

#[test]
fn a_missing_field_is_named_by_its_own_path() {
    let e = error(json!({"name": "a"}));
    assert_eq!(e.field, "count");
    assert_chinese(&e);
    let e = error(json!({"name": "a", "count": 1, "items": {"2.2": {"input": "not_done"}}}));
    assert_eq!(e.field, "items.2.2.reason");
    assert!(e.message.contains("reason"), "{e}");
}

#[test]
fn wrong_types_say_what_was_expected() {
    let e = error(json!({"name": 5, "count": 1}));
    assert_eq!(e.field, "name");
    assert!(
        e.message.contains("应为字符串") && e.message.contains("整数 5"),
        "{e}"
    );
    assert_chinese(&e);
    let e = error(json!({"name": "a", "count": "x"}));
    assert!(e.message.contains("应为整数"), "{e}");
    let e =
        error(json!({"name": "a", "count": 1, "items": {"1": {"input": "points", "reason": "r"}}}));
    assert_eq!(e.field, "items.1.input.points");
    assert!(e.message.contains("带取值的对象"), "{e}");
    assert_chinese(&e);
}

#[test]
fn integers_out_of_range_name_the_range() {
    let e = error(json!({"name": "a", "count": 4294967296u64}));
    assert!(e.message.contains("0 到 4294967295"), "{e}");
    let e = error(json!({"name": "a", "count": -1}));
    assert!(e.message.contains("超出范围"), "{e}");
}

#[test]
fn unknown_fields_and_variants_list_the_allowed_ones() {
    let e = error(json!({"name": "a", "count": 1, "rank": 2}));
    assert_eq!(e.field, "rank");
    assert!(
        e.message.contains("rank") && e.message.contains("name、count"),
        "{e}"
    );
    assert_chinese(&e);
    let e = error(json!({"name": "a", "count": 1, "kind": "village"}));
    assert_eq!(e.field, "kind");
    assert!(e.message.contains("town、department"), "{e}");
    assert_chinese(&e);
}

#[test]
fn the_root_and_a_prefix_are_named() {
    let e = error(json!(5));
    assert_eq!(e.field, "body");
    assert_eq!(
        field_error("input", ".", "missing field `x`").field,
        "input.x"
    );
    assert_eq!(
        field_error("", "adjustments[0]", "missing field `points`").field,
        "adjustments[0].points"
    );
    assert_eq!(field_error("p", "[1].x", "boom").field, "p[1].x");
}
