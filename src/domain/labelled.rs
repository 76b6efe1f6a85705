//! Enumerations with a stable code (stored, used in the API) and a Chinese label (shown to
//! people, accepted from spreadsheets and forms): one macro declares both and everything
//! derived from them — the list, parsing from either spelling with a Chinese message naming
//! the field, `Display` as the code. In JSON a value is written as `{"code": "town", "label":
//! "镇"}` (so a client shows the label without a table of its own) and read from either that
//! object or a bare code or label (`"town"`, `"镇"`); its schema says both ([`Labelled`]).

use schemars::generate::Contract;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde::de::Error as _;
use serde::ser::SerializeStruct as _;

use crate::domain::FieldError;

/// A code that a rubric file defines (a conduct record's kind, …) with its title as the label:
/// written `{code, label}` like a labelled enumeration, though its values come from the file.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct RubricCode {
    /// The code as the rubric file spells it.
    pub code: String,
    /// Its Chinese title from the file.
    pub label: String,
}

/// What every labelled enumeration offers the generic JSON code below.
pub trait Labelled: Copy + Sized + 'static {
    /// What the enumeration is, in Chinese, for messages (e.g. 单位类型).
    const WHAT: &'static str;
    /// Every value, in display order.
    fn all() -> &'static [Self];
    /// The stable code.
    fn code_of(self) -> &'static str;
    /// The Chinese label.
    fn label_of(self) -> &'static str;
    /// Parses a code or a label; the error names `field`.
    fn parse_named(field: &str, raw: &str) -> Result<Self, FieldError>;
}

/// Writes `{code, label}`.
pub fn serialize<E: Labelled, S: serde::Serializer>(value: E, s: S) -> Result<S::Ok, S::Error> {
    let mut out = s.serialize_struct("Labelled", 2)?;
    out.serialize_field("code", value.code_of())?;
    out.serialize_field("label", value.label_of())?;
    out.end()
}

/// Writes the bare code: for records kept in their stored shape (audit snapshots of rows),
/// where the code is what the column holds.
pub fn as_code<E: Labelled, S: serde::Serializer>(value: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value.code_of())
}

/// Reads a bare code or label, or `{code, label?}` (a label given must be the code's).
pub fn deserialize<'de, E: Labelled, D: serde::Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
    let parse = |raw: &str| E::parse_named("value", raw).map_err(|e| D::Error::custom(e.message));
    match &value {
        serde_json::Value::String(raw) => parse(raw),
        serde_json::Value::Object(map) => {
            let extra = map.keys().find(|k| *k != "code" && *k != "label");
            if let Some(key) = extra {
                return Err(D::Error::custom(format!(
                    "字段 {key} 不在允许之列，只能有 code 和 label (unknown field)"
                )));
            }
            let code = map.get("code").and_then(|c| c.as_str()).ok_or_else(|| {
                D::Error::custom(format!("{}应有字符串 code (missing code)", E::WHAT))
            })?;
            let found = E::all().iter().copied().find(|v| v.code_of() == code);
            let found = found.ok_or_else(|| {
                parse(code)
                    .err()
                    .unwrap_or_else(|| D::Error::custom("code"))
            })?;
            match map.get("label") {
                None => Ok(found),
                Some(l) if l.as_str() == Some(found.label_of()) => Ok(found),
                Some(l) => Err(D::Error::custom(format!(
                    "label {l} 与 code {code:?} 不符，应为 {:?} (label does not match code)",
                    found.label_of()
                ))),
            }
        }
        _ => Err(D::Error::custom(format!(
            "{}应为代码字符串或 {{code, label}} 对象 (expected a code or {{code, label}})",
            E::WHAT
        ))),
    }
}

/// The schema: what is written (`{code, label}`, both required) when describing responses;
/// either form when describing what is read.
pub fn schema<E: Labelled>(generator: &mut SchemaGenerator, description: &str) -> Schema {
    let codes: Vec<&str> = E::all().iter().map(|v| v.code_of()).collect();
    let labels: Vec<&str> = E::all().iter().map(|v| v.label_of()).collect();
    // One object per value, so a code never travels with another value's label; closed, as
    // the reader refuses any other key.
    let pairs: Vec<Schema> = E::all()
        .iter()
        .map(|v| {
            json_schema!({
                "type": "object",
                "additionalProperties": false,
                "required": ["code", "label"],
                "properties": {
                    "code": {"type": "string", "enum": [v.code_of()]},
                    "label": {"type": "string", "enum": [v.label_of()]}
                }
            })
        })
        .collect();
    let object = json_schema!({"description": description, "oneOf": pairs});
    match generator.contract() {
        Contract::Deserialize => {
            let texts: Vec<&str> = codes.iter().chain(&labels).copied().collect();
            json_schema!({
                "description": description,
                "oneOf": [{"type": "string", "enum": texts}, object]
            })
        }
        _ => object,
    }
}

/// Declares a labelled enumeration: `labelled_enum!(/// docs Name, "什么" { Variant = ("code",
/// "标签"), … })`. JSON: see the module docs.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $crate::domain::labelled::Labelled for $name {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code_of(self) -> &'static str {
                self.code()
            }
            fn label_of(self) -> &'static str {
                self.label()
            }
            fn parse_named(field: &str, raw: &str) -> Result<Self, $crate::domain::FieldError> {
                Self::parse(field, raw)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::domain::labelled::serialize(*self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::domain::labelled::deserialize(d)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::domain::labelled::schema::<Self>(g, $what)
            }
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and API code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The stored and API code (the same as [`Self::code`]).
            pub fn as_str(self) -> &'static str {
                self.code()
            }

            /// The Chinese label.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Every Chinese label, for dropdowns.
            pub fn labels() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.label()).collect()
            }

            /// Parses a code or a label (surrounding blanks ignored); the error names `field`.
            pub fn parse(field: &str, raw: &str) -> Result<Self, $crate::domain::FieldError> {
                let text = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == text || v.label() == text)
                    .ok_or_else(|| {
                        let choices: Vec<String> = Self::ALL
                            .iter()
                            .map(|v| format!("{}（{}）", v.label(), v.code()))
                            .collect();
                        $crate::domain::FieldError::new(
                            field,
                            format!(
                                "{:?} 不是有效的{}，应为：{} (unknown value)",
                                text,
                                $what,
                                choices.join("、")
                            ),
                        )
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse("value", s)
            }
        }

        // A stored code read into the enum at the store's edge (`#[sqlx(try_from = "String")]`).
        impl TryFrom<String> for $name {
            type Error = $crate::domain::FieldError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}

pub(crate) use labelled_enum;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::domain::period::Phase;

    #[test]
    fn written_with_its_label_and_read_in_any_form() {
        let written = serde_json::to_value(Phase::Review).unwrap();
        assert_eq!(
            written,
            json!({"code": "review", "label": Phase::Review.label()})
        );
        for form in [
            json!("review"),
            json!(Phase::Review.label()),
            written,
            json!({"code": "review"}),
        ] {
            assert_eq!(
                serde_json::from_value::<Phase>(form).unwrap(),
                Phase::Review
            );
        }
        let wrong_label = json!({"code": "review", "label": Phase::Final.label()});
        let e = serde_json::from_value::<Phase>(wrong_label).unwrap_err();
        assert!(e.to_string().contains("不符"), "{e}");
        assert!(serde_json::from_value::<Phase>(json!({"code": "review", "x": 1})).is_err());
        assert!(serde_json::from_value::<Phase>(json!(3)).is_err());
    }
}
