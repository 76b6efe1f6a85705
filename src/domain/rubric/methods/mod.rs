//! Scoring one item by its method. Every score lands in `0..=max` (bonus: `0..=max` before the
//! rubric cap; veto: always 0 points). Scores are exact fractions ([`Frac`]): a threshold
//! multiplies before it divides, so a score whose true value terminates comes out exact.

use rust_decimal::Decimal;

use super::exact::Frac;
use super::figures::Precision;
use super::inputs::ItemInput;
use super::model::{Item, Method};
use crate::domain::FieldError;

mod deadline;
mod findings;
mod threshold;

use deadline::deadline;
use findings::{bonus, counts, deduction};
pub(crate) use threshold::check_measured;

/// What scoring one item produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOutcome {
    /// Points, `0..=max`: exact when the true score terminates within a decimal's places,
    /// otherwise the nearest decimal.
    pub score: Decimal,
    /// False when not applicable.
    pub applicable: bool,
    /// Whether a veto fired.
    pub veto: bool,
    /// One line, Chinese with English.
    pub explanation: String,
    /// The exact score the engine goes on with.
    pub(crate) exact: Frac,
}

impl ItemOutcome {
    fn scored(exact: Frac, explanation: String) -> Self {
        Self {
            score: exact.to_decimal(),
            applicable: true,
            veto: false,
            explanation,
            exact,
        }
    }

    /// An item outside the subject's scoring (0 points, not applicable).
    pub(crate) fn left_out(explanation: String) -> Self {
        Self {
            applicable: false,
            ..Self::scored(Frac::ZERO, explanation)
        }
    }
}

/// A given figure as written in explanations (no trailing zeros).
pub(super) fn g(d: Decimal) -> Decimal {
    Precision::given(d)
}

/// Scores `item` from `input` (None: the method's default, or an error when it has none);
/// explanations show intermediate figures with the default display places.
pub fn score_item(item: &Item, input: Option<&ItemInput>) -> Result<ItemOutcome, FieldError> {
    score_item_in(item, input, Precision::default())
}

/// [`score_item`] with the rubric's published precision for the explanation.
pub(crate) fn score_item_in(
    item: &Item,
    input: Option<&ItemInput>,
    p: Precision,
) -> Result<ItemOutcome, FieldError> {
    // Not applicable and a decided score stand in for any method's own input.
    match input {
        Some(ItemInput::NotApplicable { reason }) => not_applicable(reason),
        Some(ItemInput::Score(s)) => decided(item, *s, p),
        _ => by_method(item, input, p),
    }
    .map_err(|msg| {
        FieldError::new(
            format!("items.{}", item.code),
            format!("评分项 {}: {msg}", item.code),
        )
    })
}

/// A not-applicable claim: out of the scoring, with its reason (which it must give).
fn not_applicable(reason: &str) -> Result<ItemOutcome, String> {
    if reason.trim().is_empty() {
        return Err("不适用须说明理由 (a not-applicable item needs a reason)".into());
    }
    Ok(ItemOutcome::left_out(format!(
        "不适用：{reason} (not applicable)"
    )))
}

/// A score decided elsewhere (an appeal, a combination), within the item's range.
fn decided(item: &Item, s: Decimal, p: Precision) -> Result<ItemOutcome, String> {
    if let Method::Veto { .. } = item.method {
        return Err("否决项不能直接给分 (a veto item takes `veto`, not `score`)".into());
    }
    in_range(s, item.max)?;
    // A decided score may be a mean handed over as a long quotient (23/3 as 7.666…7): carry
    // the fraction it is.
    let exact = Frac::recovered(s);
    Ok(ItemOutcome::scored(
        exact,
        format!("既定得分 {}/{} (decided score)", p.text(exact), g(item.max)),
    ))
}

