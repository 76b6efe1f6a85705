//! Numbers as clients and officials type them: every numeric input has a declared range and
//! number of decimal places ([`Bounds`]), and is read **exactly** or refused — never rounded.
//!
//! `rust_decimal`'s own parsing rounds a value with more digits than it holds
//! (`"1.000000000000000000000000000001"` reads as 1), and serde reads `Decimal` fields that
//! way; so every edge that receives a decimal as text checks it here first, naming the field.
//! The same bounds serve a JSON body, a dry run and a spreadsheet cell.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use super::FieldError;

/// Significant digits a `Decimal` always holds exactly (some 29-digit values fit too).
pub const MAX_DIGITS: usize = 28;

/// The declared range (inclusive) and the most decimal places of one numeric input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest accepted value.
    pub min: Decimal,
    /// Largest accepted value.
    pub max: Decimal,
    /// Most decimal places (trailing zeros do not count: `1.50` has one).
    pub places: u32,
}

impl fmt::Display for Bounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}–{}，最多 {} 位小数",
            self.min.normalize(),
            self.max.normalize(),
            self.places
        )
    }
}

/// 建筑面积 (m²): up to 100 million, 2 places.
pub const FLOOR_AREA: Bounds = Bounds {
    min: Decimal::ZERO,
    max: dec!(100000000),
    places: 2,
};
/// 收费标准 (元/m²/月): up to 1,000, 4 places.
pub const FEE_STANDARD: Bounds = Bounds {
    min: Decimal::ZERO,
    max: dec!(1000),
    places: 4,
};
/// Points given to an item, a decided score, or a deduction from a total: 0–1,000, 4 places
/// (the rubric's own step and maximum are checked later, against the item).
pub const POINTS: Bounds = Bounds {
    min: Decimal::ZERO,
    max: dec!(1000),
    places: 4,
};
/// A measured value of a threshold item: a share 0–1, or a percentage 0–100 where the rubric
/// declares one; 6 places (the rubric decides which of the two applies).
pub const MEASURED: Bounds = Bounds {
    min: Decimal::ZERO,
    max: dec!(100),
    places: 6,
};
/// A satisfaction index or a project's quality score: 0–100, 4 places.
pub const INDEX: Bounds = Bounds {
    min: Decimal::ZERO,
    max: dec!(100),
    places: 4,
};
/// A composite rubric's component score (a score out of 100): 0–100, 4 places.
pub const COMPONENT: Bounds = INDEX;

/// Reads `text` as an exact decimal within `bounds`: plain notation (`-12.5`, no exponent, no
/// separators), at most [`MAX_DIGITS`] significant digits and `bounds.places` decimals, within
/// the range. Returns the value normalised (no trailing zeros). Errors name `field`.
pub fn decimal(field: &str, text: &str, bounds: Bounds) -> Result<Decimal, FieldError> {
    let text = text.trim();
    let err = |m: String| FieldError::new(field, m);
    let Some(parts) = Parts::of(text) else {
        return Err(err(format!(
            "{text:?} 不是数字，应写作 12 或 12.5 这样的十进制数 (not a decimal number)"
        )));
    };
    if parts.places() > bounds.places as usize {
        return Err(err(format!(
            "{text} 有 {} 位小数，此项最多 {} 位；不会自动舍入，请按精度填写 (at most {} decimal places; values are never rounded)",
            parts.places(),
            bounds.places,
            bounds.places
        )));
    }
    let value = Decimal::from_str_exact(&parts.canonical()).map_err(|_| {
        err(if parts.significant() > MAX_DIGITS {
            format!(
                "{text} 有效数字超过 {MAX_DIGITS} 位，无法精确保存 (more than {MAX_DIGITS} significant digits)"
            )
        } else {
            format!("{text} 超出可精确保存的范围 (too large to store exactly)")
        })
    })?;
    if value < bounds.min || value > bounds.max {
        return Err(err(format!(
            "{text} 超出范围，应在 {} 到 {} 之间 (out of range)",
            bounds.min.normalize(),
            bounds.max.normalize()
        )));
    }
    Ok(value.normalize())
}

/// The text of a JSON number as it will be read: integers as written, other numbers in
/// plain notation (`1e3` → `1000`), which is also how a `Decimal` field reads them.
pub fn json_number_text(n: &serde_json::Number) -> String {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i.to_string(),
        (_, Some(u), _) => u.to_string(),
        (_, _, Some(f)) => f.to_string(),
        _ => n.to_string(),
    }
}

/// Checks the decimal at `value` (a JSON string or number) within `bounds`; other JSON types
/// are left to the reader, which names the expected type.
pub fn check_json(field: &str, value: &Value, bounds: Bounds) -> Result<(), FieldError> {
    match value {
        Value::String(s) => decimal(field, s, bounds).map(drop),
        Value::Number(n) => decimal(field, &json_number_text(n), bounds).map(drop),
        _ => Ok(()),
    }
}

