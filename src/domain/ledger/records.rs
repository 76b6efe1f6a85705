//! Companies and projects as typed records, parsed from text with every field error collected.
//!
//! Field names in errors are the API's snake_case keys; the spreadsheet layer maps them to its
//! Chinese column headers, so one set of rules serves JSON requests and imports alike. Each
//! `…Fields` type declares its fields' rules with `#[derive(Validate)]`
//! ([`crate::domain::field_rules`]); `parse` checks them first, then the rules across fields.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use validator::Validate;

use super::{CreditCode, ManagementType, fields};
use crate::domain::FieldError;
use crate::domain::field_rules as rules;
use crate::domain::number;
use crate::domain::text::{self, Lines};

/// Largest household count accepted for one estate.
pub const MAX_HOUSEHOLDS: i64 = 1_000_000;
/// Largest committee size accepted.
pub const MAX_COMMITTEE: i64 = 1_000;
/// Largest staff count accepted for one project.
pub const MAX_STAFF: i64 = 100_000;

/// Collects field errors while parsing many fields: at most one per field, the first found
/// (a record's field rules run first, so a cross-field rule never repeats a field's own error).
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Starts with the errors of a record's declared field rules (see
    /// [`crate::domain::field_rules`]), in the order of `fields`.
    pub fn validated(record: &impl Validate, fields: &[&str]) -> Self {
        match record.validate() {
            Ok(()) => Self::default(),
            Err(e) => Self(rules::field_errors(&e, fields)),
        }
    }

    /// Keeps the value, or records its error and returns `None`.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.add(e)).ok()
    }

    /// Records one error.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.add(FieldError::new(field, message));
    }

    /// Records several errors.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        for e in errors {
            self.add(e);
        }
    }

    /// The errors in the order of `fields` (others last, as found).
    pub fn ordered(mut self, fields: &[&str]) -> Vec<FieldError> {
        self.0.sort_by_key(|e| {
            fields
                .iter()
                .position(|f| *f == e.field)
                .unwrap_or(usize::MAX)
        });
        self.0
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, e: FieldError) {
        if !self.0.iter().any(|old| old.field == e.field) {
            self.0.push(e);
        }
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// A project's own fields as text (region and company links are resolved by the service),
/// with each field's rule.
#[derive(Debug, Clone, Default, Validate)]
pub struct ProjectFields<'a> {
    #[validate(custom(function = "rules::project_code"))]
    pub code: &'a str,
    #[validate(custom(function = "rules::required_line::<100>"))]
    pub name: &'a str,
    #[validate(custom(function = "rules::optional_line::<200>"))]
    pub address: Option<&'a str>,
    #[validate(custom(function = "rules::management_type"))]
    pub management_type: &'a str,
    #[validate(custom(function = "rules::count::<MAX_HOUSEHOLDS>"))]
    pub households: &'a str,
    #[validate(custom(function = "rules::floor_area"))]
    pub floor_area: &'a str,
    #[validate(custom(function = "rules::fee_standard"))]
    pub fee_standard: Option<&'a str>,
    #[validate(custom(function = "rules::count::<MAX_STAFF>"))]
    pub staff_count: Option<&'a str>,
    #[validate(custom(function = "rules::yes_no"))]
    pub committee_formed: &'a str,
    #[validate(custom(function = "rules::date"))]
    pub committee_formed_on: Option<&'a str>,
    #[validate(custom(function = "rules::count::<MAX_COMMITTEE>"))]
    pub committee_members: Option<&'a str>,
    #[validate(custom(function = "rules::count::<MAX_COMMITTEE>"))]
    pub committee_party_members: Option<&'a str>,
}

impl ProjectFields<'_> {
    /// The fields in order (errors are reported in it).
    pub const FIELDS: &'static [&'static str] = &[
        "code",
        "name",
        "address",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
    ];
}

/// The rest of a 物业项目 sheet row: where the project is and who serves it (the JSON API
/// names these by id in the URL or in separate operations).
#[derive(Debug, Clone, Default, Validate)]
pub struct ProjectRowLinks<'a> {
    /// 镇（园区）, by name.
    #[validate(custom(function = "rules::required_line::<50>"))]
    pub town: &'a str,
    /// 社区, by name.
    #[validate(custom(function = "rules::required_line::<50>"))]
    pub community: &'a str,
    /// The serving company's credit code.
    #[validate(custom(function = "rules::credit_code"))]
    pub company_credit_code: Option<&'a str>,
    /// 服务开始日期.
    #[validate(custom(function = "rules::date"))]
    pub service_start: Option<&'a str>,
    /// 服务结束日期.
    #[validate(custom(function = "rules::date"))]
    pub service_end: Option<&'a str>,
}

impl ProjectRowLinks<'_> {
    /// The fields in order (errors are reported in it).
    pub const FIELDS: &'static [&'static str] = &[
        "town",
        "community",
        "company_credit_code",
        "service_start",
        "service_end",
    ];
}

/// An owners' committee (业主委员会).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OwnersCommittee {
    /// 成立日期.
    pub formed_on: Date,
    /// 成员人数.
    pub members: i64,
    /// 党员人数.
    pub party_members: i64,
}

/// A property project (物业项目 / 小区).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectData {
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    pub management_type: ManagementType,
    /// 户数.
    pub households: i64,
    /// 建筑面积, m².
    pub floor_area: Decimal,
    /// 收费标准, 元/m²/月.
    pub fee_standard: Option<Decimal>,
    /// 从业人员数.
    pub staff_count: Option<i64>,
    /// `None` when no committee has been formed.
    pub committee: Option<OwnersCommittee>,
}

