//! Residents' personal numbers kept out of free text that officials type about them (a
//! complaint's summary or resolution): a mainland mobile number or a resident ID number there
//! would be copied into lists, exports and audit entries. Masked forms (138****1234) pass.

use std::sync::LazyLock;

use regex::Regex;

use super::FieldError;

/// A mobile number (1[3-9] and nine digits) or an 18-character resident ID number (six
/// region digits, a 19xx/20xx birth date, three digits and a check character), standing alone
/// (not inside a longer run of digits, such as a work-order number).
static PERSONAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])(1[3-9][0-9]{9}|[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?:$|[^0-9Xx])",
    )
    .ok()
});

/// `text` as the pattern reads it: full-width digits made ASCII (NFKC), and the spaces and
/// dashes people put inside a number (139 1234 5678, 139-1234-5678) taken out.
fn compact(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{3000}'
            )
        })
        .collect()
}

/// 422 on `field` when `text` holds a mobile or resident ID number, however spaced.
pub fn no_personal_numbers(field: &str, text: &str) -> Result<(), FieldError> {
    let text = compact(text);
    let found = PERSONAL.as_ref().is_some_and(|re| re.is_match(&text));
    if found {
        return Err(FieldError::new(
            field,
            "请勿录入居民的手机号码或身份证号码（个人信息不进入考评记录；如需提及可写成 138****1234）\
             (no personal phone or ID numbers)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_and_id_numbers_are_refused_and_masked_or_longer_numbers_pass() {
        assert!(PERSONAL.is_some(), "the pattern compiles");
        for bad in [
            "业主13912345678反映漏水",
            "联系电话：15800001111",
            "身份证 34062119800101123X",
            "340621198001011234",
            "业主 139 1234 5678 投诉",
            "电话139-1234-5678",
            "电话１３９１２３４５６７８",
        ] {
            assert!(no_personal_numbers("summary", bad).is_err(), "{bad}");
        }
        for ok in [
            "业主138****1234反映漏水",
            "工单号 20230512000123",
            "12345 热线转办，编号 202305120001234567890",
            "3号楼电梯停运 2 天",
            "",
        ] {
            assert!(no_personal_numbers("summary", ok).is_ok(), "{ok}");
        }
        let e = no_personal_numbers("note", "回访 13800001111").unwrap_err();
        assert_eq!(e.field, "note");
    }
}
