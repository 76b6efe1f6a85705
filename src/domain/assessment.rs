//! Rules that join a rubric to one unit's self-assessment and reviews: finding items, when a
//! disagreement needs another reviewer, and which item reads the supervision records.

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

/// Two reviewers who disagree by more than `tolerance × max` send the item to a third
/// reviewer; once three or more have scored it, the rubric's rule settles it.
pub fn needs_another_review(tolerance: Decimal, max: Decimal, review_scores: &[Decimal]) -> bool {
    let (Some(hi), Some(lo)) = (review_scores.iter().max(), review_scores.iter().min()) else {
        return false;
    };
    review_scores.len() == 2 && *hi - *lo > tolerance * max
}

/// The ledger metric a `threshold` item's `measure` names, if the ledger computes it: such an
/// item is scored from the ledger (摸清底数), not from the unit's own figure.
pub fn ledger_metric<'a>(
    measure: &str,
    m: &'a super::ledger::metrics::CampaignMetrics,
) -> Option<&'a super::ledger::metrics::Ratio> {
    match measure {
        "业委会组建率" => Some(&m.committee_formation),
        "业委会成员党员比例" => Some(&m.committee_party_share),
        "物业服务覆盖率" => Some(&m.service_coverage),
        "物业企业党组织覆盖率" => Some(&m.company_party_organisation),
        _ => None,
    }
}

/// A ratio as an exact measured value (numerator ÷ denominator), `None` without a denominator.
pub fn exact_rate(r: &super::ledger::metrics::Ratio) -> Option<Decimal> {
    (r.denominator > 0).then(|| Decimal::from(r.numerator) / Decimal::from(r.denominator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rates_are_exact_fractions() {
        use crate::domain::ledger::metrics::Ratio;
        let r = Ratio {
            numerator: 1,
            denominator: 3,
            rate: None,
            target: None,
            met: None,
            rule: "",
        };
        assert!(exact_rate(&r).unwrap() * dec!(3) > dec!(0.9999999999));
        let none = Ratio {
            denominator: 0,
            numerator: 0,
            ..r
        };
        assert_eq!(exact_rate(&none), None);
    }

    #[test]
    fn a_wide_pair_needs_a_third_reviewer() {
        assert!(needs_another_review(
            dec!(0.2),
            dec!(10),
            &[dec!(9), dec!(6)]
        ));
        assert!(!needs_another_review(
            dec!(0.2),
            dec!(10),
            &[dec!(9), dec!(7)]
        ));
        assert!(!needs_another_review(
            dec!(0.2),
            dec!(10),
            &[dec!(9), dec!(6), dec!(8)]
        ));
        assert!(!needs_another_review(dec!(0.2), dec!(10), &[dec!(9)]));
    }
}