impl ProjectData {
    /// Parses every field, reporting all errors at once.
    pub fn parse(f: &ProjectFields<'_>) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::validated(f, ProjectFields::FIELDS);
        let code = e.take(project_code(f.code));
        let name = e.take(text::required("name", f.name, 100, Lines::Single));
        let address = e.take(text::optional("address", f.address, 200, Lines::Single));
        let management_type = e.take(ManagementType::parse("management_type", f.management_type));
        let households = e.take(fields::count("households", f.households, MAX_HOUSEHOLDS));
        let floor_area = e.take(fields::amount(
            "floor_area",
            f.floor_area,
            number::FLOOR_AREA,
        ));
        let fee_standard = match f.fee_standard.map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(None),
            Some(s) => e
                .take(fields::amount("fee_standard", s, number::FEE_STANDARD))
                .map(Some),
        };
        let staff_count = e.take(fields::optional_count(
            "staff_count",
            f.staff_count,
            MAX_STAFF,
        ));
        let committee = committee(&mut e, f);
        match (
            code,
            name,
            address,
            management_type,
            households,
            floor_area,
            fee_standard,
            staff_count,
            committee,
        ) {
            (
                Some(code),
                Some(name),
                Some(address),
                Some(management_type),
                Some(households),
                Some(floor_area),
                Some(fee_standard),
                Some(staff_count),
                Some(committee),
            ) if e.0.is_empty() => Ok(Self {
                code,
                name,
                address,
                management_type,
                households,
                floor_area,
                fee_standard,
                staff_count,
                committee,
            }),
            _ => Err(e.ordered(ProjectFields::FIELDS)),
        }
    }
}

fn project_code(raw: &str) -> Result<String, FieldError> {
    let code = text::required("code", raw, 50, Lines::Single)?;
    if code.chars().any(char::is_whitespace) {
        return Err(FieldError::new(
            "code",
            "项目编号不能包含空格 (no spaces in a code)",
        ));
    }
    Ok(code)
}

/// The committee block: all of date, members, party members when formed; none when not.
fn committee(e: &mut Errors, f: &ProjectFields<'_>) -> Option<Option<OwnersCommittee>> {
    let formed = e.take(fields::yes_no("committee_formed", f.committee_formed))?;
    let on = e.take(fields::optional_date(
        "committee_formed_on",
        f.committee_formed_on,
    ));
    let members = e.take(fields::optional_count(
        "committee_members",
        f.committee_members,
        MAX_COMMITTEE,
    ));
    let party = e.take(fields::optional_count(
        "committee_party_members",
        f.committee_party_members,
        MAX_COMMITTEE,
    ));
    let (on, members, party) = (on?, members?, party?);
    if !formed {
        for (field, present) in [
            ("committee_formed_on", on.is_some()),
            ("committee_members", members.is_some()),
            ("committee_party_members", party.is_some()),
        ] {
            if present {
                e.push(
                    field,
                    "未成立业委会时此项应为空 (must be blank when no committee is formed)",
                );
            }
        }
        return Some(None);
    }
    let need = "已成立业委会时必须填写 (required when a committee is formed)";
    if on.is_none() {
        e.push("committee_formed_on", need);
    }
    match members {
        None => e.push("committee_members", need),
        Some(0) => e.push(
            "committee_members",
            "已成立业委会，成员人数应至少为 1 (at least 1)",
        ),
        _ => {}
    }
    if party.is_none() {
        e.push("committee_party_members", need);
    }
    let (on, members, party) = (on?, members?, party?);
    if party > members {
        e.push(
            "committee_party_members",
            format!("党员人数 {party} 超过成员人数 {members} (more party members than members)"),
        );
    }
    Some(Some(OwnersCommittee {
        formed_on: on,
        members,
        party_members: party,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> ProjectFields<'static> {
        ProjectFields {
            code: "SX-001",
            name: "翡翠城",
            management_type: "专业化物业服务",
            households: "820",
            floor_area: "96500.5",
            fee_standard: Some("1.2"),
            committee_formed: "是",
            committee_formed_on: Some("2022-06-01"),
            committee_members: Some("7"),
            committee_party_members: Some("4"),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_project_parses() {
        let p = ProjectData::parse(&project()).unwrap();
        assert_eq!(p.committee.unwrap().party_members, 4);
        assert_eq!(p.floor_area.to_string(), "96500.5");
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let f = ProjectFields {
            households: "many",
            management_type: "物业",
            committee_party_members: Some("9"),
            ..project()
        };
        let errs = ProjectData::parse(&f).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["management_type", "households", "committee_party_members"]
        );
    }

    #[test]
    fn committee_fields_follow_the_formed_flag() {
        let f = ProjectFields {
            committee_formed: "否",
            ..project()
        };
        assert_eq!(ProjectData::parse(&f).unwrap_err().len(), 3);
        let f = ProjectFields {
            committee_formed_on: None,
            ..project()
        };
        assert_eq!(
            ProjectData::parse(&f).unwrap_err()[0].field,
            "committee_formed_on"
        );
        let f = ProjectFields {
            committee_formed: "否",
            committee_formed_on: None,
            committee_members: None,
            committee_party_members: None,
            ..project()
        };
        assert_eq!(ProjectData::parse(&f).unwrap().committee, None);
    }

    #[test]
    fn company_with_bad_code_and_phone() {
        let errs = CompanyData::parse(&CompanyFields {
            credit_code: "91350100M000100Y44",
            name: "濉溪物业",
            contact_phone: Some("call me"),
            has_party_org: "是",
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["credit_code", "contact_phone"]);
    }
}
