//! What an appeal decision may set an item to: a method input, or a plain score the item's
//! method can give.

use rust_decimal::Decimal;

use crate::domain::FieldError;
use crate::domain::rubric::ItemInput;
use crate::domain::rubric::model::{Item, Method};

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
    let points = crate::domain::rubric::score_item(item, Some(decided))
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
        item.method.kind().label()
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
