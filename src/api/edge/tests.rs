//! Tests of [`super`].

use super::errors::param_message;

#[test]
fn poem_reasons_are_put_in_chinese() {
    let m = param_message(r#"failed to parse "integer(uint32)": invalid digit found in string"#);
    assert_eq!(m, "包含非数字字符，应为整数 (not a number)");
    let m = param_message(
        r#"failed to parse "integer_int64": number too large to fit in target type (occurred while parsing "optional_integer_int64")"#,
    );
    assert_eq!(m, "超出范围，应为整数 (out of range)");
    let m = param_message(r#"Type "boolean" expects an input value."#);
    assert!(m.starts_with("缺少必填参数，应为布尔值"), "{m}");
    let m =
        param_message(r#"failed to parse "boolean": provided string was not `true` or `false`"#);
    assert!(m.starts_with("格式不符，应为布尔值 true 或 false"), "{m}");
}

#[test]
fn declared_rules_are_named_in_chinese_without_the_validator_text() {
    let m = param_message("verification failed. minimum(1, exclusive: false)");
    assert_eq!(m, "不能小于 1 (minimum 1)");
    let m = param_message("verification failed. maximum(500, exclusive: false)");
    assert_eq!(m, "不能大于 500 (maximum 500)");
    let m = param_message("verification failed. max_length(64)");
    assert_eq!(m, "长度不能超过 64 个字符 (at most 64 characters)");
    // poem-openapi's own spelling of the length rules, as it writes them.
    use poem_openapi::validation::{MaxItems, MaxLength, MinLength};
    let m = param_message(&format!("verification failed. {}", MaxLength::new(64)));
    assert_eq!(m, "长度不能超过 64 个字符 (at most 64 characters)");
    let m = param_message(&format!("verification failed. {}", MinLength::new(1)));
    assert_eq!(m, "长度不能少于 1 个字符 (at least 1 characters)");
    let m = param_message(&format!("verification failed. {}", MaxItems::new(9)));
    assert_eq!(m, "最多 9 项 (at most 9 items)");
    let m = param_message(r#"verification failed. pattern("^[a-z]$")"#);
    assert!(
        !m.contains("pattern(") && !m.contains("verification"),
        "{m}"
    );
}

#[test]
fn a_reason_our_reader_wrote_in_chinese_is_passed_on() {
    let m = param_message(
        r#"failed to parse "UnitType_query": "x" 不是有效的单位类型 (occurred while parsing "Option<UnitType_query>")"#,
    );
    assert_eq!(m, "\"x\" 不是有效的单位类型");
}

#[test]
fn the_log_never_shows_an_answer_pages_code() {
    assert_eq!(super::logged_path("/s/K7QM3-XPAZ9"), "/s/{code}");
    assert_eq!(
        super::logged_path("/api/v1/surveys/r1"),
        "/api/v1/surveys/r1"
    );
}
