//! A unit's self-assessment form: every item of the rubric that is the unit's duty in a
//! period, with what it takes as input, so a unit never has to read the rubric file to learn
//! what to fill.

use std::collections::BTreeSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::assessment::items;
use super::rubric::model::{Assessment, Duty, Item, ItemSource, Method};

/// One item of a unit's form.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FormItem {
    /// Item code, e.g. `2.3`.
    pub code: String,
    pub title: String,
    /// Full points (0 for a veto).
    pub max: Decimal,
    /// The scoring method with its parameters (step, findings, target and floor, …): the
    /// input to give is `points`, `findings`, `measured`, `done`/`not_done`, `index`,
    /// `awards` or `veto` accordingly.
    pub method: Method,
    /// Whose duty it is: named by the plan (cannot be claimed not applicable) or by unit type
    /// (may be claimed, with a reason, pending a reviewer's confirmation).
    pub duty: Duty,
    /// Where the score comes from when the unit does not fill it in (`ledger`, `supervision`,
    /// `supervision.criticism`); absent: the unit fills it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ItemSource>,
    /// Whether the unit enters a figure for this item itself (items fed by the ledger or the
    /// supervision records take none; a by-type ledger item may still be claimed not
    /// applicable).
    pub entered_by_unit: bool,
    /// The task's deadline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    /// 长期推进: no deadline.
    pub ongoing: bool,
    /// The plan clause the item comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The responsible units as the plan writes them.
    pub responsible: Vec<String>,
    /// Evidence to attach.
    pub evidence: Vec<String>,
}

/// The items that are the duty of a unit of `unit_type` bound to `role`, in rubric order;
/// optional items only when `options` enables them.
pub fn form(
    rubric: &Assessment,
    unit_type: &str,
    role: Option<&str>,
    options: &BTreeSet<String>,
) -> Vec<FormItem> {
    items(rubric)
        .into_iter()
        .filter(|i| !i.optional || options.contains(&i.code))
        .filter_map(|i| {
            let duty = i.duty(Some(unit_type), role);
            (duty != Duty::NotAssigned).then(|| entry(i, duty))
        })
        .collect()
}

fn entry(i: &Item, duty: Duty) -> FormItem {
    FormItem {
        code: i.code.clone(),
        title: i.title.clone(),
        max: i.max,
        method: i.method.clone(),
        duty,
        source: i.source,
        entered_by_unit: i.source.is_none(),
        deadline: i.deadline,
        ongoing: i.ongoing,
        basis: i.basis.clone(),
        responsible: i.responsible.clone(),
        evidence: i.evidence.clone(),
    }
}
