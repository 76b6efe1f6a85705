//! Rules that join a rubric to one unit's self-assessment and reviews: finding items, which
//! input an item finally takes ([`final_input`]), what a unit or reviewer may enter
//! ([`check_entry`]), what an appeal may decide ([`check_decided`]) and when a disagreement
//! needs another reviewer ([`needs_another_review`]).

mod decided;
mod entry;
mod final_input;
mod order;
mod review;

pub use decided::check_decided;
pub use entry::{
    Entry, NOT_APPLICABLE_REASON_MAX, check_enabled, check_entered_input, check_entry,
};
pub use final_input::{
    InputSource, ItemFacts, confirmed_by_majority, final_input, is_claim, supervision_findings_for,
};
pub use order::{CodePart, ItemOrder, natural_key};
pub use review::{ReviewMark, needs_another_review};

use rust_decimal::Decimal;

use super::rubric::model::{Assessment, Category, Item, ItemSource, Node};

/// Every item of a points rubric, in file order.
pub fn items(assessment: &Assessment) -> Vec<&Item> {
    fn walk<'a>(c: &'a Category, out: &mut Vec<&'a Item>) {
        for node in &c.children {
            match node {
                Node::Item(i) => out.push(i),
                Node::Category(sub) => walk(sub, out),
            }
        }
    }
    let mut out = Vec::new();
    for c in &assessment.categories {
        walk(c, &mut out);
    }
    out
}

/// The item with `code`, if the rubric has one.
pub fn item<'a>(assessment: &'a Assessment, code: &str) -> Option<&'a Item> {
    items(assessment).into_iter().find(|i| i.code == code)
}

/// Whether `item` is priced from supervision records (`source = "supervision"`), not typed in.
pub fn is_supervision_item(item: &Item) -> bool {
    item.source == Some(ItemSource::Supervision)
}

/// Whether `item` is a veto triggered by a public criticism (`source = "supervision.criticism"`).
pub fn is_criticism_veto(item: &Item) -> bool {
    item.source == Some(ItemSource::SupervisionCriticism)
}

/// Whether `item` is measured from the ledger (`source = "ledger"`).
pub fn is_ledger_item(item: &Item) -> bool {
    item.source == Some(ItemSource::Ledger)
}

/// Whether `item` reads the satisfaction index of a survey round (`source = "survey"`).
pub fn is_survey_item(item: &Item) -> bool {
    item.source == Some(ItemSource::Survey)
}

/// A ratio as an exact measured value (numerator ÷ denominator), `None` without a denominator.
pub fn exact_rate(r: &super::ledger::metrics::Ratio) -> Option<Decimal> {
    (r.denominator > 0).then(|| Decimal::from(r.numerator) / Decimal::from(r.denominator))
}

// Tests may unwrap: a panic is the failure report there.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
