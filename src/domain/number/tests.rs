//! Tests of [`super`].

use super::*;
use serde_json::json;

#[test]
fn exact_values_within_bounds_are_read_and_normalised() {
    assert_eq!(
        decimal("a", "12345.670", FLOOR_AREA).unwrap().to_string(),
        "12345.67"
    );
    assert_eq!(decimal("a", " 0.5 ", POINTS).unwrap(), dec!(0.5));
    assert_eq!(decimal("a", "-0", POINTS).unwrap(), Decimal::ZERO);
    assert_eq!(decimal("a", ".5", POINTS).unwrap(), dec!(0.5));
    assert_eq!(decimal("a", "100", INDEX).unwrap(), dec!(100));
    assert_eq!(decimal("a", "0.000001", MEASURED).unwrap(), dec!(0.000001));
}

#[test]
fn digits_beyond_the_declared_places_are_refused_not_rounded() {
    for (text, bounds) in [
        ("3.50000000000000000000000000001", POINTS),
        ("1.000000000000000000000000000001", FLOOR_AREA),
        ("1.234", FLOOR_AREA),
        ("0.12345", FEE_STANDARD),
    ] {
        let e = decimal("floor_area", text, bounds).unwrap_err();
        assert_eq!(e.field, "floor_area");
        assert!(e.message.contains("位小数"), "{text}: {}", e.message);
    }
}

#[test]
fn out_of_range_and_unstorable_values_are_refused() {
    let e = decimal("rate", "79228162514264337593543950335", MEASURED).unwrap_err();
    assert!(e.message.contains("超出范围"), "{}", e.message);
    let wide = Bounds {
        min: Decimal::MIN,
        max: Decimal::MAX,
        places: 28,
    };
    let e = decimal("x", "792281625142643375935439503350", wide).unwrap_err();
    assert!(e.message.contains("有效数字"), "{}", e.message);
    let e = decimal("x", "79228162514264337593543950336", wide).unwrap_err();
    assert!(e.message.contains("精确保存"), "{}", e.message);
    assert!(decimal("x", "-1", POINTS).is_err());
    assert!(decimal("x", "1000.0001", POINTS).is_err());
}

#[test]
fn only_plain_decimal_numerals_are_numbers() {
    for text in [
        "", ".", "-", "1e3", "1,000", "0x10", "1.2.3", "三", "1 000", "NaN",
    ] {
        assert!(
            decimal("x", text, POINTS)
                .unwrap_err()
                .message
                .contains("不是数字"),
            "{text}"
        );
    }
}

#[test]
fn json_numbers_are_read_as_written() {
    let n = |v: Value| match v {
        Value::Number(n) => json_number_text(&n),
        _ => unreachable!(),
    };
    assert_eq!(n(json!(3.5)), "3.5");
    assert_eq!(n(json!(1e3)), "1000");
    assert_eq!(n(json!(0.1)), "0.1");
    assert_eq!(n(json!(18446744073709551615u64)), "18446744073709551615");
}

#[test]
fn item_inputs_are_checked_by_their_method_key() {
    let e = check_item_input(
        "items.2.2.input",
        &json!({"points": "3.50000000000000000000000000001"}),
    )
    .unwrap_err();
    assert_eq!(e.field, "items.2.2.input.points");
    let e = check_item_input(
        "input",
        &json!({"measured": "79228162514264337593543950335"}),
    )
    .unwrap_err();
    assert_eq!(e.field, "input.measured");
    assert!(check_item_input("i", &json!({"measured": 0.92})).is_ok());
    assert!(check_item_input("i", &json!({"done": "2023-01-01"})).is_ok());
    assert!(check_item_input("i", &json!("not_done")).is_ok());
    // A wrong type is left to the reader, which names the expected type.
    assert!(check_item_input("i", &json!({"points": true})).is_ok());
}

#[test]
fn dry_run_inputs_name_each_bad_decimal() {
    let e = check_subject_inputs(&json!({
        "items": {"2.2": {"points": "1.000000000000000000000000000001"}, "2.3": {"measured": 0.9}},
        "adjustments": [{"label": "x", "points": "1"}, {"label": "y", "points": "79228162514264337593543950335"}]
    }))
    .unwrap_err();
    let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["items.2.2.points", "adjustments[1].points"]);
    let e = check_credit_inputs(&json!({"projects": [{"quality": "90", "floor_area": "100.001"}]}))
        .unwrap_err();
    assert_eq!(e[0].field, "projects[0].floor_area");
    let e = check_composite_inputs(&json!({"values": {"a": "1e3"}})).unwrap_err();
    assert_eq!(e[0].field, "values.a");
    assert!(check_composite_inputs(&json!({"values": {"a": 88.5}})).is_ok());
}
