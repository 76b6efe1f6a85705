//! Unit and property tests of the engine, on small inline rubrics.

mod combining;
mod credit;
mod grading;
mod loading;
mod methods;
mod props;
mod scoring;
mod surveys;

use super::inputs::{ItemInput, SubjectInputs};
use super::{Rubric, parse};

/// Header + grade bands shared by the inline rubrics.
pub(super) const HEAD: &str = r#"
id = "t"
version = 1
kind = "unit-assessment"
title = "测试"
effective_from = 2023-01-01
effective_to = 2023-12-31
"#;

pub(super) const BANDS: &str = r#"
[[grade]]
name = "优秀"
min = 90
[[grade]]
name = "良好"
min = 80
[[grade]]
name = "合格"
min = 70
[[grade]]
name = "不合格"
min = 0
"#;

/// Parses `HEAD + body + BANDS`, panicking with the diagnostics on failure.
pub(super) fn rubric(body: &str) -> Rubric {
    let text = format!("{HEAD}{body}{BANDS}");
    match parse("t.toml", &text) {
        Ok(r) => r,
        Err(ds) => panic!(
            "{}",
            ds.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Diagnostics of `HEAD + body + BANDS` as strings.
pub(super) fn problems(body: &str) -> Vec<String> {
    let text = format!("{HEAD}{body}{BANDS}");
    match parse("t.toml", &text) {
        Ok(_) => Vec::new(),
        Err(ds) => ds.iter().map(|d| d.message.clone()).collect(),
    }
}

pub(super) fn d(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

/// `Points(s)`: a score given on a `points` item.
pub(super) fn pts(s: &str) -> ItemInput {
    ItemInput::Points(d(s))
}

/// A subject named `name` with `items` as its inputs and nothing else (no unit type, role,
/// option or adjustment).
pub(super) fn subject<'a>(
    name: &str,
    items: impl IntoIterator<Item = (&'a str, ItemInput)>,
) -> SubjectInputs {
    SubjectInputs {
        subject: name.into(),
        unit_type: None,
        role: None,
        options: Default::default(),
        items: items.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        adjustments: Vec::new(),
    }
}
