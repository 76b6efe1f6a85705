//! A strict reader of JSON request bodies into a [`serde_json::Value`].
//!
//! `serde_json` alone accepts what a client cannot have meant: with duplicate keys the last
//! one wins silently (`serde_json::Value` keeps one), and a number with more digits than an
//! `f64` holds is silently changed (`3.50000000000000000000000000001` becomes 3.5). This
//! reader refuses both, naming the key, and refuses trailing data after the value and nesting
//! deeper than [`MAX_DEPTH`].
//!
//! All parsing is serde_json's: the body is first read whole as a [`RawValue`] (which checks
//! the grammar, RFC 8259, and trailing data), then each object or array is opened one level at
//! a time into its raw members, so every key can be compared and every number's text is at
//! hand. Only the wording of serde_json's syntax errors is ours (Chinese, for the people who
//! read them).

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
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
        /// 1-based column.
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
    let raw: &RawValue = serde_json::from_str(text).map_err(|e| syntax(&e))?;
    read(raw, "", 1)
}

/// Reads one already well-formed value, `depth` levels deep.
fn read(raw: &RawValue, path: &str, depth: usize) -> Result<Value, StrictError> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'{' | b'[') if depth > MAX_DEPTH => Err(StrictError::Syntax {
            line: 1,
            column: 1,
            message: format!("嵌套超过 {MAX_DEPTH} 层 (nested deeper than {MAX_DEPTH} levels)"),
        }),
        Some(b'{') => object(text, path, depth),
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| syntax(&e))?;
            items
                .iter()
                .enumerate()
                .map(|(k, item)| read(item, &format!("{path}[{k}]"), depth + 1))
                .collect::<Result<_, _>>()
                .map(Value::Array)
        }
        Some(b'-' | b'0'..=b'9') => number(text, path),
        _ => serde_json::from_str(text).map_err(|e| syntax(&e)),
    }
}

/// An object's members in the order written, repeated keys kept (so they can be refused).
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Each)
    }
}

fn object(text: &str, path: &str, depth: usize) -> Result<Value, StrictError> {
    let Members(members) = serde_json::from_str(text).map_err(|e| syntax(&e))?;
    let mut map = Map::new();
    for (key, raw) in members {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let value = read(raw, &here, depth + 1)?;
        if map.contains_key(&key) {
            return Err(StrictError::Duplicate { path: here, key });
        }
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

/// A number token: integers that fit 64 bits as they are; anything else only when the `f64`
/// it becomes reads back as the same decimal value the client wrote.
fn number(text: &str, path: &str) -> Result<Value, StrictError> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    if let Ok(u) = text.parse::<u64>() {
        return Ok(Value::Number(u.into()));
    }
    let inexact = || StrictError::Inexact {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let float: f64 = text.parse().map_err(|_| inexact())?;
    let number = Number::from_f64(float).ok_or_else(inexact)?;
    // Both sides as exact decimals: what was written, and the shortest text of the f64.
    let written = decimal(text).ok_or_else(inexact)?;
    let read_back = decimal(&format!("{float:e}")).ok_or_else(inexact)?;
    if written.normalize() == read_back.normalize() {
        Ok(Value::Number(number))
    } else {
        Err(inexact())
    }
}

/// A JSON numeral as an exact decimal, if it has one within `Decimal`'s 28 digits.
fn decimal(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// serde_json's syntax error, its position kept and its wording in Chinese.
fn syntax(e: &serde_json::Error) -> StrictError {
    let english = e.to_string();
    let english = english
        .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
        .unwrap_or(&english);
    let chinese = if e.classify() == serde_json::error::Category::Eof {
        "JSON 不完整，意外结束"
    } else {
        SYNTAX_WORDING
            .iter()
            .find(|(start, _)| english.starts_with(start))
            .map_or("JSON 语法错误", |(_, chinese)| chinese)
    };
    let message = if english.starts_with("trailing characters") {
        "JSON 值之后还有多余内容，请求体只能包含一个 JSON 值 (trailing characters after the JSON value)".to_owned()
    } else {
        format!("{chinese} ({english})")
    };
    StrictError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// The start of serde_json's syntax messages and how they read in Chinese.
const SYNTAX_WORDING: &[(&str, &str)] = &[
    ("expected value", "此处应为 JSON 值"),
    ("expected ident", "此处应为 JSON 值（true、false 或 null）"),
    ("key must be a string", "此处应为带引号的字段名"),
    ("expected `:`", "字段名之后应为冒号"),
    ("expected `,` or `}`", "此处应为逗号或 }"),
    ("expected `,` or `]`", "此处应为逗号或 ]"),
    ("trailing comma", "最后一项之后不能有逗号"),
    ("invalid number", "数字格式错误"),
    ("number out of range", "数字超出范围"),
    (
        "control character",
        "字符串中不能直接包含控制字符，请使用转义",
    ),
    ("invalid escape", "字符串中的转义无效"),
    ("invalid unicode code point", "字符串中的 Unicode 转义无效"),
    ("lone leading surrogate", "字符串中的 Unicode 转义无效"),
    ("recursion limit exceeded", "嵌套层数过多"),
];

#[cfg(test)]
mod tests;
