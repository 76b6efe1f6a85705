//! Scoring one subject against a points rubric: items → categories → total → grade.

use rust_decimal::Decimal;

use super::grade::grade_of;
use super::inputs::SubjectInputs;
use super::methods::score_item;
use super::model::{
    Assessment, Category, Duty, Item, Method, Node, Renormalise, RoundAt, Rubric, round_opt,
};
use super::trace::{BonusTrace, CategoryTrace, ItemTrace, ScoreResult, VetoTrace};
use crate::domain::FieldError;

/// Score, applicable full points and full points of a subtree, in the parent's scale.
#[derive(Clone, Copy, Default)]
struct Acc {
    score: Decimal,
    applicable: Decimal,
    full: Decimal,
}

impl Acc {
    fn scaled(self, k: Decimal) -> Acc {
        Acc {
            score: self.score * k,
            applicable: self.applicable * k,
            full: self.full * k,
        }
    }

    fn add(&mut self, o: Acc) {
        self.score += o.score;
        self.applicable += o.applicable;
        self.full += o.full;
    }
}

/// Everything the walk collects besides the sums.
struct Walk<'a> {
    rubric: &'a Rubric,
    inputs: &'a SubjectInputs,
    items: Vec<ItemTrace>,
    categories: Vec<CategoryTrace>,
    bonus: Decimal,
    vetoes: Vec<VetoTrace>,
    errors: Vec<FieldError>,
    /// Inputs matched to an item; fewer than given means some code is unknown.
    used: usize,
}

/// Scores `inputs` against the points rubric `a` of `rubric`.
pub(crate) fn score_assessment(
    rubric: &Rubric,
    a: &Assessment,
    inputs: &SubjectInputs,
) -> Result<ScoreResult, Vec<FieldError>> {
    let mut w = Walk {
        rubric,
        inputs,
        items: Vec::new(),
        categories: Vec::new(),
        bonus: Decimal::ZERO,
        vetoes: Vec::new(),
        errors: Vec::new(),
        used: 0,
    };
    for (i, adj) in inputs.adjustments.iter().enumerate() {
        if adj.points.is_sign_negative() {
            let msg = "扣减分值不能为负 (an adjustment deducts; give a positive number)";
            w.errors
                .push(FieldError::new(format!("adjustments[{i}].points"), msg));
        } else if adj.points > a.total {
            // Bounded by the rubric's full points, so summing them can never overflow.
            let msg = format!(
                "扣减分值不能超过满分 {} (an adjustment cannot exceed the full points)",
                a.total
            );
            w.errors
                .push(FieldError::new(format!("adjustments[{i}].points"), msg));
        }
    }
    let mut root = Acc::default();
    for c in &a.categories {
        let acc = w.category(c, 1);
        root.add(weigh(a.weighted, c.weight, a.total, acc));
    }
    // Only look for the unknown codes (a slower search) when some input went unused.
    if w.used < inputs.items.len() {
        w.errors.extend(unknown_codes(a, inputs));
    }
    if root.applicable.is_zero() && w.errors.is_empty() {
        w.errors.push(FieldError::new(
            "items",
            "所有评分项均不适用 (no applicable item)",
        ));
    }
    if !w.errors.is_empty() {
        return Err(w.errors);
    }
    Ok(finish(w, a, root))
}

/// A child's contribution: as is under a summing parent; scaled to weight × parent points
/// under a weighted one.
fn weigh(weighted: bool, weight: Option<Decimal>, parent_points: Decimal, acc: Acc) -> Acc {
    match (weighted, weight) {
        (true, Some(wt)) if !acc.full.is_zero() => acc.scaled(wt * parent_points / acc.full),
        _ => acc,
    }
}

