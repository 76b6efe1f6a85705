//! Rules that join a rubric to one unit's self-assessment and reviews: finding items, when a
//! disagreement needs another reviewer, and which item reads the supervision records.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::FieldError;
use super::rubric::ItemInput;
use super::rubric::model::{Assessment, Category, Duty, Item, ItemSource, Method, Node};
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

/// The order items are listed in everywhere: the rubric's own (2.2 before 2.10), never the
/// lexicographic order of their codes ("2.10" < "2.2"). Codes the rubric does not have come
/// last, in natural order (numeric parts compared as numbers).
#[derive(Debug, Clone, Default)]
pub struct ItemOrder {
    position: std::collections::HashMap<String, usize>,
}

impl ItemOrder {
    /// The order of `assessment`'s items.
    pub fn of(assessment: &Assessment) -> Self {
        Self {
            position: items(assessment)
                .into_iter()
                .enumerate()
                .map(|(k, i)| (i.code.clone(), k))
                .collect(),
        }
    }

    /// The sort key of `code`.
    pub fn key(&self, code: &str) -> (usize, Vec<CodePart>) {
        (
            self.position.get(code).copied().unwrap_or(usize::MAX),
            natural_key(code),
        )
    }

    /// Sorts `list` by the code `code_of` reads from each entry (stable: entries of one item
    /// keep their order).
    pub fn sort<T>(&self, list: &mut [T], code_of: impl Fn(&T) -> &str) {
        list.sort_by_cached_key(|t| self.key(code_of(t)));
    }
}

/// One dot-separated part of an item code: numbers compare as numbers, before text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CodePart {
    /// A numeric part (`10` of `2.10`).
    Number(u64),
    /// Any other part.
    Text(String),
}

/// The natural sort key of a code: `2.2` < `2.10` < `10.1`.
pub fn natural_key(code: &str) -> Vec<CodePart> {
    code.split('.')
        .map(|p| match p.parse() {
            Ok(n) => CodePart::Number(n),
            Err(_) => CodePart::Text(p.to_owned()),
        })
        .collect()
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

/// What one reviewer found for an item, as far as disagreement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewMark {
    /// Points by the method.
    Score(Decimal),
    /// Confirms the unit's claim that the item does not apply.
    Claim,
    /// A veto item's verdict.
    Veto(bool),
}

impl ReviewMark {
    /// The mark of a review input scored `score`.
    pub fn of(input: &ItemInput, score: Decimal) -> Self {
        match input {
            ItemInput::NotApplicable { .. } => Self::Claim,
            ItemInput::Veto(v) => Self::Veto(*v),
            _ => Self::Score(score),
        }
    }
}

/// Two reviewers who disagree send the item to a further reviewer: scores more than
/// `tolerance × max` apart, opposite veto verdicts, or one confirming a claim the other scores.
/// Once three or more have reviewed it, the rubric's rule (or the majority) settles it.
pub fn needs_another_review(tolerance: Decimal, max: Decimal, reviews: &[ReviewMark]) -> bool {
    let [a, b] = reviews else {
        return false;
    };
    match (a, b) {
        (ReviewMark::Score(a), ReviewMark::Score(b)) => (*a - *b).abs() > tolerance * max,
        (ReviewMark::Claim, ReviewMark::Claim) => false,
        (ReviewMark::Veto(a), ReviewMark::Veto(b)) => a != b,
        _ => true,
    }
}

/// A ratio as an exact measured value (numerator ÷ denominator), `None` without a denominator.
pub fn exact_rate(r: &super::ledger::metrics::Ratio) -> Option<Decimal> {
    (r.denominator > 0).then(|| Decimal::from(r.numerator) / Decimal::from(r.denominator))
}

