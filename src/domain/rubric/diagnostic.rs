//! Loader diagnostics: `file:line:col: message`, like a compiler, so an official editing a
//! rubric file can jump straight to the problem.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One problem found in a rubric file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// File name as given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (Chinese titles are one column per character).
    pub col: usize,
    /// What is wrong; stable wording (tests assert it).
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

/// 1-based (line, column) of a byte offset; offsets past the end clamp to the end, and an
/// offset inside a multi-byte character counts as that character.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Collects diagnostics for one file.
pub(crate) struct Sink<'a> {
    file: &'a str,
    text: &'a str,
    pub(crate) found: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    /// A sink for `file` whose contents are `text`.
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            text,
            found: Vec::new(),
        }
    }

    /// Records a problem at the start of `span`.
    pub(crate) fn at(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let (line, col) = line_col(self.text, span.start);
        self.found.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            col,
            message: message.into(),
        });
    }

    /// 1-based line of a byte offset (for "first defined at line N").
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }

    /// Whether nothing has been reported.
    pub(crate) fn is_clean(&self) -> bool {
        self.found.is_empty()
    }

    /// The diagnostics in file order (stable for tests and editors).
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.found.sort_by_key(|d| (d.line, d.col));
        self.found
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let text = "a = 1\n标题 = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // "标题 " is 7 bytes but 3 characters.
        assert_eq!(line_col(text, 6 + 7), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic {
            file: "x.toml".into(),
            line: 3,
            col: 5,
            message: "boom".into(),
        };
        assert_eq!(d.to_string(), "x.toml:3:5: boom");
    }
}
