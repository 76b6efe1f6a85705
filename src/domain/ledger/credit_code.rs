//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! 18 characters: registration authority (1), organisation type (1), administrative division
//! (6 digits), organisation code (9), and a check character computed over the first 17 with
//! weights 3^i mod 31 from a 31-character alphabet that leaves out I, O, S, V and Z.

use std::fmt;

use serde::Serialize;

use crate::domain::FieldError;

/// The 31 characters a code may use, in value order (0–30).
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17 (3^i mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A verified unified social credit code (upper case).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct CreditCode(String);

fn value_of(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters (which must be in the alphabet).
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

impl CreditCode {
    /// Parses and verifies a code; lower case is accepted and upper-cased. `field` names the
    /// input in errors.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_uppercase();
        let bad = |m: String| Err(FieldError::new(field, m));
        let len = code.chars().count();
        if len != 18 {
            return bad(format!(
                "统一社会信用代码应为 18 位，实际 {len} 位 (must be 18 characters)"
            ));
        }
        if let Some((i, c)) = code.char_indices().find(|(_, c)| value_of(*c).is_none()) {
            return bad(format!(
                "第 {} 位字符 {c:?} 不在允许范围内（数字及除 I、O、S、V、Z 外的大写字母） (invalid character)",
                i + 1
            ));
        }
        if !code[2..8].chars().all(|c| c.is_ascii_digit()) {
            return bad(
                "第 3–8 位应为行政区划码（6 位数字） (positions 3–8 must be digits)".into(),
            );
        }
        let expected = check_char(&code[..17]).unwrap_or('?');
        let actual = code[17..].chars().next().unwrap_or('?');
        if expected != actual {
            return bad(format!(
                "校验码错误：第 18 位应为 {expected}，实际为 {actual}，请核对代码是否抄错 (check character mismatch, GB 32100-2015)"
            ));
        }
        Ok(Self(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_published_examples() {
        // The standard's example and codes printed on real business licences.
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "91440300708461136T",
        ] {
            assert!(CreditCode::parse("c", code).is_ok(), "{code}");
        }
        assert_eq!(
            CreditCode::parse("c", " 91350100m000100y43 ")
                .unwrap()
                .as_str(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let err = CreditCode::parse("credit_code", "91350100M000100Y44").unwrap_err();
        assert_eq!(err.field, "credit_code");
        assert!(err.message.contains("应为 3"), "{}", err.message);
    }

    #[test]
    fn refuses_wrong_length_and_letters_outside_the_alphabet() {
        assert!(CreditCode::parse("c", "91350100M000100Y4").is_err());
        let err = CreditCode::parse("c", "91350100O000100Y43").unwrap_err();
        assert!(err.message.contains("第 9 位"), "{}", err.message);
        assert!(CreditCode::parse("c", "91AB0100M000100Y43").is_err());
    }

    fn body() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(CHARSET.chars().collect::<Vec<_>>()),
            proptest::sample::select(CHARSET.chars().collect::<Vec<_>>()),
            "[0-9]{6}",
            proptest::collection::vec(
                proptest::sample::select(CHARSET.chars().collect::<Vec<_>>()),
                9,
            ),
        )
            .prop_map(|(a, b, div, org)| {
                format!("{a}{b}{div}{}", org.into_iter().collect::<String>())
            })
    }

    proptest! {
        #[test]
        fn a_computed_check_character_always_verifies(first17 in body()) {
            let code = format!("{first17}{}", check_char(&first17).unwrap());
            prop_assert!(CreditCode::parse("c", &code).is_ok());
        }

        #[test]
        fn any_single_substitution_is_detected(first17 in body(), pos in 0usize..18, k in 1usize..31) {
            let code: Vec<char> = format!("{first17}{}", check_char(&first17).unwrap()).chars().collect();
            let mut changed = code.clone();
            let old = CHARSET.find(code[pos]).unwrap();
            changed[pos] = CHARSET.chars().nth((old + k) % 31).unwrap();
            let changed: String = changed.into_iter().collect();
            prop_assert!(CreditCode::parse("c", &changed).is_err());
        }
    }
}
