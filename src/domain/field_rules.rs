//! Field rules of records that do not arrive as an OpenAPI body — spreadsheet rows (the
//! ledger import today; paper surveys, evaluations, complaints and conduct records next) and
//! command-line input — declared once on the record type with the `validator` crate.
//!
//! # Which rules live where, and why
//!
//! - **OpenAPI schemas** state the rules of JSON bodies (types, `minimum`, `maxLength`,
//!   `pattern`, …): a generated client learns them from the spec, and poem-openapi checks them.
//! - **`#[derive(Validate)]`** states the field rules of records that no OpenAPI schema
//!   describes: a spreadsheet row is text in cells, a command line is text in arguments. Each
//!   record type (e.g. [`crate::domain::ledger::records::ProjectFields`]) names each field's
//!   rule once, in an attribute, and every edge that fills the record — a JSON body, a sheet
//!   row, the command line — gets the same check and the same Chinese message, which the sheet
//!   layer pins to the column (`物业项目!G5 户数：…`).
//! - **Domain parse functions** ([`crate::domain::text`], [`crate::domain::number`],
//!   [`crate::domain::ledger::fields`], [`crate::domain::ledger::CreditCode`]) are the rules
//!   themselves, shared by both: the custom validators below only call them, and the records'
//!   `parse` calls them again to obtain the typed value. Rules across fields (a committee's
//!   party members at most its members, owner representatives at most the group) stay in the
//!   records' `parse`, which reports them after the field rules.
//!
//! [`field_errors`] turns `validator`'s errors into [`FieldError`]s in the record's field
//! order, with Chinese messages for the built-in rules (`length`, `range`, `required`).

use std::borrow::Cow;

use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use super::FieldError;
use super::ledger::{CreditCode, ManagementType, fields};
use super::number;
use super::text::{self, Lines};

/// The errors of one record as field errors: fields in `order` first, in that order, then any
/// others by name; within a field, in the order its rules are declared.
pub fn field_errors(errors: &ValidationErrors, order: &[&str]) -> Vec<FieldError> {
    let mut fields: Vec<(&str, &Vec<ValidationError>)> = errors
        .errors()
        .iter()
        .filter_map(|(name, kind)| match kind {
            ValidationErrorsKind::Field(list) => Some((name.as_ref(), list)),
            _ => None,
        })
        .collect();
    fields.sort_by_key(|(name, _)| {
        (
            order.iter().position(|o| o == name).unwrap_or(usize::MAX),
            *name,
        )
    });
    fields
        .into_iter()
        .flat_map(|(name, list)| list.iter().map(move |e| FieldError::new(name, message(e))))
        .collect()
}

/// The Chinese message of one broken rule.
fn message(e: &ValidationError) -> String {
    if let Some(m) = &e.message {
        return m.to_string();
    }
    let param = |k: &str| {
        e.params
            .get(k)
            .map(|v| v.to_string().trim_matches('"').to_owned())
    };
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("长度应为 {min}–{max} 个字符 (length)"),
            (None, Some(max)) => format!("长度不能超过 {max} 个字符 (too long)"),
            (Some(min), None) => format!("长度至少 {min} 个字符 (too short)"),
            _ => "长度不符 (length)".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("应在 {min} 到 {max} 之间 (out of range)"),
            (None, Some(max)) => format!("不能大于 {max} (too large)"),
            (Some(min), None) => format!("不能小于 {min} (too small)"),
            _ => "超出范围 (out of range)".into(),
        },
        "required" => "必须填写 (required)".into(),
        "non_control_character" => "不能包含控制字符 (control characters are not allowed)".into(),
        code => format!("不符合规则 {code} (invalid)"),
    }
}

/// A domain rule's error as a validator error (the field is named by the record).
fn from_domain(code: &'static str, e: FieldError) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Owned(e.message))
}

fn check<T>(code: &'static str, r: Result<T, FieldError>) -> Result<(), ValidationError> {
    r.map(drop).map_err(|e| from_domain(code, e))
}

/// A required single line of at most `MAX` characters, no control characters.
pub fn required_line<const MAX: usize>(v: &str) -> Result<(), ValidationError> {
    check("text", text::required("", v, MAX, Lines::Single))
}

/// An optional single line of at most `MAX` characters (blank is absent).
pub fn optional_line<const MAX: usize>(v: &str) -> Result<(), ValidationError> {
    check("text", text::optional("", Some(v), MAX, Lines::Single))
}

/// Optional text of several lines, at most `MAX` characters (blank is absent).
pub fn optional_text<const MAX: usize>(v: &str) -> Result<(), ValidationError> {
    check("text", text::optional("", Some(v), MAX, Lines::Multi))
}

/// A unified social credit code with a valid check character (GB 32100-2015).
pub fn credit_code(v: &str) -> Result<(), ValidationError> {
    check("credit_code", CreditCode::parse("", v))
}

/// 是/否 (also yes/no, true/false, 1/0).
pub fn yes_no(v: &str) -> Result<(), ValidationError> {
    check("yes_no", fields::yes_no("", v))
}

