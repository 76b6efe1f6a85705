//! Rules that join a rubric to one unit's self-assessment and reviews: finding items, when a
//! disagreement needs another reviewer, and which item reads the supervision records.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::FieldError;
use super::rubric::ItemInput;
use super::rubric::model::{Assessment, Category, Item, ItemSource, Method, Node};
use super::supervision::SupervisionFindings;
use super::text::{self, Lines};

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

/// Where an item's final input comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputSource {
    /// An upheld appeal's decided score.
    Appeal,
    /// A campaign metric from the ledger (`source = "ledger"`).
    Ledger,
    /// The bureau's supervision records (`source = "supervision"` / `"supervision.criticism"`).
    Supervision,
    /// Reviewers' scores combined with the self score by the rubric's rule.
    Combined,
    /// The unit's submitted self score, not (yet) re-checked.
    SelfScore,
    /// Nothing usable: the rubric's default for the method, or an incomplete result.
    Missing,
}

/// What is known about one item of one unit when its final input is chosen.
#[derive(Debug, Clone)]
pub struct ItemFacts<'a> {
    /// Decided score of the item's upheld appeal.
    pub upheld_appeal: Option<Decimal>,
    /// The ledger metric's exact rate, when the item is measured from the ledger.
    pub ledger_rate: Option<Decimal>,
    /// Supervision findings as of the period's cut-off day.
    pub supervision: &'a SupervisionFindings,
    /// Every (non-conflicted) reviewer's input for the item.
    pub review_inputs: &'a [ItemInput],
    /// The rubric's combination of self and review scores (present only when reviewed).
    pub combined: Option<Decimal>,
    /// The unit's self input, only if its self-assessment is submitted.
    pub submitted_self: Option<&'a ItemInput>,
}

/// Chooses an item's final input. Precedence: an upheld appeal; the ledger; supervision
/// records; for a veto, the reviewers' majority (a tie fires it: a disqualifying fact found by
/// half the reviewers is not dismissed); the combined review score; the submitted self score.
pub fn final_input(item: &Item, f: &ItemFacts<'_>) -> (Option<ItemInput>, InputSource) {
    if let Some(s) = f.upheld_appeal {
        return (Some(ItemInput::Score(s)), InputSource::Appeal);
    }
    if let (true, Some(rate)) = (is_ledger_item(item), f.ledger_rate) {
        return (Some(ItemInput::Measured(rate)), InputSource::Ledger);
    }
    if is_supervision_item(item) {
        let findings = supervision_findings_for(item, f.supervision);
        return (
            Some(ItemInput::Findings(findings)),
            InputSource::Supervision,
        );
    }
    if is_criticism_veto(item) {
        return (
            Some(ItemInput::Veto(f.supervision.public_criticism > 0)),
            InputSource::Supervision,
        );
    }
    let vetoes: Vec<bool> = f
        .review_inputs
        .iter()
        .filter_map(|i| match i {
            ItemInput::Veto(v) => Some(*v),
            _ => None,
        })
        .collect();
    if matches!(item.method, Method::Veto { .. }) && !vetoes.is_empty() {
        let fired = vetoes.iter().filter(|v| **v).count() * 2 >= vetoes.len();
        return (Some(ItemInput::Veto(fired)), InputSource::Combined);
    }
    if let Some(score) = f.combined {
        return (Some(ItemInput::Score(score)), InputSource::Combined);
    }
    match f.submitted_self {
        Some(i) => (Some(i.clone()), InputSource::SelfScore),
        None => (None, InputSource::Missing),
    }
}

/// The supervision findings an item prices (only the finding codes it declares, only > 0).
pub fn supervision_findings_for(item: &Item, f: &SupervisionFindings) -> BTreeMap<String, u32> {
    let known: Vec<&str> = match &item.method {
        Method::Deduction { findings, .. } => findings.iter().map(|x| x.code.as_str()).collect(),
        _ => Vec::new(),
    };
    f.as_pairs()
        .into_iter()
        .filter(|(code, n)| *n > 0 && known.contains(code))
        .map(|(code, n)| (code.to_owned(), n))
        .collect()
}

/// Longest reason a unit or reviewer may give for marking an item not applicable, in
/// characters: a sentence or two, shown on one line of the result's trace.
pub const NOT_APPLICABLE_REASON_MAX: usize = 500;

