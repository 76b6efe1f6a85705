//! Tests of [`super`].

use super::*;
use serde_json::json;

fn ok(text: &str) -> Value {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        r#"{"a": [1, -2, 3.5, 1e3, 0.1, true, false, null, "x\u00e9\n"], "b": {}}"#,
        "[]",
        " \"s\" ",
        "18446744073709551615",
        "-9223372036854775808",
        r#""\ud83d\ude00""#,
        "0",
        "-0.0",
    ] {
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ok(text), expected, "{text}");
    }
}

#[test]
fn trailing_data_is_refused_with_its_position() {
    for text in [r#"{"a":1} x"#, "{} {}", "[1]]", "1 2", "\"a\"\"b\""] {
        assert!(
            matches!(parse(text), Err(StrictError::Syntax { .. })),
            "{text}"
        );
    }
    let Err(StrictError::Syntax { line, column, .. }) = parse("{\n} x") else {
        panic!()
    };
    assert_eq!((line, column), (2, 3));
}

#[test]
fn duplicate_keys_are_refused_naming_the_key() {
    assert_eq!(
        parse(r#"{"name":"a","name":"b"}"#),
        Err(StrictError::Duplicate {
            path: "name".into(),
            key: "name".into()
        })
    );
    assert_eq!(
        parse(r#"{"items": {"2.2": {"input": {"points": "1", "points": "2"}}}}"#),
        Err(StrictError::Duplicate {
            path: "items.2.2.input.points".into(),
            key: "points".into()
        })
    );
    assert_eq!(
        parse(r#"[{"a":1}, {"b":1, "b":2}]"#),
        Err(StrictError::Duplicate {
            path: "[1].b".into(),
            key: "b".into()
        })
    );
    // Escapes decode before comparing: "a" and "\u0061" are the same key.
    assert!(matches!(
        parse(r#"{"a":1,"\u0061":2}"#),
        Err(StrictError::Duplicate { .. })
    ));
    assert_eq!(ok(r#"{"a":{"a":1}}"#), json!({"a": {"a": 1}}));
}

#[test]
fn numbers_that_would_change_are_refused() {
    for text in [
        "3.50000000000000000000000000001",
        "1.000000000000000000000000000001",
        "18446744073709551616",
        "79228162514264337593543950335",
        "1e400",
        "0.1000000000000000055511151231257827",
    ] {
        let body = format!(r#"{{"x": {{"y": [{text}]}}}}"#);
        assert_eq!(
            parse(&body),
            Err(StrictError::Inexact {
                path: "x.y[0]".into(),
                text: text.into()
            }),
            "{text}"
        );
    }
    assert_eq!(ok("1.50"), json!(1.5));
    assert_eq!(ok("2.5e-3"), json!(0.0025));
    assert_eq!(ok("1E2"), json!(100.0));
}

#[test]
fn malformed_json_is_a_syntax_error() {
    for text in [
        "",
        "{",
        r#"{"a" 1}"#,
        r#"{"a":}"#,
        "[1,]",
        "{,}",
        "01",
        "1.",
        "-",
        "1e",
        ".5",
        "tru",
        "'a'",
        "\"\u{0001}\"",
        r#"{"a":1,}"#,
        "NaN",
        "\u{feff}{}",
        r#""\x""#,
        "\"abc",
    ] {
        assert!(
            matches!(parse(text), Err(StrictError::Syntax { .. })),
            "{text:?}: {:?}",
            parse(text)
        );
    }
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert!(matches!(parse(&deep), Err(StrictError::Syntax { .. })));
    let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&fine).is_ok());
}

#[test]
fn syntax_errors_are_worded_in_chinese_with_their_position() {
    let Err(StrictError::Syntax {
        message,
        line,
        column,
    }) = parse("{\"a\": 1,}")
    else {
        panic!()
    };
    assert_eq!((line, column), (1, 9));
    assert!(message.starts_with("此处应为带引号的字段名"), "{message}");
    let Err(StrictError::Syntax { message, .. }) = parse("[1,]") else {
        panic!()
    };
    assert!(
        message.starts_with("此处应为 JSON 值 (expected value)"),
        "{message}"
    );
    let Err(StrictError::Syntax { message, .. }) = parse("{\"a\" 1}") else {
        panic!()
    };
    assert!(message.starts_with("字段名之后应为冒号"), "{message}");
}

#[test]
fn a_body_of_the_largest_size_and_depth_is_read() {
    // Each level is opened once, so the deepest body allowed re-reads its text at most
    // MAX_DEPTH times (about 0.1 s for 1 MiB in a release build, measured by hand).
    let pad = format!("\"{}\"", "x".repeat(1 << 20));
    let deep = format!(
        "{}{pad}{}",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    assert!(parse(&deep).is_ok());
}
