//! Handover inspections (承接查验): when a company takes over an estate, an inspection group led
//! by the community — county department, town or park, owner representatives, companies —
//! checks the common parts and facilities. The plan (方案 三(二)3) requires owner
//! representatives to be at least one third of the group.
//!
//! The one-third rule is decided in integers (`3 × owners ≥ group`): 1/3 has no exact decimal
//! form, and 0.333… × 9 = 2.997 would let 3 owners of 9 pass only by luck of rounding.

use jiff::civil::Date;
use serde::Serialize;
use validator::Validate;

use super::fields;
use super::records::Errors;
use crate::domain::FieldError;
use crate::domain::field_rules as rules;
use crate::domain::text::{self, Lines};

/// Largest inspection group accepted: real groups have a handful to a few dozen members, so a
/// bigger figure is a typing slip, not a group.
pub const MAX_GROUP_SIZE: i64 = 200;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// Who sat on an inspection group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct InspectionGroup {
    /// 查验组人数: members of the group, owner representatives included.
    pub size: i64,
    /// 业主代表人数.
    pub owner_representatives: i64,
}

impl InspectionGroup {
    /// Whether owner representatives are at least one third of the group (方案 三(二)3:
    /// 业主代表人数不少于1/3), decided exactly as `3 × owners ≥ size`.
    pub fn owners_at_least_one_third(self) -> bool {
        i128::from(self.owner_representatives) * 3 >= i128::from(self.size)
    }
}

/// A handover inspection's fields as text (from JSON or a spreadsheet row), with each
/// field's rule (see [`crate::domain::field_rules`]).
#[derive(Debug, Clone, Default, Validate)]
pub struct HandoverFields<'a> {
    #[validate(custom(function = "rules::date"))]
    pub inspected_on: &'a str,
    #[validate(custom(function = "rules::positive_count::<MAX_GROUP_SIZE>"))]
    pub group_size: &'a str,
    #[validate(custom(function = "rules::count::<MAX_GROUP_SIZE>"))]
    pub owner_representatives: &'a str,
    #[validate(custom(function = "rules::optional_text::<MAX_NOTE_CHARS>"))]
    pub note: Option<&'a str>,
}

impl HandoverFields<'_> {
    /// The fields in order (errors are reported in it).
    pub const FIELDS: &'static [&'static str] = &[
        "inspected_on",
        "group_size",
        "owner_representatives",
        "note",
    ];
}

/// The rest of a 承接查验 sheet row: which project, by its code (the JSON API names it in the
/// URL).
#[derive(Debug, Clone, Default, Validate)]
pub struct HandoverRowLink<'a> {
    /// 项目编号.
    #[validate(custom(function = "rules::required_line::<50>"))]
    pub project_code: &'a str,
}

/// A handover inspection (承接查验) of one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct HandoverInspection {
    /// 查验日期.
    pub inspected_on: Date,
    pub group: InspectionGroup,
    /// 备注.
    pub note: Option<String>,
}

impl HandoverInspection {
    /// Parses every field, reporting all errors at once. `today` is the service's calendar day
    /// (Beijing): an inspection cannot be recorded before it has taken place.
    pub fn parse(f: &HandoverFields<'_>, today: Date) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::validated(f, HandoverFields::FIELDS);
        let inspected_on = e.take(inspection_date(f.inspected_on, today));
        let size = e.take(group_size(f.group_size));
        let owners = e.take(fields::count(
            "owner_representatives",
            f.owner_representatives,
            MAX_GROUP_SIZE,
        ));
        let note = e.take(text::optional("note", f.note, MAX_NOTE_CHARS, Lines::Multi));
        if let (Some(size), Some(owners)) = (size, owners)
            && owners > size
        {
            e.push(
                "owner_representatives",
                format!(
                    "业主代表人数 {owners} 超过查验组人数 {size} (more owner representatives than members)"
                ),
            );
        }
        match (inspected_on, size, owners, note) {
            (Some(inspected_on), Some(size), Some(owner_representatives), Some(note))
                if e.0.is_empty() =>
            {
                Ok(Self {
                    inspected_on,
                    group: InspectionGroup {
                        size,
                        owner_representatives,
                    },
                    note,
                })
            }
            _ => Err(e.ordered(HandoverFields::FIELDS)),
        }
    }
}