/// A date as officials write it (`2023-01-05`, `2023/1/5`, `2023年1月5日`); blank is absent.
pub fn date(v: &str) -> Result<(), ValidationError> {
    check("date", fields::optional_date("", Some(v)))
}

/// A whole number from 0 to `MAX`; blank is absent.
pub fn count<const MAX: i64>(v: &str) -> Result<(), ValidationError> {
    check("count", fields::optional_count("", Some(v), MAX))
}

/// A whole number from 1 to `MAX`.
pub fn positive_count<const MAX: i64>(v: &str) -> Result<(), ValidationError> {
    let n = fields::count("", v, MAX).map_err(|e| from_domain("count", e))?;
    if n < 1 {
        return Err(ValidationError::new("count").with_message("应至少为 1 (at least 1)".into()));
    }
    Ok(())
}

/// 建筑面积: see [`number::FLOOR_AREA`].
pub fn floor_area(v: &str) -> Result<(), ValidationError> {
    check("decimal", fields::amount("", v, number::FLOOR_AREA))
}

/// 收费标准: see [`number::FEE_STANDARD`]; blank is absent.
pub fn fee_standard(v: &str) -> Result<(), ValidationError> {
    if v.trim().is_empty() {
        return Ok(());
    }
    check("decimal", fields::amount("", v, number::FEE_STANDARD))
}

/// A management type, by code or Chinese label.
pub fn management_type(v: &str) -> Result<(), ValidationError> {
    check("management_type", ManagementType::parse("", v))
}

/// A telephone number: digits, blanks, `+`, `-`, parentheses; at most 30 characters.
pub fn phone(v: &str) -> Result<(), ValidationError> {
    optional_line::<30>(v)?;
    if v.trim()
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
    {
        Ok(())
    } else {
        Err(
            ValidationError::new("phone").with_message(Cow::Owned(format!(
                "{:?} 不是电话号码，只能包含数字、空格、+、-、括号 (invalid phone number)",
                v.trim()
            ))),
        )
    }
}

/// A project code: one line of at most 50 characters without blanks.
pub fn project_code(v: &str) -> Result<(), ValidationError> {
    required_line::<50>(v)?;
    if v.trim().chars().any(char::is_whitespace) {
        return Err(ValidationError::new("project_code")
            .with_message("项目编号不能包含空格 (no spaces in a code)".into()));
    }
    Ok(())
}

/// A token role: admin, reviewer, unit, company or inspector.
pub fn role(v: &str) -> Result<(), ValidationError> {
    v.parse::<super::access::Role>()
        .map(drop)
        .map_err(|e| ValidationError::new("role").with_message(Cow::Owned(e.message)))
}

#[cfg(test)]
mod tests {
    use validator::Validate;

    use super::*;

    #[derive(Validate)]
    struct Row<'a> {
        #[validate(custom(function = "required_line::<5>"))]
        name: &'a str,
        #[validate(custom(function = "count::<10>"))]
        size: Option<&'a str>,
        #[validate(length(min = 2, max = 3))]
        code: Vec<u8>,
        #[validate(range(min = 1, max = 9))]
        level: u8,
        #[validate(custom(function = "credit_code"))]
        credit: &'a str,
    }

    #[test]
    fn errors_follow_the_field_order_with_chinese_messages() {
        let row = Row {
            name: "  ",
            size: Some("11"),
            code: vec![1],
            level: 0,
            credit: "91350100M000100Y44",
        };
        let errors = field_errors(
            &row.validate().unwrap_err(),
            &["name", "size", "code", "level", "credit"],
        );
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "size", "code", "level", "credit"]);
        assert!(errors[0].message.contains("不能为空"), "{}", errors[0]);
        assert!(errors[1].message.contains("超出范围"), "{}", errors[1]);
        assert!(errors[2].message.contains("长度应为 2–3"), "{}", errors[2]);
        assert!(
            errors[3].message.contains("应在 1 到 9 之间"),
            "{}",
            errors[3]
        );
        assert!(errors[4].message.contains("校验码"), "{}", errors[4]);
    }

    #[test]
    fn absent_optional_fields_are_not_checked() {
        let row = Row {
            name: "甲",
            size: None,
            code: vec![1, 2],
            level: 3,
            credit: "91350100M000100Y43",
        };
        assert!(row.validate().is_ok());
    }

    #[test]
    fn each_bridge_calls_the_domain_rule() {
        assert!(yes_no("是").is_ok() && yes_no("也许").is_err());
        assert!(date("2023/1/5").is_ok() && date("2023-02-30").is_err() && date(" ").is_ok());
        assert!(floor_area("96,500.5").is_ok() && floor_area("1.001").is_err());
        assert!(fee_standard("").is_ok() && fee_standard("0.00001").is_err());
        assert!(management_type("专业化物业服务").is_ok() && management_type("物业").is_err());
        assert!(phone("0561-6012345").is_ok() && phone("call me").is_err());
        assert!(project_code("SX-1").is_ok() && project_code("SX 1").is_err());
        assert!(positive_count::<200>("0").is_err() && positive_count::<200>("9").is_ok());
        assert!(role("admin").is_ok() && role("root").is_err());
        assert!(optional_text::<5>("a\nb").is_ok() && optional_line::<5>("a\nb").is_err());
    }
}
