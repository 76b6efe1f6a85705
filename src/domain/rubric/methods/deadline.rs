//! Deadline items: full points by the date, less per late day or started week, zero when not
//! done.

use rust_decimal::Decimal;

use super::{ItemOutcome, g};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::model::{Item, LatePer};

/// The score of a deadline item done on the given day (or not done).
pub(super) fn deadline(
    item: &Item,
    input: &ItemInput,
    per: LatePer,
    points: Decimal,
    cap: Decimal,
) -> ItemOutcome {
    let max = g(item.max);
    let (ItemInput::Done(done), Some(due)) = (input, item.deadline) else {
        return ItemOutcome::scored(Frac::ZERO, format!("未完成 → 0/{max} (not done)"));
    };
    let days = done.since(due).map(|s| s.get_days()).unwrap_or(0);
    if days <= 0 {
        return ItemOutcome::scored(
            Frac::from(max),
            format!("{done} 完成，期限 {due} → {max}/{max} (on time)"),
        );
    }
    let (units, unit) = match per {
        LatePer::Day => (days, "天"),
        // Each started week counts: 8 days late is 2 weeks.
        LatePer::Week => ((days + 6) / 7, "周"),
    };
    let off = g((points * Decimal::from(units)).min(cap));
    let score = g((max - off).max(Decimal::ZERO));
    let cap = g(cap);
    ItemOutcome::scored(
        Frac::from(score),
        format!("{done} 完成，逾期 {units} {unit}，扣 {off}（上限 {cap}）→ {score}/{max} (late)"),
    )
}
