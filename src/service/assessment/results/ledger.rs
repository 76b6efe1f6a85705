//! Ledger metrics as a unit's items read them: each `source = "ledger"` item is measured over
//! the unit's area (a town or park; the whole county for a county department), over the
//! management types the item declares, as of the item's own task deadline — so a committee
//! formed in 2026 never counts toward a 2023 target.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::domain::assessment;
use crate::domain::ledger::ManagementType;
use crate::domain::ledger::metrics::{CampaignMetrics, Ratio};
use crate::domain::rubric::model::{Item, Method};
use crate::service::assessment::Member;
use crate::service::{AppState, ServiceError};

/// A ledger metric as an item read it.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LedgerMeasure {
    /// The metric's name (the item's `measure`).
    pub measure: String,
    /// Counts, exact rate, target and the rule in words.
    pub ratio: Ratio,
    /// The day it was taken: the item's deadline, or today while that is still ahead.
    pub as_of: Date,
    /// The area counted, e.g. `濉溪镇辖区` or `全县`.
    pub scope: String,
    /// The management types whose projects were counted (Chinese labels).
    pub eligible: Vec<String>,
    /// Which facts are taken as of `as_of` and which are today's ledger values.
    pub dated: String,
}

/// Metrics computed so far for one unit, by day and counted types.
pub(super) struct Measures<'a> {
    state: &'a AppState,
    unit: &'a Member,
    today: Date,
    /// The day for items without a deadline (长期推进).
    undated: Date,
    cache: BTreeMap<(Date, Vec<String>), CampaignMetrics>,
}

impl<'a> Measures<'a> {
    pub(super) fn new(state: &'a AppState, unit: &'a Member, today: Date, undated: Date) -> Self {
        Self {
            state,
            unit,
            today,
            undated,
            cache: BTreeMap::new(),
        }
    }

    /// The metric `item` reads, if it is a ledger item whose measure the ledger computes.
    pub(super) async fn of(&mut self, item: &Item) -> Result<Option<LedgerMeasure>, ServiceError> {
        let (true, Method::Threshold { measure, .. }) =
            (assessment::is_ledger_item(item), &item.method)
        else {
            return Ok(None);
        };
        let as_of = item.deadline.map_or(self.undated, |d| d.min(self.today));
        let key = (as_of, item.eligible.clone());
        if !self.cache.contains_key(&key) {
            let town = self.unit.region_id.as_deref();
            let m = crate::service::ledger::metrics::for_scope(
                &self.state.db,
                town,
                as_of,
                &item.eligible,
            )
            .await?;
            self.cache.insert(key.clone(), m);
        }
        let ratio = self.cache.get(&key).and_then(|m| m.by_measure(measure));
        Ok(ratio.map(|ratio| LedgerMeasure {
            measure: measure.clone(),
            ratio: ratio.clone(),
            as_of,
            scope: match self.unit.region_id {
                Some(_) => format!("{}辖区", self.unit.name),
                None => "全县".into(),
            },
            eligible: labels(&item.eligible),
            dated: crate::domain::ledger::metrics::dated_note(measure).to_owned(),
        }))
    }
}

fn labels(codes: &[String]) -> Vec<String> {
    if codes.is_empty() {
        return vec!["全部物业管理类型".into()];
    }
    ManagementType::ALL
        .iter()
        .filter(|m| codes.iter().any(|c| c == m.code()))
        .map(|m| m.label().to_owned())
        .collect()
}