impl Walk<'_> {
    fn category(&mut self, c: &Category, level: usize) -> Acc {
        let mut acc = Acc::default();
        for child in &c.children {
            let (child_acc, weight) = match child {
                Node::Item(i) => (self.item(i), i.weight),
                Node::Category(sub) => (self.category(sub, level + 1), sub.weight),
            };
            acc.add(weigh(c.weighted, weight, c.points, child_acc));
        }
        acc.score = round_opt(
            self.rubric.header.rounding.as_ref(),
            RoundAt::Category,
            acc.score,
        );
        self.categories.push(CategoryTrace {
            code: c.code.clone(),
            title: c.title.clone(),
            level,
            points: c.points,
            applicable: acc.applicable,
            score: acc.score,
            weighted: c.weighted,
        });
        Acc {
            full: c.points,
            ..acc
        }
    }

    fn item(&mut self, item: &Item) -> Acc {
        let given = self.inputs.items.get(&item.code);
        self.used += usize::from(given.is_some());
        let excluded = self.excluded(item);
        let outcome = match excluded {
            Some(reason) => Ok(super::methods::ItemOutcome {
                score: Decimal::ZERO,
                applicable: false,
                veto: false,
                explanation: reason,
            }),
            None => score_item(item, given),
        };
        let out = match outcome {
            Ok(o) => o,
            Err(e) => {
                self.errors.push(e);
                return Acc::default();
            }
        };
        let score = round_opt(
            self.rubric.header.rounding.as_ref(),
            RoundAt::Item,
            out.score,
        );
        self.items.push(ItemTrace {
            code: item.code.clone(),
            title: item.title.clone(),
            method: item.method.name().to_owned(),
            input: given.cloned(),
            max: item.max,
            score,
            applicable: out.applicable,
            explanation: out.explanation,
        });
        match &item.method {
            Method::Bonus { .. } => {
                self.bonus += score;
                Acc::default()
            }
            Method::Veto { max_grade } => {
                if out.veto {
                    self.vetoes.push(VetoTrace {
                        code: item.code.clone(),
                        title: item.title.clone(),
                        max_grade: max_grade.clone(),
                    });
                }
                Acc::default()
            }
            _ if !out.applicable => Acc {
                full: item.max,
                ..Acc::default()
            },
            _ => Acc {
                score,
                applicable: item.max,
                full: item.max,
            },
        }
    }

    /// Why an item is out of this subject's scoring before any input is read: an optional rule
    /// the period has not enabled, or a task the plan does not give this unit.
    fn excluded(&self, item: &Item) -> Option<String> {
        if item.optional && !self.inputs.options.contains(&item.code) {
            return Some("可选规则，本考核周期未启用 (optional rule, not enabled)".into());
        }
        let (t, role) = (
            self.inputs.unit_type.as_deref(),
            self.inputs.role.as_deref(),
        );
        (item.duty(t, role) == Duty::NotAssigned).then(|| {
            let who = role.or(t).unwrap_or_default();
            format!("方案未将此项分配给{who} (not this unit's duty under the plan)")
        })
    }
}

/// Input codes that are not items of the rubric.
fn unknown_codes(a: &Assessment, inputs: &SubjectInputs) -> Vec<FieldError> {
    let mut known = std::collections::BTreeSet::new();
    for c in &a.categories {
        collect_codes(c, &mut known);
    }
    inputs
        .items
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            FieldError::new(
                format!("items.{k}"),
                format!("评分细则中没有评分项 {k} (unknown item)"),
            )
        })
        .collect()
}

fn collect_codes<'a>(c: &'a Category, out: &mut std::collections::BTreeSet<&'a str>) {
    for n in &c.children {
        match n {
            Node::Item(i) => {
                out.insert(&i.code);
            }
            Node::Category(s) => collect_codes(s, out),
        }
    }
}

/// Re-normalisation, bonus, adjustments, rounding and grade.
fn finish(w: Walk<'_>, a: &Assessment, root: Acc) -> ScoreResult {
    let full = a.total;
    let (after, renormalised) = match a.renormalise {
        Renormalise::ScaleToMax if root.applicable < full => {
            let after = root.score * full / root.applicable;
            let note = format!(
                "{} × {full} / {} = {after}（不适用项按满分折算 scale-to-max）",
                root.score, root.applicable
            );
            (after, Some(note))
        }
        _ => (root.score, None),
    };
    let bonus = BonusTrace {
        claimed: w.bonus,
        cap: a.bonus_cap,
        applied: w.bonus.min(a.bonus_cap),
    };
    let adjustments = w.inputs.adjustments.clone();
    // Each adjustment is at most the full points (checked on entry); saturate anyway.
    let off = adjustments
        .iter()
        .fold(Decimal::ZERO, |acc, x| acc.saturating_add(x.points));
    let unrounded = (after + bonus.applied - off).max(Decimal::ZERO);
    let total = round_opt(w.rubric.header.rounding.as_ref(), RoundAt::Total, unrounded);
    let grade = grade_of(&a.grading, total, &w.categories, &w.vetoes);
    ScoreResult {
        rubric_id: w.rubric.header.id.clone(),
        rubric_version: w.rubric.header.version,
        rubric_hash: w.rubric.header.content_hash.clone(),
        subject: w.inputs.subject.clone(),
        items: w.items,
        categories: w.categories,
        base: root.score,
        full,
        applicable: root.applicable,
        renormalised,
        after_renormalisation: after,
        bonus,
        adjustments,
        vetoes: w.vetoes,
        unrounded_total: unrounded,
        total,
        grade,
    }
}
