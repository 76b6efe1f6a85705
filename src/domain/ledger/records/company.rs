//! A company record: its fields as text with their rules, and the typed record.

use serde::Serialize;
use validator::Validate;

use super::Errors;
use crate::domain::FieldError;
use crate::domain::field_rules as rules;
use crate::domain::ledger::{CreditCode, fields};
use crate::domain::text::{self, Lines};

/// A company's fields as text (from JSON or a spreadsheet row), with each field's rule.
#[derive(Debug, Clone, Default, Validate)]
pub struct CompanyFields<'a> {
    #[validate(custom(function = "rules::credit_code"))]
    pub credit_code: &'a str,
    #[validate(custom(function = "rules::required_line::<100>"))]
    pub name: &'a str,
    #[validate(custom(function = "rules::optional_line::<50>"))]
    pub contact_person: Option<&'a str>,
    #[validate(custom(function = "rules::phone"))]
    pub contact_phone: Option<&'a str>,
    #[validate(custom(function = "rules::optional_line::<50>"))]
    pub qualification: Option<&'a str>,
    #[validate(custom(function = "rules::yes_no"))]
    pub has_party_org: &'a str,
}

impl CompanyFields<'_> {
    /// The fields in order (errors are reported in it).
    pub const FIELDS: &'static [&'static str] = &[
        "credit_code",
        "name",
        "contact_person",
        "contact_phone",
        "qualification",
        "has_party_org",
    ];
}

/// A property-service company (物业服务企业).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CompanyData {
    pub credit_code: CreditCode,
    pub name: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub qualification: Option<String>,
    /// 是否建立党组织.
    pub has_party_org: bool,
}

impl CompanyData {
    /// Parses every field, reporting all errors at once.
    pub fn parse(f: &CompanyFields<'_>) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::validated(f, CompanyFields::FIELDS);
        let credit_code = e.take(CreditCode::parse("credit_code", f.credit_code));
        let name = e.take(text::required("name", f.name, 100, Lines::Single));
        let contact_person = e.take(text::optional(
            "contact_person",
            f.contact_person,
            50,
            Lines::Single,
        ));
        let contact_phone = e.take(phone("contact_phone", f.contact_phone));
        let qualification = e.take(text::optional(
            "qualification",
            f.qualification,
            50,
            Lines::Single,
        ));
        let has_party_org = e.take(fields::yes_no("has_party_org", f.has_party_org));
        match (
            credit_code,
            name,
            contact_person,
            contact_phone,
            qualification,
            has_party_org,
        ) {
            (
                Some(credit_code),
                Some(name),
                Some(contact_person),
                Some(contact_phone),
                Some(qualification),
                Some(has_party_org),
            ) if e.0.is_empty() => Ok(Self {
                credit_code,
                name,
                contact_person,
                contact_phone,
                qualification,
                has_party_org,
            }),
            _ => Err(e.ordered(CompanyFields::FIELDS)),
        }
    }
}

fn phone(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let value = text::optional(field, raw, 30, Lines::Single)?;
    if let Some(v) = &value
        && !v
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
    {
        return Err(FieldError::new(
            field,
            format!("{v:?} 不是电话号码，只能包含数字、空格、+、-、括号 (invalid phone number)"),
        ));
    }
    Ok(value)
}
