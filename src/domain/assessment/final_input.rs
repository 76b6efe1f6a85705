//! Which input an item of a unit finally takes, and where it came from: an upheld appeal, the
//! ledger, the supervision records, the reviewers (a veto's majority, a confirmed claim, their
//! combination), the unit's submitted self score — or nothing, scored as not done.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::domain::labelled::labelled_enum;

use super::{is_criticism_veto, is_ledger_item, is_supervision_item, is_survey_item};
use crate::domain::rubric::ItemInput;
use crate::domain::rubric::model::{Duty, Item, Method};
use crate::domain::supervision::SupervisionFindings;

labelled_enum!(
    /// Where an item's final input comes from.
    InputSource, "得分来源" {
        /// An upheld appeal's decided score.
        Appeal = ("appeal", "申诉裁决"),
        /// A campaign metric from the ledger (`source = "ledger"`).
        Ledger = ("ledger", "台账数据"),
        /// The satisfaction index of a closed survey round (`source = "survey"`).
        Survey = ("survey", "满意度调查"),
        /// The bureau's supervision records (`source = "supervision"` / `"supervision.criticism"`).
        Supervision = ("supervision", "督查督办记录"),
        /// Reviewers' scores combined with the self score by the rubric's rule.
        Combined = ("combined", "复核合成"),
        /// The unit claimed the item does not apply and a majority of its reviewers confirmed it.
        ConfirmedNotApplicable = ("confirmed_not_applicable", "确认不适用"),
        /// The unit claimed the item does not apply and no majority of reviewers confirmed it:
        /// scored as not done (0).
        UnconfirmedClaim = ("unconfirmed_claim", "不适用未获确认"),
        /// The unit's submitted self score, not (yet) re-checked.
        SelfScore = ("self_score", "自评得分"),
        /// Nothing usable: the rubric's default for the method, or an incomplete result.
        Missing = ("missing", "缺少输入"),
        /// Nothing usable once the notice has begun: scored as not done (0).
        NotSubmitted = ("not_submitted", "未提交"),
        /// Not scored for this unit: not its duty under the plan, or an optional rule the period
        /// did not enable.
        NotScored = ("not_scored", "不计分"),
        /// A ledger item whose metric has nothing to count (no projects, committees or
        /// inspections in scope by its day) and that no reviewer scored: not done (0).
        LedgerEmpty = ("ledger_empty", "台账无可计数据"),
    }
);

/// What is known about one item of one unit when its final input is chosen.
#[derive(Debug, Clone)]
pub struct ItemFacts<'a> {
    /// What the item's upheld appeal decided (a method input, or a decided `score`).
    pub upheld_appeal: Option<ItemInput>,
    /// The ledger metric's exact rate, when the item is measured from the ledger.
    pub ledger_rate: Option<Decimal>,
    /// The satisfaction index of the unit's area, when the item reads a survey round.
    pub survey_index: Option<Decimal>,
    /// Supervision findings as of the period's cut-off day.
    pub supervision: &'a SupervisionFindings,
    /// Every (non-conflicted) reviewer's input for the item.
    pub review_inputs: &'a [ItemInput],
    /// The rubric's combination of self and review scores (present only when reviewed).
    pub combined: Option<Decimal>,
    /// The unit's self input, only if its self-assessment is submitted.
    pub submitted_self: Option<&'a ItemInput>,
    /// Whose duty the item is for this unit.
    pub duty: Duty,
    /// Whether the public notice has begun: a missing input then scores as not done.
    pub notice_begun: bool,
}