fn inspection_date(raw: &str, today: Date) -> Result<Date, FieldError> {
    let day = fields::date("inspected_on", raw)?;
    if day > today {
        return Err(FieldError::new(
            "inspected_on",
            format!(
                "查验日期 {day} 晚于今天 {today}（北京时间），不能登记尚未进行的查验 (must not be in the future)"
            ),
        ));
    }
    Ok(day)
}

fn group_size(raw: &str) -> Result<i64, FieldError> {
    let size = fields::count("group_size", raw, MAX_GROUP_SIZE)?;
    if size < 1 {
        return Err(FieldError::new(
            "group_size",
            "查验组人数应至少为 1 (at least 1)",
        ));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2023, 6, 30);

    fn input(
        on: &'static str,
        size: &'static str,
        owners: &'static str,
    ) -> HandoverFields<'static> {
        HandoverFields {
            inspected_on: on,
            group_size: size,
            owner_representatives: owners,
            note: Some("  社区牵头，县住建局、镇、业主代表、企业参加  "),
        }
    }

    fn group(size: i64, owner_representatives: i64) -> InspectionGroup {
        InspectionGroup {
            size,
            owner_representatives,
        }
    }

    #[test]
    fn one_third_is_decided_exactly_at_the_line() {
        assert!(group(9, 3).owners_at_least_one_third());
        assert!(!group(10, 3).owners_at_least_one_third());
        assert!(group(10, 4).owners_at_least_one_third());
        assert!(group(6, 2).owners_at_least_one_third());
        assert!(!group(7, 2).owners_at_least_one_third());
        assert!(group(1, 1).owners_at_least_one_third());
        assert!(!group(1, 0).owners_at_least_one_third());
        assert!(group(i64::MAX, i64::MAX / 3 + 1).owners_at_least_one_third());
    }

    #[test]
    fn a_complete_inspection_parses() {
        let h = HandoverInspection::parse(&input("2023/6/30", "9", "3"), TODAY).unwrap();
        assert_eq!(h.inspected_on, TODAY);
        assert_eq!(h.group, group(9, 3));
        assert_eq!(
            h.note.as_deref(),
            Some("社区牵头，县住建局、镇、业主代表、企业参加")
        );
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let errs = HandoverInspection::parse(&input("2023-07-01", "0", "-1"), TODAY).unwrap_err();
        let names: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            names,
            ["inspected_on", "group_size", "owner_representatives"]
        );
        assert!(errs[0].message.contains("晚于今天"), "{}", errs[0].message);
        let errs = HandoverInspection::parse(&input("2023-06-01", "201", "3"), TODAY).unwrap_err();
        assert_eq!(errs[0].field, "group_size");
    }

    #[test]
    fn owners_cannot_outnumber_the_group() {
        let errs = HandoverInspection::parse(&input("2023-06-01", "5", "6"), TODAY).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "owner_representatives");
        assert!(errs[0].message.contains("超过查验组人数"));
        // All owners is allowed; none is recorded (it simply misses the 1/3).
        assert!(HandoverInspection::parse(&input("2023-06-01", "5", "5"), TODAY).is_ok());
        assert!(HandoverInspection::parse(&input("2023-06-01", "5", "0"), TODAY).is_ok());
    }

    #[test]
    fn notes_are_bounded_and_free_of_control_characters() {
        let long = "查".repeat(MAX_NOTE_CHARS + 1);
        let f = HandoverFields {
            note: Some(&long),
            ..input("2023-06-01", "5", "2")
        };
        assert_eq!(
            HandoverInspection::parse(&f, TODAY).unwrap_err()[0].field,
            "note"
        );
        let f = HandoverFields {
            note: Some("a\u{7}b"),
            ..input("2023-06-01", "5", "2")
        };
        assert_eq!(
            HandoverInspection::parse(&f, TODAY).unwrap_err()[0].field,
            "note"
        );
        let f = HandoverFields {
            note: Some("第一行\n第二行"),
            ..input("2023-06-01", "5", "2")
        };
        assert!(HandoverInspection::parse(&f, TODAY).is_ok());
    }
}