/// Where an item's final input comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The unit claimed the item does not apply and a majority of its reviewers confirmed it.
    ConfirmedNotApplicable,
    /// The unit claimed the item does not apply and no majority of reviewers confirmed it:
    /// scored as not done (0).
    UnconfirmedClaim,
    /// The unit's submitted self score, not (yet) re-checked.
    SelfScore,
    /// Nothing usable: the rubric's default for the method, or an incomplete result.
    Missing,
    /// Nothing usable once the notice has begun: scored as not done (0).
    NotSubmitted,
    /// Not scored for this unit: not its duty under the plan, or an optional rule the period
    /// did not enable.
    NotScored,
    /// A ledger item whose metric has nothing to count (no projects, committees or inspections
    /// in scope by its day) and that no reviewer scored: not done (0).
    LedgerEmpty,
}

/// What is known about one item of one unit when its final input is chosen.
#[derive(Debug, Clone)]
pub struct ItemFacts<'a> {
    /// What the item's upheld appeal decided (a method input, or a decided `score`).
    pub upheld_appeal: Option<ItemInput>,
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

/// Checks an input a unit or a reviewer enters for an item of a unit whose duty it is `duty`:
/// the `score` input is refused (it bypasses a method's own rules and exists only for decided
/// scores); an item that is not the unit's duty takes no input; an item the plan assigns the
/// unit by name cannot be claimed not applicable; a claim needs a reason.
pub fn check_entered_input(field: &str, duty: Duty, input: &ItemInput) -> Result<(), FieldError> {
    match (input, duty) {
        (ItemInput::Score(_), _) => Err(FieldError::new(
            field,
            "不能直接填写 score，请按该项的计分方法填写 (enter the method's input, not a decided score)",
        )),
        (_, Duty::NotAssigned) => Err(FieldError::new(
            field,
            "方案未将此项任务分配给该单位，无需填写 (not this unit's duty under the plan)",
        )),
        (ItemInput::NotApplicable { .. }, Duty::Named { lead }) => Err(FieldError::new(
            field,
            format!(
                "方案附件2将此项任务点名分配给该单位{}，不能申报不适用 (a named duty cannot be claimed away)",
                if lead { "（牵头单位）" } else { "" }
            ),
        )),
        (ItemInput::NotApplicable { reason }, Duty::ByType) => {
            text::required(field, reason, NOT_APPLICABLE_REASON_MAX, Lines::Single)
                .map(drop)
                .map_err(|e| FieldError::new(field, format!("不适用理由{}", e.message)))
        }
        _ => Ok(()),
    }
}

/// What a period knows about one item of one unit when a unit or a reviewer enters it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The item.
    pub item: &'a Item,
    /// Whose duty it is for the unit.
    pub duty: Duty,
    /// The optional rules the period enabled.
    pub options: &'a std::collections::BTreeSet<String>,
    /// Entered by a reviewer (re-check) rather than the unit itself.
    pub by_reviewer: bool,
}

/// Checks an entry by a unit (self-assessment) or a reviewer (re-check), the one rule both
/// edges share: items priced from supervision records take no input; an item measured from
/// the ledger takes no figure from the unit (it may only claim the item does not apply; when
/// the ledger has nothing to count, the reviewers score it); an optional rule the period did
/// not enable takes no input; then [`check_entered_input`] (field `items.<code>.input`).
pub fn check_entry(field: &str, e: Entry<'_>, input: &ItemInput) -> Result<(), FieldError> {
    if is_supervision_item(e.item) || is_criticism_veto(e.item) {
        return Err(FieldError::new(
            field,
            "该项由督查督办记录计算，不由单位或复核人员填写 (computed from supervision records)",
        ));
    }
    if is_ledger_item(e.item) && !e.by_reviewer && !is_claim(input) {
        return Err(FieldError::new(
            format!("{field}.input"),
            "该项由台账数据计算，单位不填写数值；台账中没有可计算的数据时由复核人员评定 (measured from the ledger)",
        ));
    }
    check_enabled(field, e.item, e.options)?;
    check_entered_input(&format!("{field}.input"), e.duty, input)
}

/// Refuses input for an optional rule the period has not enabled: it is not scored there.
pub fn check_enabled(
    field: &str,
    item: &Item,
    options: &std::collections::BTreeSet<String>,
) -> Result<(), FieldError> {
    if item.optional && !options.contains(&item.code) {
        return Err(FieldError::new(
            field,
            format!(
                "评分项 {} 是可选规则，本考核周期未启用，无需填写 (optional rule not enabled)",
                item.code
            ),
        ));
    }
    Ok(())
}

