//! Chinese wording for a value that could not be read into its type.
//!
//! serde reports a mismatch in English (`missing field `reason``, `invalid type: integer `5`,
//! expected a string`, `unknown variant `x`, expected one of …`); an official should read
//! which field is wrong and what it should hold. [`field_error`] turns serde's message and the
//! path where it happened (as `serde_path_to_error` prints it: `items.2.2.input`,
//! `adjustments[0].points`) into a [`FieldError`] naming the field — for a missing field the
//! missing field itself — with a Chinese message and a short English tag in parentheses.
//! Messages serde does not produce itself (a library's own, e.g. a date's) keep their English
//! in parentheses after a Chinese lead.

use super::FieldError;

/// The field error for serde `message` raised at `path` (`.` or empty for the root, which is
/// named `root`).
pub fn field_error(root: &str, path: &str, message: &str) -> FieldError {
    if let Some(e) = about_a_field(root, path, message) {
        return e;
    }
    let field = join(root, path, "");
    // A message the domain wrote itself (a custom serde error) is already in Chinese.
    if !message.is_ascii() {
        return FieldError::new(field, message);
    }
    // A library's own wording (a date's, a number's) never reaches the user: the message
    // names the rule in Chinese with a fixed English tag.
    let message = about_the_value(message).unwrap_or_else(|| {
        let lower = message.to_lowercase();
        if ["date", "month", "year", "day"]
            .iter()
            .any(|w| lower.contains(w))
        {
            "不是实际存在的日期，应为 YYYY-MM-DD 格式，如 2023-01-31 (invalid date)".to_owned()
        } else {
            "格式不符，请按接口说明填写 (invalid value)".to_owned()
        }
    });
    FieldError::new(field, message)
}

/// A field missing, not allowed or repeated: the error names that field.
fn about_a_field(root: &str, path: &str, message: &str) -> Option<FieldError> {
    let at = |name: &str| join(root, path, name);
    if let Some(name) = between(message, "missing field `", "`") {
        return Some(FieldError::new(
            at(name),
            format!("缺少必填字段 {name} (missing field)"),
        ));
    }
    if let Some(name) = between(message, "duplicate field `", "`") {
        return Some(FieldError::new(
            at(name),
            format!("字段 {name} 重复 (duplicate field)"),
        ));
    }
    let rest = message.strip_prefix("unknown field `")?;
    let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
    let allowed = names(expected);
    let field = if path_ends_with(path, name) {
        join(root, path, "")
    } else {
        at(name)
    };
    Some(FieldError::new(
        field,
        if allowed.is_empty() {
            format!("不允许的字段 {name}，此处不接受任何字段 (unknown field)")
        } else {
            format!(
                "不允许的字段 {name}，可用字段：{} (unknown field)",
                allowed.join("、")
            )
        },
    ))
}

/// A value of the wrong type, variant, range or length: the message for its field.
fn about_the_value(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Some(format!(
            "未知取值 {value:?}，可选：{} (unknown variant)",
            names(expected).join("、")
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "类型错误：应为{}，实际为{} (invalid type)",
            expected_cn(expected),
            unexpected_cn(unexpected)
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (unexpected, expected) = rest.rsplit_once(", expected ")?;
        return Some(match integer_range(expected) {
            Some((min, max)) => format!(
                "{} 超出范围，应为 {min} 到 {max} 之间的整数 (out of range)",
                unexpected_cn(unexpected)
            ),
            None => format!(
                "取值无效：应为{}，实际为{} (invalid value)",
                expected_cn(expected),
                unexpected_cn(unexpected)
            ),
        });
    }
    let rest = message.strip_prefix("invalid length ")?;
    let (n, expected) = rest.split_once(", expected ")?;
    Some(if expected.trim() == "map with a single key" {
        format!(
            "应为只有一个键的对象（键为输入方式，如 {{\"points\": \"3.5\"}}），实际有 {n} 个键 (exactly one key expected)"
        )
    } else {
        format!(
            "元素个数 {n} 不符：应为{} (invalid length)",
            expected_cn(expected)
        )
    })
}

/// `root.path.name`, skipping empty parts; serde_path_to_error prints the root as `.`.
fn join(root: &str, path: &str, name: &str) -> String {
    let path = if path == "." { "" } else { path };
    let mut out = String::from(root);
    for part in [path, name] {
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() && !part.starts_with('[') {
            out.push('.');
        }
        out.push_str(part);
    }
    if out.is_empty() { "body".into() } else { out }
}

/// Whether the last segment of `path` is the key `name` (serde_path_to_error includes the
/// offending key of an unknown field in the path).
fn path_ends_with(path: &str, name: &str) -> bool {
    path == name || path.ends_with(&format!(".{name}"))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(start)?;
    rest.split_once(end).map(|(inside, _)| inside)
}

/// The names in serde's `expected one of `a`, `b``, `expected `a` or `b``, `expected `a``.
fn names(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn integer_range(expected: &str) -> Option<(String, String)> {
    let range = |min: i128, max: i128| Some((min.to_string(), max.to_string()));
    match expected.trim() {
        "u8" => range(0, u8::MAX.into()),
        "u16" => range(0, u16::MAX.into()),
        "u32" => range(0, u32::MAX.into()),
        "u64" | "usize" => range(0, u64::MAX.into()),
        "i8" => range(i8::MIN.into(), i8::MAX.into()),
        "i16" => range(i16::MIN.into(), i16::MAX.into()),
        "i32" => range(i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => range(i64::MIN.into(), i64::MAX.into()),
        _ => None,
    }
}

fn expected_cn(expected: &str) -> String {
    let e = expected.trim();
    let cn = match e {
        "a string" | "a borrowed string" | "a character" | "a char" => "字符串",
        "a boolean" => "布尔值 true 或 false",
        "f32" | "f64" => "数值",
        "a sequence" | "a tuple" => "数组",
        "a map" => "对象",
        "unit variant" => "不带取值的名称（字符串，如 \"not_done\"）",
        "unit" => "null（不带取值）",
        "newtype variant" => "带取值的对象（如 {\"points\": \"3.5\"}）",
        "tuple variant" | "struct variant" => "对象",
        _ if integer_range(e).is_some() || e == "an integer" => "整数",
        _ if e.starts_with("struct ") || e.starts_with("struct variant") => "对象",
        _ if e.starts_with("a Decimal") => "十进制数（如 \"3.5\"）",
        _ if e.starts_with("tuple") || e.starts_with("an array") => "数组",
        _ if e.starts_with("enum ") || e == "variant identifier" => "列出的取值之一",
        "map with a single key" => "只有一个键的对象（如 {\"points\": \"3.5\"}）",
        _ => "接口说明中规定的类型",
    };
    cn.to_owned()
}

fn unexpected_cn(unexpected: &str) -> String {
    let u = unexpected.trim();
    let quoted = |prefix: &str| {
        u.strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(v) = quoted("boolean ") {
        return format!("布尔值 {v}");
    }
    if let Some(v) = quoted("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = quoted("floating point ") {
        return format!("小数 {v}");
    }
    if let Some(v) = u.strip_prefix("string ") {
        return format!("字符串 {v}");
    }
    match u {
        "unit value" => "null".into(),
        "sequence" => "数组".into(),
        "map" => "对象".into(),
        "unit variant" => "不带取值的名称".into(),
        "newtype variant" => "带取值的对象".into(),
        "tuple variant" | "struct variant" => "对象".into(),
        _ => "其他类型".into(),
    }
}

#[cfg(test)]
mod tests;
