//! A strict reader of JSON request bodies into a [`serde_json::Value`].
//!
//! `serde_json` alone accepts what a client cannot have meant: with duplicate keys the last
//! one wins silently (`serde_json::Value` keeps one), and a number with more digits than an
//! `f64` holds is silently changed (`3.50000000000000000000000000001` becomes 3.5). This
//! reader refuses both, naming the key, and refuses trailing data after the value and nesting
//! deeper than [`MAX_DEPTH`]. Strings are decoded by `serde_json` itself (escapes, surrogate
//! pairs, raw control characters), so the grammar it accepts is exactly RFC 8259's.

use serde_json::{Map, Number, Value};

/// Deepest nesting accepted (serde_json's own recursion limit).
pub const MAX_DEPTH: usize = 128;

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrictError {
    /// Not JSON at all (or nested too deep): 400.
    Syntax {
        /// 1-based line of the offending character.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong, Chinese then English.
        message: String,
    },
    /// Valid JSON whose object repeats a key: 422 naming the key's path.
    Duplicate {
        /// Path of the repeated key, e.g. `items.2.2.note`.
        path: String,
        /// The key itself, e.g. `note`.
        key: String,
    },
    /// A number that would be changed by reading it: 422 naming its path.
    Inexact {
        /// Path of the number.
        path: String,
        /// The number as written.
        text: String,
    },
}

/// Reads `text` as one JSON value; see the module docs.
pub fn parse(text: &str) -> Result<Value, StrictError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    p.whitespace();
    let value = p.value("")?;
    p.whitespace();
    if p.at < p.bytes.len() {
        return Err(p.syntax(
            "JSON 值之后还有多余内容，请求体只能包含一个 JSON 值 (trailing characters after the JSON value)",
        ));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl Parser<'_> {
    fn syntax(&self, message: &str) -> StrictError {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        StrictError::Syntax {
            line,
            column,
            message: message.to_owned(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, message: &str) -> Result<(), StrictError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.syntax(message))
        }
    }

    fn value(&mut self, path: &str) -> Result<Value, StrictError> {
        match self.peek() {
            Some(b'{') => self.nested(|p| p.object(path)),
            Some(b'[') => self.nested(|p| p.array(path)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(path),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            None => Err(self.syntax("JSON 不完整，意外结束 (unexpected end of input)")),
            Some(_) => Err(self.syntax("此处应为 JSON 值 (expected a JSON value)")),
        }
    }

    fn nested(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<Value, StrictError>,
    ) -> Result<Value, StrictError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(&format!(
                "嵌套超过 {MAX_DEPTH} 层 (nested deeper than {MAX_DEPTH} levels)"
            )));
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, StrictError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.syntax("此处应为 JSON 值 (expected a JSON value)"))
        }
    }

    fn object(&mut self, path: &str) -> Result<Value, StrictError> {
        self.at += 1;
        let mut map = Map::new();
        self.whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("此处应为带引号的字段名 (expected a quoted key)"));
            }
            let key = self.string()?;
            let here = child(path, &key);
            self.whitespace();
            self.expect(b':', "字段名之后应为冒号 (expected `:`)")?;
            self.whitespace();
            let value = self.value(&here)?;
            if map.contains_key(&key) {
                return Err(StrictError::Duplicate { path: here, key });
            }
            map.insert(key, value);
            self.whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.syntax("此处应为逗号或 } (expected `,` or `}`)")),
            }
        }
    }

    fn array(&mut self, path: &str) -> Result<Value, StrictError> {
        self.at += 1;
        let mut items = Vec::new();
        self.whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.whitespace();
            let here = format!("{path}[{}]", items.len());
            items.push(self.value(&here)?);
            self.whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.syntax("此处应为逗号或 ] (expected `,` or `]`)")),
            }
        }
    }

    /// A string token, decoded by serde_json (escapes, surrogates, raw control characters).
    fn string(&mut self) -> Result<String, StrictError> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek() {
                None => {
                    self.at = start;
                    return Err(self.syntax("字符串没有结束引号 (unterminated string)"));
                }
                Some(b'"') => break,
                Some(b'\\') => self.at += 2,
                Some(_) => self.at += 1,
            }
        }
        self.at += 1;
        let token = self.text.get(start..self.at).unwrap_or_default();
        serde_json::from_str(token).map_err(|e| {
            let here = self.at;
            self.at = start;
            let err = self.syntax(&format!("字符串无效 (invalid string: {e})"));
            self.at = here;
            err
        })
    }

    /// A number token: integers that fit 64 bits as they are; anything else only when an
    /// `f64` represents it exactly as written.
    fn number(&mut self, path: &str) -> Result<Value, StrictError> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        if !digits(self) {
            return Err(self.syntax("数字格式错误 (invalid number)"));
        }
        if self.bytes[int_start] == b'0' && self.at - int_start > 1 {
            self.at = int_start;
            return Err(self.syntax("数字不能以 0 开头 (leading zero)"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if !digits(self) {
                return Err(self.syntax("小数点后应有数字 (digits expected after `.`)"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.syntax("指数部分应有数字 (digits expected in the exponent)"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        if integer {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
        }
        let inexact = || StrictError::Inexact {
            path: path.to_owned(),
            text: text.to_owned(),
        };
        let float: f64 = text.parse().map_err(|_| inexact())?;
        let number = Number::from_f64(float).ok_or_else(inexact)?;
        if same_value(text, &float.to_string()) {
            Ok(Value::Number(number))
        } else {
            Err(inexact())
        }
    }
}

/// Whether two JSON numerals denote the same value (compared as decimal digits and exponent).
fn same_value(a: &str, b: &str) -> bool {
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// `(negative, significant digits, exponent)` with value `0.DIGITS × 10^exponent`; zero is
/// `(false, "", 0)` whatever its sign.
fn canonical(text: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    if digits.is_empty() {
        return Some((false, String::new(), 0));
    }
    let point = i64::try_from(int.len()).ok()? - i64::try_from(leading).ok()?;
    Some((negative, digits.to_owned(), point.checked_add(exponent)?))
}

#[cfg(test)]
mod tests {
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
}