/// Checks what an appeal decision sets an item to: a method input (entered like any input,
/// except that a decision may also set a plain `score`). A `score` must lie in the item's range
/// and be a value the item's method can give — on the step of a `points` item, `max` less a
/// whole number of late units (or the cap, or 0) for a `deadline` item, `max` less a sum of
/// findings for a `deduction` item, a sum of awards (or the item cap) for a `bonus` item; any
/// value for `threshold` and `survey` items; a veto item takes `veto`, not a score.
/// Returns the decided points.
pub fn check_decided(field: &str, item: &Item, decided: &ItemInput) -> Result<Decimal, FieldError> {
    let bad = |msg: String| FieldError::new(field, format!("评分项 {}: {msg}", item.code));
    match (&item.method, decided) {
        (Method::Veto { .. }, ItemInput::Score(_)) => {
            return Err(bad(
                "否决项的裁决应给出 veto（是否触发），不是分数 (a veto item takes `veto`)".into(),
            ));
        }
        (_, ItemInput::NotApplicable { .. }) => {
            return Err(bad(
                "申诉裁决不能改为不适用 (a decision scores the item)".into()
            ));
        }
        _ => {}
    }
    let points = super::rubric::score_item(item, Some(decided))
        .map(|o| o.score)
        .map_err(|e| FieldError::new(field, e.message))?;
    if let ItemInput::Score(s) = decided {
        reachable(item, *s).map_err(bad)?;
    }
    Ok(points)
}

