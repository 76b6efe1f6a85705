//! Schemas of decimal text within one of the declared bounds, for `#[schemars(with = …)]`:
//! the pattern of [`super::pattern`], so a schema states the range and places the server checks.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{Bounds, INDEX, MEASURED, POINTS, pattern};

fn text(bounds: Bounds, what: &str) -> Schema {
    match pattern(bounds) {
        Some(p) => json_schema!({"type": "string", "pattern": p, "description": what}),
        None => json_schema!({"type": "string", "description": what}),
    }
}

macro_rules! bounded {
    ($name:ident, $bounds:expr, $what:literal) => {
        #[doc = $what]
        pub struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                text($bounds, $what)
            }
        }
    };
}

bounded!(Points, POINTS, "分值：0–1000，最多 4 位小数 (points)");
bounded!(
    Measured,
    MEASURED,
    "实测值：0–100，最多 6 位小数 (measured value)"
);
bounded!(Index, INDEX, "指数：0–100，最多 4 位小数 (index)");

/// A floor area that weighs something: more than 0 and at most 100 million m², 2 places — the
/// [`super::FLOOR_AREA`] bounds without zero (a project of no area cannot weigh a quality).
pub const POSITIVE_AREA_PATTERN: &str =
    "^(100000000(\\.0{1,2})?|0*[1-9][0-9]{0,7}(\\.[0-9]{1,2})?|0*\\.(0[1-9]|[1-9][0-9]?))$";

/// Schema of [`POSITIVE_AREA_PATTERN`].
pub struct PositiveArea;

impl JsonSchema for PositiveArea {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "PositiveArea".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": POSITIVE_AREA_PATTERN,
            "description": "建筑面积（m²）：大于 0，不超过 100000000，最多 2 位小数 (floor area)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FLOOR_AREA, INDEX, POINTS, decimal, pattern};

    /// Every text the pattern allows, the reader accepts; the edges it refuses, it refuses.
    #[test]
    fn the_pattern_states_the_bounds() {
        let re = |b| matcher(&pattern(b).unwrap());
        let points = re(POINTS);
        for ok in ["0", "1000", "1000.0000", "999.9999", "3.5", "007"] {
            assert!(points(ok), "{ok}");
            assert!(decimal("x", ok, POINTS).is_ok(), "{ok}");
        }
        for bad in ["1000.1", "1001", "3.12345", "-1", "1e3", " 3", "3."] {
            assert!(!points(bad), "{bad}");
        }
        assert_eq!(
            pattern(INDEX).unwrap(),
            "^(100(\\.0{1,4})?|[0-9]{1,2}(\\.[0-9]{1,4})?)$"
        );
        assert!(pattern(FLOOR_AREA).is_some());
    }

    /// The positive area's pattern allows exactly the areas above 0 the reader accepts.
    #[test]
    fn the_positive_area_pattern_excludes_zero() {
        let area = matcher(super::POSITIVE_AREA_PATTERN);
        for ok in [
            "1",
            "0.01",
            ".5",
            "0.1",
            "99999999.99",
            "100000000",
            "100000000.00",
            "0012.5",
        ] {
            assert!(area(ok), "{ok}");
            let v = decimal("x", ok, FLOOR_AREA).unwrap();
            assert!(v > rust_decimal::Decimal::ZERO, "{ok}");
        }
        for bad in [
            "0",
            "0.0",
            "0.00",
            "000",
            "100000000.01",
            "100000001",
            "1.234",
            "-1",
            "",
        ] {
            assert!(!area(bad), "{bad}");
        }
    }

    /// The pattern as a JSON Schema validator applies it (the `jsonschema` crate).
    fn matcher(p: &str) -> impl Fn(&str) -> bool + use<> {
        let schema = serde_json::json!({"type": "string", "pattern": p});
        let validator = jsonschema::validator_for(&schema).expect("pattern compiles");
        move |t: &str| validator.is_valid(&serde_json::json!(t))
    }
}
