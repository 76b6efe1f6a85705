//! First pass over an uploaded book, without the database: each row fills its sheet's record
//! types (whose declared field rules — `#[derive(Validate)]`, see
//! [`crate::domain::field_rules`] — are checked as for any other edge) and becomes a typed line
//! or problems naming its cells. Duplicate natural keys within a sheet are caught here too.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::domain::FieldError;
use crate::domain::ledger::handover::{HandoverFields, HandoverRowLink};
use crate::domain::ledger::records::{CompanyFields, Errors, ProjectFields, ProjectRowLinks};
use crate::domain::ledger::{
    CompanyData, CreditCode, HandoverInspection, ManagementType, ProjectData, ServicePeriod, fields,
};
use crate::domain::text::{self, Lines};
use crate::sheet::{CellProblem, Kind, RawBook, RawRow, RawSheet};

/// A valid company row.
#[derive(Debug, Clone)]
pub struct CompanyLine {
    pub row: u32,
    pub data: CompanyData,
}

/// A project row's current contract.
#[derive(Debug, Clone)]
pub struct ServiceLine {
    pub credit_code: CreditCode,
    pub period: ServicePeriod,
}

/// A valid project row.
#[derive(Debug, Clone)]
pub struct ProjectLine {
    pub row: u32,
    pub data: ProjectData,
    pub town: String,
    pub community: String,
    pub service: Option<ServiceLine>,
}

/// A valid handover inspection row; its project is found by code in the second pass.
#[derive(Debug, Clone)]
pub struct HandoverLine {
    pub row: u32,
    pub project_code: String,
    pub data: HandoverInspection,
}

/// Everything the first pass found.
#[derive(Debug, Default)]
pub struct Parsed {
    pub companies: Vec<CompanyLine>,
    pub projects: Vec<ProjectLine>,
    pub handovers: Vec<HandoverLine>,
    pub problems: Vec<CellProblem>,
}

/// Builds the problem for `field` on `row` of `sheet`.
pub fn problem(
    sheet: &RawSheet,
    row: &RawRow,
    field: &str,
    message: impl Into<String>,
) -> CellProblem {
    let (column, cell) = sheet.locate(row.number, field);
    CellProblem {
        sheet: sheet.name.clone(),
        row: row.number,
        column,
        cell,
        value: sheet.get(row, field).to_owned(),
        message: message.into(),
    }
}

fn push_all(out: &mut Vec<CellProblem>, sheet: &RawSheet, row: &RawRow, errors: Vec<FieldError>) {
    out.extend(
        errors
            .into_iter()
            .map(|e| problem(sheet, row, &e.field, e.message)),
    );
}

/// Parses every row of every ledger sheet in `book`; `today` (Beijing) bounds inspection dates.
pub fn parse(book: &RawBook, today: Date) -> Parsed {
    let mut out = Parsed::default();
    if let Some(sheet) = book.sheet(Kind::Companies) {
        companies(sheet, &mut out);
    }
    if let Some(sheet) = book.sheet(Kind::Projects) {
        projects(sheet, &mut out);
    }
    if let Some(sheet) = book.sheet(Kind::Handovers) {
        handovers(sheet, today, &mut out);
    }
    out
}

fn handovers(sheet: &RawSheet, today: Date, out: &mut Parsed) {
    let mut seen: HashMap<(String, Date), u32> = HashMap::new();
    for row in &sheet.rows {
        let link = HandoverRowLink {
            project_code: sheet.get(row, "project_code"),
        };
        let mut errors = Errors::validated(&link, &["project_code"]);
        let code = text::required("project_code", link.project_code, 50, Lines::Single)
            .map_err(|e| errors.extend([e]))
            .ok();
        let fields = HandoverFields {
            inspected_on: sheet.get(row, "inspected_on"),
            group_size: sheet.get(row, "group_size"),
            owner_representatives: sheet.get(row, "owner_representatives"),
            note: sheet.opt(row, "note"),
        };
        let data = HandoverInspection::parse(&fields, today)
            .map_err(|e| errors.extend(e))
            .ok();
        if let (Some(code), Some(data)) = (&code, &data) {
            let key = (code.clone(), data.inspected_on);
            if let Some(first) = seen.get(&key) {
                errors.push(
                    "inspected_on",
                    format!(
                        "同一项目同一天的承接查验与第 {first} 行重复 (duplicate inspection in this sheet)"
                    ),
                );
            } else {
                seen.insert(key, row.number);
            }
        }
        match (code, data) {
            (Some(project_code), Some(data)) if errors.is_empty() => {
                out.handovers.push(HandoverLine {
                    row: row.number,
                    project_code,
                    data,
                });
            }
            _ => push_all(&mut out.problems, sheet, row, errors.0),
        }
    }
}