/// Whether the item's method can give `s` points (already known to lie in `0..=max`).
fn reachable(item: &Item, s: Decimal) -> Result<(), String> {
    let max = item.max;
    let ok = match &item.method {
        Method::Points { step } if !(s % *step).is_zero() => {
            return Err(format!(
                "裁决得分 {s} 不是步长 {step} 的整数倍 (decided score {s} is not a multiple of step {step})"
            ));
        }
        Method::Deadline { points, cap, .. } => {
            let off = max - s;
            s.is_zero() || off == *cap || (off <= *cap && (off % *points).is_zero())
        }
        Method::Deduction { findings } => {
            let values: Vec<Decimal> = findings.iter().map(|f| f.points).collect();
            s.is_zero() || sum_of(max - s, &values)?
        }
        Method::Bonus { awards } => {
            let values: Vec<Decimal> = awards.iter().map(|f| f.points).collect();
            s == max || sum_of(s, &values)?
        }
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(format!(
        "裁决得分 {s} 不是该项计分方法（{}）能给出的分值，请给出该项的输入 input 或可得到的分数 (not a score the method can give)",
        item.method.name()
    ))
}

/// Whether `target` is a sum of whole multiples of `values` (coin change over the values
/// scaled to integers). Refuses to guess when the scale makes that search too large.
fn sum_of(target: Decimal, values: &[Decimal]) -> Result<bool, String> {
    const MOST_STATES: u64 = 2_000_000;
    let scale = values
        .iter()
        .chain([&target])
        .map(|v| v.scale())
        .max()
        .unwrap_or(0);
    let factor = Decimal::from(10u64.pow(scale.min(9)));
    let to_int = |v: Decimal| (v * factor).normalize().to_string().parse::<u64>().ok();
    let too_large = || {
        "该项分值精度过细，无法核对裁决分数，请给出该项的输入 input (give the method's input)"
            .to_owned()
    };
    let goal = to_int(target)
        .filter(|g| *g <= MOST_STATES)
        .ok_or_else(too_large)?;
    let coins: Vec<u64> = values
        .iter()
        .map(|v| to_int(*v))
        .collect::<Option<_>>()
        .ok_or_else(too_large)?;
    let goal = usize::try_from(goal).map_err(|_| too_large())?;
    let mut can = vec![false; goal + 1];
    can[0] = true;
    for i in 1..=goal {
        can[i] = coins
            .iter()
            .any(|c| usize::try_from(*c).is_ok_and(|c| c > 0 && c <= i && can[i - c]));
    }
    Ok(can[goal])
}

/// Longest reason a unit or reviewer may give for marking an item not applicable, in
/// characters: a sentence or two, shown on one line of the result's trace.
pub const NOT_APPLICABLE_REASON_MAX: usize = 500;

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
            named: vec![],
            optional: false,
            eligible: vec![],
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
            duty: Duty::ByType,
            notice_begun: false,
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
        f.upheld_appeal = Some(ItemInput::Score(dec!(8)));
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
        let by_type = Duty::ByType;
        assert!(check_entered_input("items.1", by_type, &ItemInput::Score(dec!(3))).is_err());
        assert!(check_entered_input("items.1", by_type, &ItemInput::Points(dec!(3))).is_ok());
    }

    fn claim(reason: &str) -> ItemInput {
        ItemInput::NotApplicable {
            reason: reason.into(),
        }
    }

    #[test]
    fn a_named_duty_cannot_be_claimed_away_and_an_unassigned_one_takes_no_input() {
        let named = Duty::Named { lead: true };
        let e =
            check_entered_input("items.2.3.input", named, &claim("辖区无此类小区")).unwrap_err();
        assert!(e.message.contains("牵头单位"), "{}", e.message);
        assert!(check_entered_input("f", named, &ItemInput::Points(dec!(1))).is_ok());
        assert!(check_entered_input("f", Duty::NotAssigned, &ItemInput::Points(dec!(1))).is_err());
        assert!(check_entered_input("f", Duty::ByType, &claim("辖区无此类小区")).is_ok());
        assert!(check_entered_input("f", Duty::ByType, &claim("  ")).is_err());
        let long = claim(&"很".repeat(NOT_APPLICABLE_REASON_MAX + 1));
        assert!(check_entered_input("f", Duty::ByType, &long).is_err());
    }

    #[test]
    fn a_claim_counts_only_once_a_majority_of_reviewers_confirms_it() {
        let none = SupervisionFindings::default();
        let points = item(None, Method::Points { step: dec!(0.5) });
        let own = claim("本单位无此职责");
        let mut f = facts(&none, &[]);
        f.submitted_self = Some(&own);
        assert_eq!(
            final_input(&points, &f),
            (
                Some(ItemInput::Score(Decimal::ZERO)),
                InputSource::UnconfirmedClaim
            )
        );
        let confirmed = [claim("属实")];
        let mut f = facts(&none, &confirmed);
        f.submitted_self = Some(&own);
        let (input, source) = final_input(&points, &f);
        assert_eq!(source, InputSource::ConfirmedNotApplicable);
        assert!(
            matches!(input, Some(ItemInput::NotApplicable { reason }) if reason.contains("经复核确认"))
        );
        // One confirms, one scores: a split is no confirmation; the scoring review decides.
        let split = [claim("属实"), ItemInput::Points(dec!(6))];
        let mut f = facts(&none, &split);
        f.submitted_self = Some(&own);
        f.combined = Some(dec!(6));
        assert_eq!(final_input(&points, &f).1, InputSource::Combined);
        // A named duty's claim never counts, whatever the reviewers say.
        let mut f = facts(&none, &confirmed);
        f.submitted_self = Some(&own);
        f.duty = Duty::Named { lead: false };
        assert_eq!(final_input(&points, &f).1, InputSource::UnconfirmedClaim);
    }

    #[test]
    fn a_decided_score_keeps_the_range_and_the_step() {
        let points = item(None, Method::Points { step: dec!(0.5) });
        let ok = check_decided("score", &points, &ItemInput::Score(dec!(3.5)));
        assert_eq!(ok, Ok(dec!(3.5)));
        let off_step = check_decided("score", &points, &ItemInput::Score(dec!(3.3))).unwrap_err();
        assert_eq!(off_step.field, "score");
        assert!(off_step.message.contains("步长"), "{}", off_step.message);
        assert!(check_decided("score", &points, &ItemInput::Score(dec!(10.5))).is_err());
        let veto = item(None, Method::Veto { max_grade: None });
        assert!(check_decided("score", &veto, &ItemInput::Score(dec!(0))).is_err());
        assert_eq!(
            check_decided("input", &veto, &ItemInput::Veto(false)),
            Ok(dec!(0))
        );
    }

    #[test]
    fn once_the_notice_begins_a_missing_input_scores_zero() {
        let none = SupervisionFindings::default();
        let points = item(None, Method::Points { step: dec!(0.5) });
        let mut f = facts(&none, &[]);
        assert_eq!(final_input(&points, &f), (None, InputSource::Missing));
        f.notice_begun = true;
        assert_eq!(
            final_input(&points, &f),
            (
                Some(ItemInput::Score(Decimal::ZERO)),
                InputSource::NotSubmitted
            )
        );
        let veto = item(None, Method::Veto { max_grade: None });
        assert_eq!(final_input(&veto, &f), (None, InputSource::Missing));
    }

    #[test]
    fn a_not_applicable_reason_is_one_short_non_blank_line() {
        let na = |reason: String| ItemInput::NotApplicable { reason };
        let field = "items.2.3.input";
        assert!(check_entered_input(field, Duty::ByType, &na("本单位无物业项目".into())).is_ok());
        assert!(check_entered_input(field, Duty::ByType, &na("理".repeat(500))).is_ok());
        for bad in [
            "理".repeat(501),
            "  ".into(),
            "第一行\n第二行".into(),
            "a\u{7}".into(),
        ] {
            let err = check_entered_input(field, Duty::ByType, &na(bad.clone())).unwrap_err();
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
            rule: String::new(),
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
    fn measure_names_find_their_ledger_metric() {
        use crate::domain::ledger::InspectionGroup;
        use crate::domain::ledger::metrics::{HandoverFacts, compute};
        let day = jiff::civil::date(2023, 6, 30);
        let held = |size, owner_representatives| HandoverFacts {
            inspected_on: day,
            group: InspectionGroup {
                size,
                owner_representatives,
            },
        };
        let m = compute(day, &[], &[held(9, 3), held(10, 3)]);
        let r = m.by_measure("承接查验业主代表达标率").unwrap();
        assert_eq!((r.numerator, r.denominator), (1, 2));
        assert_eq!(exact_rate(r), Some(dec!(0.5)));
        assert!(m.by_measure("业委会组建率").is_some());
        assert!(m.by_measure("承接查验").is_none());
        // Every name a rubric may use finds its metric.
        for name in crate::domain::ledger::metrics::LEDGER_MEASURES {
            assert!(m.by_measure(name).is_some(), "{name}");
        }
    }

    #[test]
    fn codes_sort_in_natural_order_when_the_rubric_does_not_have_them() {
        let order = ItemOrder::default();
        let mut codes = vec!["2.10", "10.1", "2.2", "2.1.3", "a", "2.9"];
        order.sort(&mut codes, |c| c);
        assert_eq!(codes, ["2.1.3", "2.2", "2.9", "2.10", "10.1", "a"]);
    }

    #[test]
    fn a_wide_pair_needs_a_third_reviewer() {
        use ReviewMark::{Claim, Score, Veto};
        let t = dec!(0.2);
        let ten = dec!(10);
        assert!(needs_another_review(
            t,
            ten,
            &[Score(dec!(9)), Score(dec!(6))]
        ));
        assert!(!needs_another_review(
            t,
            ten,
            &[Score(dec!(9)), Score(dec!(7))]
        ));
        let three = [Score(dec!(9)), Score(dec!(6)), Score(dec!(8))];
        assert!(!needs_another_review(t, ten, &three));
        assert!(!needs_another_review(t, ten, &[Score(dec!(9))]));
        // One reviewer confirms a not-applicable claim, the other scores the item.
        assert!(needs_another_review(t, ten, &[Claim, Score(dec!(9))]));
        assert!(!needs_another_review(t, ten, &[Claim, Claim]));
        // A split veto is no verdict: a third reviewer decides.
        assert!(needs_another_review(t, ten, &[Veto(true), Veto(false)]));
        assert!(!needs_another_review(t, ten, &[Veto(true), Veto(true)]));
    }
}
