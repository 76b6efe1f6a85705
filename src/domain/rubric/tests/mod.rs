//! Unit and property tests of the engine, on small inline rubrics.

mod combining;
mod grading;
mod loading;
mod methods;
mod props;
mod scoring;
mod surveys;

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