/// The item's own method on its own kind of input.
fn by_method(item: &Item, input: Option<&ItemInput>, p: Precision) -> Result<ItemOutcome, String> {
    let max = item.max;
    match (&item.method, input) {
        (Method::Points { step }, Some(ItemInput::Points(x))) => points(*x, *step, max),
        (Method::Deduction { findings }, i) => {
            let counts = counts(i, "deduction", "findings", |i| match i {
                ItemInput::Findings(c) => Some(c),
                _ => None,
            })?;
            deduction(findings, counts, max)
        }
        (Method::Threshold { .. }, Some(ItemInput::Measured(x))) => {
            threshold::threshold(&item.method, *x, max, p)
        }
        (
            Method::Deadline { per, points, cap },
            Some(i @ (ItemInput::Done(_) | ItemInput::NotDone)),
        ) => Ok(deadline(item, i, *per, *points, *cap)),
        (Method::Survey, Some(ItemInput::Index(x))) => survey(*x, max, p),
        (Method::Bonus { awards }, i) => {
            let counts = counts(i, "bonus", "awards", |i| match i {
                ItemInput::Awards(c) => Some(c),
                _ => None,
            })?;
            bonus(awards, counts, max)
        }
        (Method::Veto { max_grade }, None | Some(ItemInput::Veto(_))) => {
            Ok(veto(max_grade, input == Some(&ItemInput::Veto(true))))
        }
        (m, None) => Err(format!("缺少输入 (missing `{}` input)", expected(m))),
        (m, Some(other)) => Err(mismatch(m.name(), expected(m), other)),
    }
}

/// A veto item: 0 points either way; when it fires, the grade is capped (or the lowest).
fn veto(max_grade: &Option<String>, fired: bool) -> ItemOutcome {
    if !fired {
        return ItemOutcome::scored(Frac::ZERO, "未触发否决 (veto not triggered)".into());
    }
    let explanation = match max_grade {
        Some(g) => format!("触发否决，最高评为 {g} (veto: grade capped)"),
        None => "触发一票否决，评为最低等次 (veto: lowest grade)".into(),
    };
    ItemOutcome {
        veto: true,
        ..ItemOutcome::scored(Frac::ZERO, explanation)
    }
}

/// The input a method takes, as the API spells it.
fn expected(m: &Method) -> &'static str {
    match m {
        Method::Points { .. } => "points",
        Method::Deduction { .. } => "findings",
        Method::Threshold { .. } => "measured",
        Method::Deadline { .. } => "done",
        Method::Survey => "index",
        Method::Bonus { .. } => "awards",
        Method::Veto { .. } => "veto",
    }
}

/// The message for an input of the wrong kind.
fn mismatch(method: &str, wanted: &str, got: &ItemInput) -> String {
    format!(
        "方法 {method} 需要 {wanted} 输入，收到 {} (method `{method}` expects a `{wanted}` input, got `{}`)",
        got.name(),
        got.name()
    )
}

/// A score within 0..=max.
fn in_range(x: Decimal, max: Decimal) -> Result<(), String> {
    let (x, max) = (g(x), g(max));
    if x < Decimal::ZERO || x > max {
        return Err(format!(
            "得分 {x} 超出 0–{max} (score {x} is outside 0..{max})"
        ));
    }
    Ok(())
}

/// A score given on a `points` item: in range and on its step.
fn points(p: Decimal, step: Decimal, max: Decimal) -> Result<ItemOutcome, String> {
    in_range(p, max)?;
    let (p, step, max) = (g(p), g(step), g(max));
    if !(p % step).is_zero() {
        return Err(format!(
            "得分 {p} 不是步长 {step} 的整数倍 (score {p} is not a multiple of step {step})"
        ));
    }
    Ok(ItemOutcome::scored(
        Frac::from(p),
        format!("评分 {p}/{max} (points given)"),
    ))
}

/// max × the satisfaction index (0–100) / 100.
fn survey(index: Decimal, max: Decimal, p: Precision) -> Result<ItemOutcome, String> {
    let (index, max) = (g(index), g(max));
    if index < Decimal::ZERO || index > Decimal::ONE_HUNDRED {
        return Err(format!(
            "满意度指数 {index} 须在 0–100 之间 (index must be 0..100)"
        ));
    }
    let score = Frac::from(max) * index / Frac::from(Decimal::ONE_HUNDRED);
    Ok(ItemOutcome::scored(
        score,
        format!(
            "{max} × 满意度指数 {index}/100 {} (survey)",
            p.equals(score)
        ),
    ))
}
