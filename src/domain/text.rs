//! Text rules shared by every free-text field.
//!
//! Control characters are refused at the edge: a NUL byte makes PostgreSQL fail, and the
//! others have no business in names or notes shown to officials.

use super::FieldError;

/// Whether line breaks and tabs are allowed (notes, reasons) or not (names, codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: no control character at all.
    Single,
    /// Several lines: `\n`, `\r` and `\t` allowed.
    Multi,
}

/// Trims `value` and checks it is non-empty, at most `max_chars` characters and free of
/// control characters.
pub fn required(
    field: &str,
    value: &str,
    max_chars: usize,
    lines: Lines,
) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "不能为空 (must not be empty)"));
    }
    check(field, trimmed, max_chars, lines)?;
    Ok(trimmed.to_owned())
}

/// Like [`required`] but an absent or blank value becomes `None`.
pub fn optional(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
    lines: Lines,
) -> Result<Option<String>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => check(field, v, max_chars, lines).map(|()| Some(v.to_owned())),
    }
}

fn check(field: &str, value: &str, max_chars: usize, lines: Lines) -> Result<(), FieldError> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(FieldError::new(
            field,
            format!("长度为 {count} 个字符，超过上限 {max_chars} (too long)"),
        ));
    }
    let allowed = |c: char| lines == Lines::Multi && matches!(c, '\n' | '\r' | '\t');
    if let Some(bad) = value.chars().find(|c| c.is_control() && !allowed(*c)) {
        return Err(FieldError::new(
            field,
            format!(
                "不能包含控制字符 U+{:04X} (control characters are not allowed)",
                bad as u32
            ),
        ));
    }
    Ok(())
}

/// Checks every string (and object key) inside a client's free-form JSON like [`required`]'s
/// rules, each at most `max_chars`; errors name the string's path under `field`
/// (`findings[0].problem`; a bad key is named `<object>.(key)`, an empty `field` names the
/// root `body`). Free-form JSON carries free text too, and it deserves the same limits as a
/// named field.
pub fn json_strings(
    field: &str,
    value: &serde_json::Value,
    max_chars: usize,
    lines: Lines,
) -> Result<(), Vec<FieldError>> {
    fn walk(
        at: &str,
        value: &serde_json::Value,
        max: usize,
        lines: Lines,
        out: &mut Vec<FieldError>,
    ) {
        let name = if at.is_empty() { "body" } else { at };
        match value {
            serde_json::Value::String(s) => out.extend(check(name, s, max, lines).err()),
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{at}[{i}]"), v, max, lines, out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let here = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    // A bad key is reported once; its value's paths would only repeat it.
                    match check(&format!("{name}.(key)"), k, max, Lines::Single) {
                        Ok(()) => walk(&here, v, max, lines, out),
                        Err(e) => out.push(e),
                    }
                }
            }
            _ => {}
        }
    }
    let mut errors = Vec::new();
    walk(field, value, max_chars, lines, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_chinese() {
        assert_eq!(
            required("name", "  濉溪镇 ", 10, Lines::Single).unwrap(),
            "濉溪镇"
        );
    }

    #[test]
    fn refuses_nul_and_names_the_field() {
        let err = required("name", "a\0b", 10, Lines::Single).unwrap_err();
        assert_eq!(err.field, "name");
        assert!(err.message.contains("U+0000"));
    }

    #[test]
    fn newlines_only_in_multi_line_fields() {
        assert!(required("note", "a\nb", 10, Lines::Single).is_err());
        assert!(required("note", "a\nb", 10, Lines::Multi).is_ok());
        assert!(required("note", "a\0b", 10, Lines::Multi).is_err());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(required("name", "濉溪镇", 3, Lines::Single).is_ok());
        assert!(required("name", "濉溪镇镇", 3, Lines::Single).is_err());
    }

    #[test]
    fn strings_inside_json_are_checked_by_path() {
        let v =
            serde_json::json!({"findings": [{"problem": "台账缺失"}, {"problem": "x".repeat(11)}]});
        let errors = json_strings("", &v, 10, Lines::Multi).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "findings[1].problem");
        let v = serde_json::json!([{"a\u{1}": "ok"}, "b\u{7}"]);
        let errors = json_strings("findings", &v, 10, Lines::Multi).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["findings[0].(key)", "findings[1]"]);
        assert!(
            json_strings(
                "f",
                &serde_json::json!({"n": 1, "t": "a\nb"}),
                10,
                Lines::Multi
            )
            .is_ok()
        );
    }

    #[test]
    fn blank_optional_is_none() {
        assert_eq!(optional("x", Some("  "), 5, Lines::Single).unwrap(), None);
        assert_eq!(optional("x", None, 5, Lines::Single).unwrap(), None);
    }
}
