//! Enumerations with a stable code (stored, used in the API) and a Chinese label (shown to
//! people, accepted from spreadsheets and forms): one macro declares both and everything
//! derived from them — the list, parsing from either spelling with a Chinese message naming
//! the field, `Display` as the code.

/// Declares a labelled enumeration: `labelled_enum!(/// docs Name, "什么" { Variant = ("code",
/// "标签"), … })`. The serde names are the codes (snake_case of the variants).
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
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
