//! First pass over an uploaded book, without the database: each row becomes a typed line or
//! problems naming its cells. Duplicate natural keys within a sheet are caught here too.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::domain::FieldError;
use crate::domain::ledger::handover::HandoverFields;
use crate::domain::ledger::records::{CompanyFields, ProjectFields};
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
        let mut errors = Vec::new();
        let code = text::required(
            "project_code",
            sheet.get(row, "project_code"),
            50,
            Lines::Single,
        )
        .map_err(|e| errors.push(e))
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
                errors.push(FieldError::new(
                    "inspected_on",
                    format!(
                        "同一项目同一天的承接查验与第 {first} 行重复 (duplicate inspection in this sheet)"
                    ),
                ));
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
            _ => push_all(&mut out.problems, sheet, row, errors),
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
        let mut errors = Vec::new();
        let data = ProjectData::parse(&fields)
            .map_err(|e| errors.extend(e))
            .ok();
        let town = text::required("town", g("town"), 50, Lines::Single)
            .map_err(|e| errors.push(e))
            .ok();
        let community = text::required("community", g("community"), 50, Lines::Single)
            .map_err(|e| errors.push(e))
            .ok();
        let service = service(
            sheet,
            row,
            data.as_ref().map(|d| d.management_type),
            &mut errors,
        );
        if let Some(code) = data.as_ref().map(|d| d.code.clone()) {
            if let Some(first) = seen.get(&code) {
                errors.push(FieldError::new(
                    "code",
                    format!("项目编号与第 {first} 行重复 (duplicate project code in this sheet)"),
                ));
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
            _ => push_all(&mut out.problems, sheet, row, errors),
        }
    }
}

/// The row's contract columns: all blank, or a company with a start date.
fn service(
    sheet: &RawSheet,
    row: &RawRow,
    management: Option<ManagementType>,
    errors: &mut Vec<FieldError>,
) -> Option<Option<ServiceLine>> {
    let code = sheet.opt(row, "company_credit_code");
    let start = fields::optional_date("service_start", sheet.opt(row, "service_start"))
        .map_err(|e| errors.push(e))
        .ok()?;
    let end = fields::optional_date("service_end", sheet.opt(row, "service_end"))
        .map_err(|e| errors.push(e))
        .ok()?;
    let Some(code) = code else {
        if start.is_some() || end.is_some() {
            errors.push(FieldError::new(
                "company_credit_code",
                "填写了服务日期但没有填写物业服务企业 (company missing)",
            ));
            return None;
        }
        if management == Some(ManagementType::Professional) {
            errors.push(FieldError::new("company_credit_code", "管理类型为专业化物业服务时必须填写物业服务企业 (required for professional management)"));
            return None;
        }
        return Some(None);
    };
    let credit_code = CreditCode::parse("company_credit_code", code)
        .map_err(|e| errors.push(e))
        .ok()?;
    let Some(start) = start else {
        errors.push(FieldError::new(
            "service_start",
            "填写物业服务企业时必须填写服务开始日期 (required with a company)",
        ));
        return None;
    };
    let period = ServicePeriod::new(start, end)
        .map_err(|e| errors.push(FieldError::new("service_end", e.message)))
        .ok()?;
    Some(Some(ServiceLine {
        credit_code,
        period,
    }))
}
