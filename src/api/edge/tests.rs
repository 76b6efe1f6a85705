//! Tests of [`super`].

use super::errors::param_message;

#[test]
fn poem_reasons_are_put_in_chinese() {
    let m = param_message(r#"failed to parse "integer(uint32)": invalid digit found in string"#);
    assert_eq!(
        m,
        "包含非数字字符，应为整数 (invalid digit found in string)"
    );
    let m = param_message(
        r#"failed to parse "integer_int64": number too large to fit in target type (occurred while parsing "optional_integer_int64")"#,
    );
    assert_eq!(
        m,
        "超出范围，应为整数 (number too large to fit in target type)"
    );
    let m = param_message(r#"Type "boolean" expects an input value."#);
    assert!(m.starts_with("缺少必填参数，应为布尔值"), "{m}");
    let m =
        param_message(r#"failed to parse "boolean": provided string was not `true` or `false`"#);
    assert!(m.starts_with("格式不符，应为布尔值 true 或 false"), "{m}");
}