/// Chooses an item's final input. Precedence: an upheld appeal; the ledger; supervision
/// records; for a veto, the reviewers' majority (a tie fires it: a disqualifying fact found by
/// half the reviewers is not dismissed); a not-applicable claim a majority of reviewers
/// confirmed; the combined review score (reviews that confirm a claim do not enter it); the
/// submitted self score — where an unconfirmed claim scores 0; and once the notice has begun,
/// 0 for anything still missing.
pub fn final_input(item: &Item, f: &ItemFacts<'_>) -> (Option<ItemInput>, InputSource) {
    if let Some(decided) = &f.upheld_appeal {
        return (Some(decided.clone()), InputSource::Appeal);
    }
    if let (true, Some(rate)) = (is_ledger_item(item), f.ledger_rate) {
        return (Some(ItemInput::Measured(rate)), InputSource::Ledger);
    }
    if let (true, Some(index)) = (is_survey_item(item), f.survey_index) {
        return (Some(ItemInput::Index(index)), InputSource::Survey);
    }
    if let Some(found) = from_supervision(item, f.supervision) {
        return (Some(found), InputSource::Supervision);
    }
    if let Some(fired) = veto_majority(item, f.review_inputs) {
        return (Some(ItemInput::Veto(fired)), InputSource::Combined);
    }
    let claim = match f.submitted_self {
        Some(ItemInput::NotApplicable { reason }) if f.duty == Duty::ByType => Some(reason),
        _ => None,
    };
    if let (Some(reason), true) = (claim, confirmed_by_majority(f.review_inputs)) {
        let reason = format!("{reason}（经复核确认）");
        let input = ItemInput::NotApplicable { reason };
        return (Some(input), InputSource::ConfirmedNotApplicable);
    }
    if let Some(score) = f.combined {
        return (Some(ItemInput::Score(score)), InputSource::Combined);
    }
    // A ledger item with nothing to count and no re-check is not done: the unit's own figure
    // is never taken for it.
    if is_ledger_item(item) && !f.submitted_self.is_some_and(is_claim) {
        return (
            Some(ItemInput::Score(Decimal::ZERO)),
            InputSource::LedgerEmpty,
        );
    }
    match f.submitted_self {
        Some(ItemInput::NotApplicable { .. }) => (
            Some(ItemInput::Score(Decimal::ZERO)),
            InputSource::UnconfirmedClaim,
        ),
        Some(i) => (Some(i.clone()), InputSource::SelfScore),
        None if f.notice_begun && needs_an_input(item) => (
            Some(ItemInput::Score(Decimal::ZERO)),
            InputSource::NotSubmitted,
        ),
        None => (None, InputSource::Missing),
    }
}

/// The input supervision records give an item priced from them, if it is one.
fn from_supervision(item: &Item, found: &SupervisionFindings) -> Option<ItemInput> {
    if is_supervision_item(item) {
        return Some(ItemInput::Findings(supervision_findings_for(item, found)));
    }
    is_criticism_veto(item).then_some(ItemInput::Veto(found.public_criticism > 0))
}

/// For a veto item the reviewers ruled on: whether a majority (or half) fired it.
fn veto_majority(item: &Item, reviews: &[ItemInput]) -> Option<bool> {
    let votes: Vec<bool> = reviews
        .iter()
        .filter_map(|i| match i {
            ItemInput::Veto(v) => Some(*v),
            _ => None,
        })
        .collect();
    let is_veto = matches!(item.method, Method::Veto { .. });
    (is_veto && !votes.is_empty()).then(|| votes.iter().filter(|v| **v).count() * 2 >= votes.len())
}

/// More than half of the item's reviewers found it not applicable (a split is no confirmation).
pub fn confirmed_by_majority(reviews: &[ItemInput]) -> bool {
    let confirming = reviews.iter().filter(|i| is_claim(i)).count();
    confirming * 2 > reviews.len()
}

/// Whether an input is a not-applicable claim (or its confirmation by a reviewer).
pub fn is_claim(input: &ItemInput) -> bool {
    matches!(input, ItemInput::NotApplicable { .. })
}

/// Methods that have no default when nothing was entered (deductions, bonuses and vetoes
/// default to "nothing found").
fn needs_an_input(item: &Item) -> bool {
    !matches!(
        item.method,
        Method::Deduction { .. } | Method::Bonus { .. } | Method::Veto { .. }
    )
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
