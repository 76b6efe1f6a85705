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

/// A `LIKE` pattern matching `text` anywhere, with `\`, `%` and `_` escaped by `\` (use with
/// `ESCAPE '\'`), so a search for `SX_001` finds exactly that and a lone `\` is not an error.
pub fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
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
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("SX_001"), "%SX\\_001%");
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("\\"), "%\\\\%");
    }

    #[test]
    fn blank_optional_is_none() {
        assert_eq!(optional("x", Some("  "), 5, Lines::Single).unwrap(), None);
        assert_eq!(optional("x", None, 5, Lines::Single).unwrap(), None);
    }
}
