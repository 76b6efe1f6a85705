//! Small checks shared by the section validators. Each reports into the sink and returns
//! `None` on failure, so validation carries on and finds every problem in one pass.

use std::ops::Range;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::raw::S;
use crate::domain::rubric::diagnostic::Sink;

/// `Some(value)` of a required key, or a "missing" diagnostic at the owning table.
pub(crate) fn required<'r, T>(
    sink: &mut Sink<'_>,
    owner: &Range<usize>,
    what: &str,
    key: &str,
    value: Option<&'r S<T>>,
) -> Option<&'r S<T>> {
    if value.is_none() {
        sink.at(owner, format!("{what}missing `{key}`"));
    }
    value
}

/// A required, non-blank text value.
pub(crate) fn text(
    sink: &mut Sink<'_>,
    owner: &Range<usize>,
    what: &str,
    key: &str,
    value: Option<&S<String>>,
) -> Option<String> {
    let v = required(sink, owner, what, key, value)?;
    let t = v.get_ref().trim();
    if t.is_empty() {
        sink.at(&v.span(), format!("{what}`{key}` must not be blank"));
        return None;
    }
    Some(t.to_owned())
}

/// A TOML local date (`2023-01-31`, unquoted).
pub(crate) fn date(sink: &mut Sink<'_>, what: &str, key: &str, v: &S<toml::Value>) -> Option<Date> {
    let parsed = match v.get_ref() {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
            .date
            .and_then(|d| Date::new(i16::try_from(d.year).ok()?, d.month as i8, d.day as i8).ok()),
        _ => None,
    };
    if parsed.is_none() {
        sink.at(
            &v.span(),
            format!("{what}`{key}` must be a date like 2023-01-31"),
        );
    }
    parsed
}

/// A value ≥ 0.
pub(crate) fn non_negative(
    sink: &mut Sink<'_>,
    what: &str,
    key: &str,
    v: &S<Decimal>,
) -> Option<Decimal> {
    let x = *v.get_ref();
    if x.is_sign_negative() && !x.is_zero() {
        sink.at(&v.span(), format!("{what}`{key}` must not be negative"));
        return None;
    }
    Some(x)
}

/// A value > 0.
pub(crate) fn positive(
    sink: &mut Sink<'_>,
    what: &str,
    key: &str,
    v: &S<Decimal>,
) -> Option<Decimal> {
    let x = *v.get_ref();
    if x <= Decimal::ZERO {
        sink.at(&v.span(), format!("{what}`{key}` must be greater than 0"));
        return None;
    }
    Some(x)
}

/// A share in `[0, 1]`.
pub(crate) fn share(sink: &mut Sink<'_>, what: &str, key: &str, v: &S<Decimal>) -> Option<Decimal> {
    let x = *v.get_ref();
    if x < Decimal::ZERO || x > Decimal::ONE {
        sink.at(&v.span(), format!("{what}`{key}` must be between 0 and 1"));
        return None;
    }
    Some(x)
}

/// One of the listed spellings.
pub(crate) fn one_of<T: Copy>(
    sink: &mut Sink<'_>,
    what: &str,
    key: &str,
    v: &S<String>,
    choices: &[(&str, T)],
) -> Option<T> {
    let found = choices
        .iter()
        .find(|(name, _)| *name == v.get_ref().as_str());
    if found.is_none() {
        let names: Vec<String> = choices.iter().map(|(n, _)| format!("`{n}`")).collect();
        sink.at(
            &v.span(),
            format!(
                "{what}`{key}` = `{}` is not one of {}",
                v.get_ref(),
                names.join(", ")
            ),
        );
    }
    found.map(|(_, t)| *t)
}

/// Weights that must sum to exactly 1 (exact decimals: 0.1 + 0.2 + 0.7 is exactly 1).
pub(crate) fn weights_sum_to_one(
    sink: &mut Sink<'_>,
    at: &Range<usize>,
    whose: &str,
    weights: &[Decimal],
) {
    let sum: Decimal = weights.iter().sum();
    if sum != Decimal::ONE {
        sink.at(
            at,
            format!("weights of {whose} sum to {}, expected 1", sum.normalize()),
        );
    }
}

/// `what` prefix for messages about an item or category with an optional code.
pub(crate) fn label(noun: &str, code: Option<&S<String>>, index: usize) -> String {
    match code {
        Some(c) => format!("{noun} {}: ", c.get_ref()),
        None => format!("{noun} #{}: ", index + 1),
    }
}

/// Where an optional key is written, when it is.
pub(crate) fn span_of<T>(value: &Option<S<T>>) -> Option<Range<usize>> {
    value.as_ref().map(S::span)
}

/// Where the first of a list of tables is written, when there is one.
pub(crate) fn first_span<T>(values: &[S<T>]) -> Option<Range<usize>> {
    values.first().map(S::span)
}