/// The declared bounds of a scoring method's input, by its JSON key (`points`, `measured`,
/// `index`, `score`); `None` for inputs without a decimal.
pub fn item_input_bounds(key: &str) -> Option<Bounds> {
    match key {
        "points" | "score" => Some(POINTS),
        "measured" => Some(MEASURED),
        "index" => Some(INDEX),
        _ => None,
    }
}

/// Checks the decimal inside one item's input (`{"points": "3.5"}`, `{"measured": 0.92}`, …)
/// before it is read; errors name `field.key` (e.g. `items.2.2.input.points`).
pub fn check_item_input(field: &str, input: &Value) -> Result<(), FieldError> {
    let Value::Object(map) = input else {
        return Ok(());
    };
    for (key, value) in map {
        if let Some(bounds) = item_input_bounds(key) {
            check_json(&format!("{field}.{key}"), value, bounds)?;
        }
    }
    Ok(())
}

/// Checks the decimals of a subject's inputs for a points rubric (a dry run):
/// `items.<code>.<points|measured|index|score>` and `adjustments[i].points`.
pub fn check_subject_inputs(input: &Value) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(Value::Object(items)) = input.get("items") {
        for (code, item) in items {
            errors.extend(check_item_input(&format!("items.{code}"), item).err());
        }
    }
    each(input, "adjustments", &[("points", POINTS)], &mut errors);
    done(errors)
}

/// Checks the decimals of a company's credit inputs (a dry run): `projects[i].quality`
/// (0–100) and `projects[i].floor_area` (as in the ledger).
pub fn check_credit_inputs(input: &Value) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    each(
        input,
        "projects",
        &[("quality", INDEX), ("floor_area", FLOOR_AREA)],
        &mut errors,
    );
    done(errors)
}

/// Checks a composite rubric's component scores (a dry run): `values.<component>`.
pub fn check_composite_inputs(input: &Value) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(Value::Object(values)) = input.get("values") {
        for (name, value) in values {
            errors.extend(check_json(&format!("values.{name}"), value, COMPONENT).err());
        }
    }
    done(errors)
}

/// Checks `keys` of every object in the array `input[list]`, named `list[i].key`.
fn each(input: &Value, list: &str, keys: &[(&str, Bounds)], errors: &mut Vec<FieldError>) {
    let Some(Value::Array(items)) = input.get(list) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        for (key, bounds) in keys {
            if let Some(v) = item.get(key) {
                errors.extend(check_json(&format!("{list}[{i}].{key}"), v, *bounds).err());
            }
        }
    }
}

fn done(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The parts of a plain decimal numeral.
struct Parts<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
}

impl<'a> Parts<'a> {
    /// `[+-]digits[.digits]` (either side of the point may be empty, not both).
    fn of(text: &'a str) -> Option<Self> {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        (digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty())).then_some(Self {
            negative,
            int: int.trim_start_matches('0'),
            frac: frac.trim_end_matches('0'),
        })
    }

    /// Decimal places that carry a value (trailing zeros dropped).
    fn places(&self) -> usize {
        self.frac.len()
    }

    /// Significant digits, leading and trailing zeros dropped.
    fn significant(&self) -> usize {
        if self.int.is_empty() {
            self.frac.trim_start_matches('0').len()
        } else {
            self.int.len() + self.frac.len()
        }
    }

    /// The numeral without redundant zeros, for an exact parse.
    fn canonical(&self) -> String {
        let int = if self.int.is_empty() { "0" } else { self.int };
        let sign = if self.negative { "-" } else { "" };
        if self.frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{}", self.frac)
        }
    }
}

#[cfg(test)]
mod tests;

/// A regular expression for the decimals [`decimal`] accepts within `bounds`, for schemas:
/// plain notation from 0 to the maximum (a power of ten, as every declared maximum is), at
/// most `bounds.places` decimals. `None` when the bounds are not of that shape.
pub fn pattern(bounds: Bounds) -> Option<String> {
    let max = bounds.max.normalize();
    let digits = max.to_string();
    let power_of_ten = digits.starts_with('1') && digits[1..].chars().all(|c| c == '0');
    if bounds.min != Decimal::ZERO || max.scale() != 0 || !power_of_ten {
        return None;
    }
    let below = digits.len() - 1;
    let p = bounds.places;
    Some(if p == 0 {
        format!("^({digits}|[0-9]{{1,{below}}})$")
    } else {
        format!("^({digits}(\\.0{{1,{p}}})?|[0-9]{{1,{below}}}(\\.[0-9]{{1,{p}}})?)$")
    })
}

/// Schemas of decimal text within one of the declared bounds (`#[schemars(with = …)]`).
pub mod schema;
