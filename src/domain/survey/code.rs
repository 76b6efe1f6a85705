//! Invitation codes (邀请码) and receipts: short, typeable, with a check character.
//!
//! A code is nine random symbols and one check symbol from a 32-symbol alphabet without the
//! look-alikes 0/O and 1/I, grouped `K7QM3-XPAZ9` (9 × 5 = 45 bits of randomness). The check
//! symbol is Luhn mod N (N = 32; H. P. Luhn's algorithm generalised to any alphabet), which
//! catches every single mistyped symbol and most swaps of neighbours before anything is sent.
//! Only a keyed hash of the normalised code is stored (HMAC-SHA256 under the server secret,
//! [`InvitationCode::keyed_hash`]): 45 bits are few enough to brute-force a plain SHA-256
//! from a database dump, never an HMAC whose key is not in the database. Rounds made before
//! the key existed keep their codes' plain SHA-256 ([`InvitationCode::legacy_hash`]).

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::domain::FieldError;

/// The symbols: digits 2–9 and A–Z without I and O.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Random symbols in a code (45 bits).
pub const RANDOM_SYMBOLS: usize = 9;

/// Random symbols in a receipt (40 bits; a receipt needs no check symbol).
pub const RECEIPT_SYMBOLS: usize = 8;

/// A well-formed invitation code, normalised (upper case, no separators, check symbol valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationCode(String);

fn value(symbol: u8) -> Option<usize> {
    ALPHABET.iter().position(|s| *s == symbol)
}

/// The Luhn mod 32 sum of `values` read from the right, doubling every second one starting
/// with the first (`double_first`) or the second.
fn luhn_sum(values: &[usize], double_first: bool) -> usize {
    let n = ALPHABET.len();
    let mut double = double_first;
    let mut sum = 0;
    for v in values.iter().rev() {
        let addend = if double { v * 2 } else { *v };
        sum += addend / n + addend % n;
        double = !double;
    }
    sum % n
}

/// The check symbol of `payload` symbol values.
fn check_symbol(values: &[usize]) -> u8 {
    let n = ALPHABET.len();
    ALPHABET[(n - luhn_sum(values, true)) % n]
}

/// `count` random symbols from `rng`.
fn random_symbols(rng: &mut impl Rng, count: usize) -> Vec<usize> {
    (0..count)
        .map(|_| rng.random_range(0..ALPHABET.len()))
        .collect()
}

fn text(values: &[usize]) -> String {
    values.iter().map(|v| char::from(ALPHABET[*v])).collect()
}

/// Groups a normalised code or receipt in halves: `K7QM3-XPAZ9`.
pub fn grouped(plain: &str) -> String {
    let (a, b) = plain.split_at(plain.len() / 2);
    format!("{a}-{b}")
}

impl InvitationCode {
    /// A new random code; `rng` must be a cryptographic generator (the service passes
    /// `rand::rng()`, ChaCha seeded and reseeded from the operating system).
    pub fn generate(rng: &mut impl Rng) -> Self {
        let values = random_symbols(rng, RANDOM_SYMBOLS);
        let mut plain = text(&values);
        plain.push(char::from(check_symbol(&values)));
        Self(plain)
    }

    /// Reads a typed code: Unicode NFKC first (a Chinese input method types full-width
    /// `Ｋ７ＱＭ－３ＸＰＡ`), then case and separators (`-`, spaces) are ignored; a wrong length,
    /// a symbol outside the alphabet or a wrong check symbol is refused, naming `field`.
    pub fn parse(field: &str, typed: &str) -> Result<Self, FieldError> {
        use unicode_normalization::UnicodeNormalization;
        let plain: String = typed
            .nfkc()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bad = |why: &str| FieldError::new(field, why.to_owned());
        if plain.chars().count() != RANDOM_SYMBOLS + 1 {
            return Err(bad(
                "邀请码应为 10 位（如 K7QM3-XPAZ9），请核对后重新输入 (a code has 10 symbols)",
            ));
        }
        let values: Option<Vec<usize>> = plain.bytes().map(value).collect();
        let Some(values) = values else {
            return Err(bad(
                "邀请码只含数字 2–9 和字母（不含 I、O），请核对后重新输入 (symbol outside the alphabet)",
            ));
        };
        if luhn_sum(&values, false) != 0 {
            return Err(bad(
                "邀请码有误（校验位不符），请核对后重新输入 (check symbol does not match)",
            ));
        }
        Ok(Self(plain))
    }

    /// The code as printed: `K7QM3-XPAZ9`.
    pub fn shown(&self) -> String {
        grouped(&self.0)
    }