fn companies(sheet: &RawSheet, out: &mut Parsed) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in &sheet.rows {
        let fields = CompanyFields {
            credit_code: sheet.get(row, "credit_code"),
            name: sheet.get(row, "name"),
            contact_person: sheet.opt(row, "contact_person"),
            contact_phone: sheet.opt(row, "contact_phone"),
            qualification: sheet.opt(row, "qualification"),
            has_party_org: sheet.get(row, "has_party_org"),
        };
        match CompanyData::parse(&fields) {
            Err(errors) => push_all(&mut out.problems, sheet, row, errors),
            Ok(data) => match seen.insert(data.credit_code.to_string(), row.number) {
                Some(first) => {
                    seen.insert(data.credit_code.to_string(), first);
                    out.problems.push(problem(sheet, row, "credit_code", format!(
                        "统一社会信用代码与第 {first} 行重复 (duplicate credit code in this sheet)"
                    )));
                }
                None => out.companies.push(CompanyLine {
                    row: row.number,
                    data,
                }),
            },
        }
    }
}

fn projects(sheet: &RawSheet, out: &mut Parsed) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in &sheet.rows {
        let (fields, links) = project_cells(sheet, row);
        let mut errors = Errors::default();
        let data = ProjectData::parse(&fields)
            .map_err(|e| errors.extend(e))
            .ok();
        errors.extend(Errors::validated(&links, ProjectRowLinks::FIELDS).0);
        let town = errors.take(text::required("town", links.town, 50, Lines::Single));
        let community = errors.take(text::required(
            "community",
            links.community,
            50,
            Lines::Single,
        ));
        let service = service(
            &links,
            data.as_ref().map(|d| d.management_type),
            &mut errors,
        );
        if let Some(code) = data.as_ref().map(|d| d.code.clone()) {
            if let Some(first) = seen.get(&code) {
                errors.push(
                    "code",
                    format!("项目编号与第 {first} 行重复 (duplicate project code in this sheet)"),
                );
            } else {
                seen.insert(code, row.number);
            }
        }
        match (data, town, community, service) {
            (Some(data), Some(town), Some(community), Some(service)) if errors.is_empty() => {
                out.projects.push(ProjectLine {
                    row: row.number,
                    data,
                    town,
                    community,
                    service,
                });
            }
            _ => push_all(&mut out.problems, sheet, row, errors.0),
        }
    }
}

/// A project row's cells: the record's own fields and the sheet-only links (place, contract).
fn project_cells<'a>(
    sheet: &RawSheet,
    row: &'a RawRow,
) -> (ProjectFields<'a>, ProjectRowLinks<'a>) {
    let g = |k: &str| sheet.get(row, k);
    let o = |k: &str| sheet.opt(row, k);
    let fields = ProjectFields {
        code: g("code"),
        name: g("name"),
        address: o("address"),
        management_type: g("management_type"),
        households: g("households"),
        floor_area: g("floor_area"),
        fee_standard: o("fee_standard"),
        staff_count: o("staff_count"),
        committee_formed: g("committee_formed"),
        committee_formed_on: o("committee_formed_on"),
        committee_members: o("committee_members"),
        committee_party_members: o("committee_party_members"),
    };
    let links = ProjectRowLinks {
        town: g("town"),
        community: g("community"),
        company_credit_code: o("company_credit_code"),
        service_start: o("service_start"),
        service_end: o("service_end"),
    };
    (fields, links)
}

/// The row's contract columns: all blank, or a company with a start date.
fn service(
    links: &ProjectRowLinks<'_>,
    management: Option<ManagementType>,
    errors: &mut Errors,
) -> Option<Option<ServiceLine>> {
    let start = errors.take(fields::optional_date("service_start", links.service_start))?;
    let end = errors.take(fields::optional_date("service_end", links.service_end))?;
    let Some(code) = links.company_credit_code else {
        if start.is_some() || end.is_some() {
            errors.push(
                "company_credit_code",
                "填写了服务日期但没有填写物业服务企业 (company missing)",
            );
            return None;
        }
        if management == Some(ManagementType::Professional) {
            errors.push(
                "company_credit_code",
                "管理类型为专业化物业服务时必须填写物业服务企业 (required for professional management)",
            );
            return None;
        }
        return Some(None);
    };
    let credit_code = errors.take(CreditCode::parse("company_credit_code", code))?;
    let Some(start) = start else {
        errors.push(
            "service_start",
            "填写物业服务企业时必须填写服务开始日期 (required with a company)",
        );
        return None;
    };
    let period = ServicePeriod::new(start, end)
        .map_err(|e| errors.push("service_end", e.message))
        .ok()?;
    Some(Some(ServiceLine {
        credit_code,
        period,
    }))
}
