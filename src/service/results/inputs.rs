//! The hash of all inputs of a period's results: for each unit, every item's final input and
//! where it came from (self score, review, appeal, ledger counts, survey round, supervision
//! findings), the deductions, the cut-off day and the options; for each company, the projects
//! it served with their floor area and quality, and every record counted; the rubrics' hashes.
//! Two computations with the same hash were fed the same inputs.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::RubricRef;
use crate::domain::rubric::ItemInput;
use crate::domain::rubric::credit::RecordLine;
use crate::domain::rubric::inputs::Adjustment;
use crate::domain::supervision::SupervisionFindings;
use crate::service::assessment::results::{ItemSource, UnitResult};
use crate::service::credit::rating::RatingView;

#[derive(Serialize)]
struct UnitInputs<'a> {
    unit_id: &'a str,
    plan_role: &'a Option<String>,
    as_of: Date,
    options: &'a std::collections::BTreeSet<String>,
    items: Vec<(&'a str, &'a Option<ItemInput>)>,
    sources: &'a [ItemSource],
    adjustments: &'a [Adjustment],
    supervision: &'a SupervisionFindings,
    /// The stored result's own hash, once final.
    finalized: Option<&'a str>,
}

#[derive(Serialize)]
struct CompanyInputs<'a> {
    company_id: &'a str,
    projects: Vec<(&'a str, Decimal, Option<Decimal>)>,
    records: &'a [RecordLine],
}

#[derive(Serialize)]
struct AllInputs<'a> {
    rubrics: &'a [RubricRef],
    units: Vec<UnitInputs<'a>>,
    companies: Vec<CompanyInputs<'a>>,
}

/// SHA-256 (hex) of the canonical JSON of every input; see the module docs.
pub(super) fn hash(
    rubrics: &[RubricRef],
    units: &[UnitResult],
    ratings: &[RatingView],
) -> Result<String, serde_json::Error> {
    let all = AllInputs {
        rubrics,
        units: units
            .iter()
            .map(|u| UnitInputs {
                unit_id: &u.unit.unit_id,
                plan_role: &u.unit.plan_role,
                as_of: u.as_of,
                options: &u.options,
                items: u
                    .result
                    .items
                    .iter()
                    .map(|i| (i.code.as_str(), &i.input))
                    .collect(),
                sources: &u.sources,
                adjustments: &u.result.adjustments,
                supervision: &u.supervision,
                finalized: u.finalized.as_ref().map(|f| f.result_hash.as_str()),
            })
            .collect(),
        companies: ratings
            .iter()
            .map(|r| CompanyInputs {
                company_id: &r.company_id,
                projects: r
                    .projects
                    .iter()
                    .map(|p| (p.project_id.as_str(), p.floor_area, p.quality))
                    .collect(),
                records: &r.result.records,
            })
            .collect(),
    };
    let bytes = serde_json::to_vec(&all)?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}