    /// The stored form: HMAC-SHA256 of the normalised code under `key` (the server secret),
    /// hex.
    pub fn keyed_hash(&self, key: &[u8]) -> String {
        hmac_hex(key, &["invitation-code", &self.0])
    }

    /// The form stored by rounds made before the server secret (plain SHA-256, hex): matched
    /// only in those rounds.
    pub fn legacy_hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

/// A new receipt code (returned once to the resident, stored as its hash): `7QM3-XPAZ`.
pub fn new_receipt(rng: &mut impl Rng) -> String {
    grouped(&text(&random_symbols(rng, RECEIPT_SYMBOLS)))
}

/// The published form of a receipt: SHA-256 of its symbols without the separator, hex.
pub fn receipt_hash(receipt: &str) -> String {
    let plain: String = receipt
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    sha256_hex(&plain)
}

/// HMAC-SHA256 under `key` of `parts` joined by newlines (no part holds one), hex.
pub fn hmac_hex(key: &[u8], parts: &[&str]) -> String {
    use hmac::{KeyInit, Mac};
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let Ok(mut mac) = hmac::Hmac::<sha2_11::Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of every length")
    };
    mac.update(parts.join("\n").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// SHA-256 of `text`, hex.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_read_back_grouped_or_not() {
        let mut rng = rand::rng();
        for _ in 0..200 {
            let code = InvitationCode::generate(&mut rng);
            let shown = code.shown();
            assert_eq!(shown.len(), 11);
            assert_eq!(InvitationCode::parse("code", &shown).unwrap(), code);
            let lower = shown.to_lowercase().replace('-', " ");
            assert_eq!(InvitationCode::parse("code", &lower).unwrap(), code);
        }
    }

    #[test]
    fn full_width_and_lower_case_input_reads_as_the_code() {
        let code = InvitationCode::parse("code", "2222222222").unwrap();
        for typed in [
            "２２２２２－２２２２２",
            "２２２２２　２２２２２",
            "22222 22222",
        ] {
            assert_eq!(
                InvitationCode::parse("code", typed).unwrap(),
                code,
                "{typed}"
            );
        }
        let generated = InvitationCode::generate(&mut rand::rng());
        let wide: String = generated
            .shown()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                '-' => '－',
                c => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            })
            .collect();
        assert_eq!(
            InvitationCode::parse("code", &wide).unwrap(),
            generated,
            "{wide}"
        );
    }

    #[test]
    fn every_single_mistyped_symbol_is_caught() {
        let code = InvitationCode::generate(&mut rand::rng()).0;
        for i in 0..code.len() {
            for s in ALPHABET.iter().filter(|s| **s != code.as_bytes()[i]) {
                let mut typo = code.clone().into_bytes();
                typo[i] = *s;
                let typo = String::from_utf8(typo).unwrap();
                assert!(InvitationCode::parse("code", &typo).is_err(), "{typo}");
            }
        }
    }

    #[test]
    fn check_symbol_by_hand() {
        // "22222222" → values all 0, so the sum is 0 and the check symbol is ALPHABET[0].
        assert_eq!(check_symbol(&[0; 9]), b'2');
        // values [1] doubled = 2 → check (32 − 2) % 32 = 30 → 'Y'.
        assert_eq!(check_symbol(&[1]), b'Y');
        assert!(InvitationCode::parse("code", "2222222222").is_ok());
    }

    #[test]
    fn malformed_codes_name_the_field() {
        for bad in ["", "ABC", "K7QM3-XPAZ9-1", "O0000-00000", "1111111111"] {
            assert_eq!(
                InvitationCode::parse("code", bad).unwrap_err().field,
                "code"
            );
        }
    }

    #[test]
    fn keyed_hashes_depend_on_the_key_and_differ_from_the_legacy_hash() {
        let code = InvitationCode::parse("code", "2222222222").unwrap();
        let a = code.keyed_hash(b"key one, at least thirty-two bytes");
        assert_eq!(a, code.keyed_hash(b"key one, at least thirty-two bytes"));
        assert_ne!(a, code.keyed_hash(b"key two, at least thirty-two bytes"));
        assert_ne!(a, code.legacy_hash());
        assert_eq!(a.len(), 64);
        // RFC 4231 test case 2 (key "Jefe"), as a check that this is HMAC-SHA256 itself.
        assert_eq!(
            hmac_hex(b"Jefe", &["what do ya want for nothing?"]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn receipts_hash_without_their_separator() {
        let r = new_receipt(&mut rand::rng());
        assert_eq!(r.len(), 9);
        assert_eq!(
            receipt_hash(&r),
            receipt_hash(&r.replace('-', "").to_lowercase())
        );
    }
}