/// Checks an input as a unit (self-assessment) or a reviewer (re-check) enters it, so both
/// edges share one rule. Refuses `score`: it bypasses a method's own rules (steps, findings)
/// and exists only for decided scores (appeals, combination). A `not_applicable` reason must
/// be non-blank, one line without control characters, and at most
/// [`NOT_APPLICABLE_REASON_MAX`] characters.
pub fn check_entered_input(field: &str, input: &ItemInput) -> Result<(), FieldError> {
    match input {
        ItemInput::Score(_) => Err(FieldError::new(
            field,
            "不能直接填写 score，请按该项的计分方法填写 (enter the method's input, not a decided score)",
        )),
        ItemInput::NotApplicable { reason } => {
            text::required(field, reason, NOT_APPLICABLE_REASON_MAX, Lines::Single)
                .map(drop)
                .map_err(|e| FieldError::new(field, format!("不适用理由{}", e.message)))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn item(source: Option<ItemSource>, method: Method) -> Item {
        Item {
            code: "x".into(),
            title: "t".into(),
            max: dec!(10),
            weight: None,
            applies_to: vec![],
            evidence: vec![],
            responsible: vec![],
            deadline: None,
            ongoing: false,
            basis: None,
            source,
            method,
        }
    }

    fn facts<'a>(f: &'a SupervisionFindings, reviews: &'a [ItemInput]) -> ItemFacts<'a> {
        ItemFacts {
            upheld_appeal: None,
            ledger_rate: None,
            supervision: f,
            review_inputs: reviews,
            combined: None,
            submitted_self: None,
        }
    }

    #[test]
    fn an_upheld_appeal_beats_everything_and_drafts_do_not_count() {
        let none = SupervisionFindings::default();
        let points = item(None, Method::Points { step: dec!(0.5) });
        let own = ItemInput::Points(dec!(9));
        let mut f = facts(&none, &[]);
        assert_eq!(final_input(&points, &f).1, InputSource::Missing);
        f.submitted_self = Some(&own);
        assert_eq!(
            final_input(&points, &f),
            (Some(own.clone()), InputSource::SelfScore)
        );
        f.combined = Some(dec!(7));
        assert_eq!(
            final_input(&points, &f),
            (Some(ItemInput::Score(dec!(7))), InputSource::Combined)
        );
        f.upheld_appeal = Some(dec!(8));
        assert_eq!(
            final_input(&points, &f),
            (Some(ItemInput::Score(dec!(8))), InputSource::Appeal)
        );
    }

    #[test]
    fn a_veto_follows_the_reviewers_majority_and_a_tie_fires_it() {
        let none = SupervisionFindings::default();
        let veto = item(None, Method::Veto { max_grade: None });
        let split = [ItemInput::Veto(true), ItemInput::Veto(false)];
        assert_eq!(
            final_input(&veto, &facts(&none, &split)).0,
            Some(ItemInput::Veto(true))
        );
        let cleared = [
            ItemInput::Veto(true),
            ItemInput::Veto(false),
            ItemInput::Veto(false),
        ];
        assert_eq!(
            final_input(&veto, &facts(&none, &cleared)).0,
            Some(ItemInput::Veto(false))
        );
        let criticism = item(
            Some(ItemSource::SupervisionCriticism),
            Method::Veto { max_grade: None },
        );
        let criticised = SupervisionFindings {
            public_criticism: 1,
            ..Default::default()
        };
        assert_eq!(
            final_input(&criticism, &facts(&criticised, &cleared)).0,
            Some(ItemInput::Veto(true))
        );
    }

    #[test]
    fn decided_scores_cannot_be_typed_in() {
        assert!(check_entered_input("items.1", &ItemInput::Score(dec!(3))).is_err());
        assert!(check_entered_input("items.1", &ItemInput::Points(dec!(3))).is_ok());
    }

    #[test]
    fn a_not_applicable_reason_is_one_short_non_blank_line() {
        let na = |reason: String| ItemInput::NotApplicable { reason };
        let field = "items.2.3.input";
        assert!(check_entered_input(field, &na("本单位无物业项目".into())).is_ok());
        assert!(check_entered_input(field, &na("理".repeat(500))).is_ok());
        for bad in [
            "理".repeat(501),
            "  ".into(),
            "第一行\n第二行".into(),
            "a\u{7}".into(),
        ] {
            let err = check_entered_input(field, &na(bad.clone())).unwrap_err();
            assert_eq!(err.field, field, "{bad:?}");
            assert!(err.message.starts_with("不适用理由"), "{}", err.message);
        }
    }

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
