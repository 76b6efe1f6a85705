//! A project record: its own fields as text with their rules, the sheet-only links, and the
//! typed record with its owners' committee.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use validator::Validate;

use super::{Errors, MAX_COMMITTEE, MAX_HOUSEHOLDS, MAX_STAFF};
use crate::domain::FieldError;
use crate::domain::field_rules as rules;
use crate::domain::ledger::{ManagementType, fields};
use crate::domain::number;
use crate::domain::text::{self, Lines};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OwnersCommittee {
    /// 成立日期.
    pub formed_on: Date,
    /// 成员人数.
    pub members: i64,
    /// 党员人数.
    pub party_members: i64,
}

/// A property project (物业项目 / 小区).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
