//! Deduction and bonus items: named findings (or awards) counted, each worth its points.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{ItemOutcome, g, mismatch};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::model::Finding;

/// The counts a deduction or bonus item was given (none given: nothing recorded).
pub(super) fn counts<'a>(
    input: Option<&'a ItemInput>,
    method: &str,
    wanted: &str,
    of: impl Fn(&'a ItemInput) -> Option<&'a BTreeMap<String, u32>>,
) -> Result<&'a BTreeMap<String, u32>, String> {
    static NONE: BTreeMap<String, u32> = BTreeMap::new();
    match input {
        None => Ok(&NONE),
        Some(i) => of(i).ok_or_else(|| mismatch(method, wanted, i)),
    }
}

/// Σ points × count over `counts`, refusing unknown codes, and a readable breakdown.
fn tally(
    list: &[Finding],
    counts: &BTreeMap<String, u32>,
) -> Result<(Decimal, Vec<String>), String> {
    let mut sum = Decimal::ZERO;
    let mut parts = Vec::new();
    for (code, n) in counts {
        let f = list
            .iter()
            .find(|f| &f.code == code)
            .ok_or_else(|| format!("未知代码 {code} (unknown code)"))?;
        if *n > 0 {
            sum += f.points * Decimal::from(*n);
            parts.push(format!("{}×{n}", f.title));
        }
    }
    Ok((g(sum), parts))
}

/// max − Σ findings, never below 0 (扣完为止).
pub(super) fn deduction(
    findings: &[Finding],
    counts: &BTreeMap<String, u32>,
    max: Decimal,
) -> Result<ItemOutcome, String> {
    let (off, parts) = tally(findings, counts)?;
    let (max, score) = (g(max), g((max - off).max(Decimal::ZERO)));
    let what = if parts.is_empty() {
        "无扣分".to_owned()
    } else {
        parts.join("，")
    };
    Ok(ItemOutcome::scored(
        Frac::from(score),
        format!("{what}：扣 {off}，扣完为止 → {score}/{max} (deductions, never below 0)"),
    ))
}

/// Σ awards, at most the item's max (the rubric's cap applies to the total).
pub(super) fn bonus(
    awards: &[Finding],
    counts: &BTreeMap<String, u32>,
    max: Decimal,
) -> Result<ItemOutcome, String> {
    let (sum, parts) = tally(awards, counts)?;
    let (max, score) = (g(max), g(sum.min(max)));
    let what = if parts.is_empty() {
        "无加分".to_owned()
    } else {
        parts.join("，")
    };
    Ok(ItemOutcome::scored(
        Frac::from(score),
        format!("{what}：加 {sum}，本项上限 {max} → {score} (bonus, item cap)"),
    ))
}
