//! From the root's sums to the total: re-normalisation, bonus, adjustments, rounding and
//! grade, and the total's arithmetic in one line.

use rust_decimal::Decimal;

use super::{Acc, Walk};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::{Figure, Precision, Staged};
use crate::domain::rubric::grade::grade_of;
use crate::domain::rubric::inputs::Adjustment;
use crate::domain::rubric::model::{Assessment, Renormalise};
use crate::domain::rubric::trace::{BonusTrace, ScoreResult};

/// The exact steps from the root's sums to the total.
struct Steps {
    /// The base after re-normalisation.
    after: Frac,
    /// How the base was re-normalised, when it was.
    renormalised: Option<String>,
    /// The bonus within the rubric's cap.
    applied: Frac,
    /// After bonus and adjustments, before the floor at 0.
    raw: Frac,
    /// After the floor at 0, before rounding.
    unrounded: Frac,
    /// The total as rounded and published.
    staged: Staged,
}

impl Steps {
    fn of(w: &Walk<'_>, a: &Assessment, root: Acc) -> Steps {
        let p = w.precision;
        let (after, renormalised) = renormalise(p, a, root);
        let applied = w.bonus.min(Frac::from(a.bonus_cap));
        // Each adjustment is at most the full points (checked on entry).
        let off: Frac = w
            .inputs
            .adjustments
            .iter()
            .map(|x| Frac::from(x.points))
            .sum();
        let raw = after + applied - off;
        let unrounded = raw.max(Frac::ZERO);
        let staged = p.result(w.rubric.header.rounding.as_ref(), unrounded);
        Steps {
            after,
            renormalised,
            applied,
            raw,
            unrounded,
            staged,
        }
    }
}

/// Scale-to-max when items were not applicable: base × full / applicable, with its note.
fn renormalise(p: Precision, a: &Assessment, root: Acc) -> (Frac, Option<String>) {
    let full = Frac::from(a.total);
    match a.renormalise {
        Renormalise::ScaleToMax if root.applicable < full => {
            let after = root.score * full / root.applicable;
            let note = format!(
                "{} × {} / {} {}（不适用项按满分折算 scale-to-max）",
                p.text(root.score),
                Precision::given(a.total),
                p.text(root.applicable),
                p.equals(after)
            );
            (after, Some(note))
        }
        _ => (root.score, None),
    }
}

/// Re-normalisation, bonus, adjustments, rounding and grade.
pub(super) fn finish(w: Walk<'_>, a: &Assessment, root: Acc) -> ScoreResult {
    let p = w.precision;
    let s = Steps::of(&w, a, root);
    let total = s.staged.shown.value;
    let total_line = TotalLine {
        p,
        base: root.score,
        scaled: s
            .renormalised
            .is_some()
            .then_some((a.total, root.applicable)),
        bonus: (w.bonus, s.applied, a.bonus_cap),
        adjustments: &w.inputs.adjustments,
        raw: s.raw,
        staged: s.staged,
    }
    .to_string();
    let grade = grade_of(&a.grading, s.staged.exact, total, p, &w.shares, &w.vetoes);
    ScoreResult {
        rubric_id: w.rubric.header.id.clone(),
        rubric_version: w.rubric.header.version,
        rubric_hash: w.rubric.header.content_hash.clone(),
        subject: w.inputs.subject.clone(),
        total_line,
        items: w.items,
        categories: w.categories,
        base: p.show(root.score, Figure::Computed).value,
        full: Precision::given(a.total),
        applicable: p.show(root.applicable, Figure::Computed).value,
        renormalised: s.renormalised,
        after_renormalisation: p.show(s.after, Figure::Computed).value,
        bonus: BonusTrace {
            claimed: p.show(w.bonus, Figure::Computed).value,
            cap: Precision::given(a.bonus_cap),
            applied: p.show(s.applied, Figure::Computed).value,
        },
        adjustments: w.inputs.adjustments.clone(),
        vetoes: w.vetoes,
        unrounded_total: p.show(s.unrounded, Figure::Computed).value,
        total,
        grade,
    }
}

/// The total's arithmetic in one line: base (× full / applicable) + bonus − adjustments, the
/// exact result, and the published total when rounding (or the floor at 0) changes it.
struct TotalLine<'a> {
    p: Precision,
    base: Frac,
    /// (full, applicable) when the base was re-normalised.
    scaled: Option<(Decimal, Frac)>,
    /// (claimed, applied, cap).
    bonus: (Frac, Frac, Decimal),
    adjustments: &'a [Adjustment],
    /// Before the floor at 0 and the rounding.
    raw: Frac,
    staged: Staged,
}

impl std::fmt::Display for TotalLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.p;
        let mut expr = p.text(self.base);
        if let Some((full, applicable)) = self.scaled {
            expr = format!(
                "{expr} × {} / {}",
                Precision::given(full),
                p.text(applicable)
            );
        }
        let mut terms = 0;
        let (claimed, applied, cap) = self.bonus;
        if !claimed.is_zero() {
            terms += 1;
            expr.push_str(&format!(" + {} 加分", p.text(applied)));
            if claimed > applied {
                expr.push_str(&format!(
                    "（申报 {}，上限 {}）",
                    p.text(claimed),
                    Precision::given(cap)
                ));
            }
        }
        for adj in self.adjustments {
            terms += 1;
            expr.push_str(&format!(
                " − {} {}",
                Precision::given(adj.points),
                adj.name()
            ));
        }
        let total = self.staged.shown.value;
        let shown_total = total.to_string();
        if self.raw < Frac::ZERO {
            return write!(
                f,
                "{expr} {}，总分不低于 0 → {shown_total}",
                p.equals(self.raw)
            );
        }
        let exact = Frac::from(total) == self.raw;
        match (exact, terms == 0 && self.scaled.is_none()) {
            (true, true) if expr == shown_total => f.write_str(&shown_total),
            (true, _) => write!(f, "{expr} = {shown_total}"),
            (false, _) => write!(f, "{expr} {} → {shown_total}", p.equals(self.raw)),
        }
    }
}
