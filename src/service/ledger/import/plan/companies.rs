//! Companies, matched by credit code.

use std::collections::HashMap;

use super::super::parse::CompanyLine;
use super::{Loaded, Plan, update};
use crate::service::ledger::{companies, new_id};
use crate::store::ledger::companies::CompanyRow;

/// Plans the file's companies; returns every company known by credit code, the ledger's and
/// this file's, as (id, name).
pub(super) fn plan_companies(
    lines: Vec<CompanyLine>,
    loaded: &Loaded,
    at: &str,
    plan: &mut Plan,
) -> HashMap<String, (String, String)> {
    let mut by_code: HashMap<String, (String, String)> = loaded
        .companies
        .iter()
        .map(|c| (c.credit_code.clone(), (c.id.clone(), c.name.clone())))
        .collect();
    let existing: HashMap<&str, &CompanyRow> = loaded
        .companies
        .iter()
        .map(|c| (c.credit_code.as_str(), c))
        .collect();
    for line in lines {
        let code = line.data.credit_code.to_string();
        match existing.get(code.as_str()) {
            Some(old) => update(
                &mut plan.companies,
                old,
                companies::row_of(&line.data, old),
                at,
            ),
            None => {
                let row = CompanyRow {
                    id: new_id(),
                    created_at: at.into(),
                    updated_at: at.into(),
                    ..companies::row_of(&line.data, &companies::fresh(at))
                };
                by_code.insert(code, (row.id.clone(), row.name.clone()));
                plan.companies.new.push(row);
            }
        }
    }
    by_code
}
