//! Scoring one subject against a points rubric: items → categories → total → grade.
//!
//! Every sum, weight and re-normalisation is carried as an exact fraction ([`Frac`]) and
//! becomes a decimal only at the rubric's rounding stages or as a published figure
//! ([`Precision::show`]), so the total is the exact value rounded once.

mod line;
mod total;
mod walk;

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::exact::Frac;
use super::figures::Precision;
use super::grade::CategoryShare;
use super::inputs::SubjectInputs;
use super::model::{Assessment, Category, Node, Rubric};
use super::trace::{CategoryTrace, ItemTrace, ScoreResult, VetoTrace};
use crate::domain::FieldError;

/// Score, applicable full points and full points of a subtree, in the parent's scale.
#[derive(Clone, Copy)]
struct Acc {
    score: Frac,
    applicable: Frac,
    full: Frac,
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            score: Frac::ZERO,
            applicable: Frac::ZERO,
            full: Frac::ZERO,
        }
    }
}

impl Acc {
    fn scaled(self, k: Frac) -> Acc {
        Acc {
            score: self.score * k,
            applicable: self.applicable * k,
            full: self.full * k,
        }
    }

    fn add(&mut self, o: Acc) {
        self.score = self.score + o.score;
        self.applicable = self.applicable + o.applicable;
        self.full = self.full + o.full;
    }
}

/// Everything the walk collects besides the sums.
struct Walk<'a> {
    rubric: &'a Rubric,
    precision: Precision,
    inputs: &'a SubjectInputs,
    items: Vec<ItemTrace>,
    categories: Vec<CategoryTrace>,
    /// Exact score and applicable points of each top-level category (for grade rules).
    shares: Vec<CategoryShare>,
    bonus: Frac,
    vetoes: Vec<VetoTrace>,
    errors: Vec<FieldError>,
    /// Inputs matched to an item; fewer than given means some code is unknown.
    used: usize,
}

impl<'a> Walk<'a> {
    fn new(rubric: &'a Rubric, inputs: &'a SubjectInputs) -> Self {
        Walk {
            rubric,
            precision: Precision::of(&rubric.header),
            inputs,
            items: Vec::new(),
            categories: Vec::new(),
            shares: Vec::new(),
            bonus: Frac::ZERO,
            vetoes: Vec::new(),
            errors: Vec::new(),
            used: 0,
        }
    }
}

/// Scores `inputs` against the points rubric `a` of `rubric`.
pub(crate) fn score_assessment(
    rubric: &Rubric,
    a: &Assessment,
    inputs: &SubjectInputs,
) -> Result<ScoreResult, Vec<FieldError>> {
    let mut w = Walk::new(rubric, inputs);
    w.errors.extend(adjustment_errors(a, inputs));
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
    Ok(total::finish(w, a, root))
}

/// Adjustments deduct: each is positive and at most the rubric's full points.
fn adjustment_errors(a: &Assessment, inputs: &SubjectInputs) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, adj) in inputs.adjustments.iter().enumerate() {
        if adj.points.is_sign_negative() {
            let msg = "扣减分值不能为负 (an adjustment deducts; give a positive number)";
            errors.push(FieldError::new(format!("adjustments[{i}].points"), msg));
        } else if adj.points > a.total {
            // Bounded by the rubric's full points, so summing them can never overflow.
            let msg = format!(
                "扣减分值不能超过满分 {} (an adjustment cannot exceed the full points)",
                a.total
            );
            errors.push(FieldError::new(format!("adjustments[{i}].points"), msg));
        }
    }
    errors
}

/// A child's contribution: as is under a summing parent; scaled to weight × parent points
/// under a weighted one (one exact factor, weight × points / full).
fn weigh(weighted: bool, weight: Option<Decimal>, parent_points: Decimal, acc: Acc) -> Acc {
    match (weighted, weight) {
        (true, Some(wt)) if !acc.full.is_zero() => {
            acc.scaled(Frac::from(wt * parent_points) / acc.full)
        }
        _ => acc,
    }
}

/// Input codes that are not items of the rubric.
fn unknown_codes(a: &Assessment, inputs: &SubjectInputs) -> Vec<FieldError> {
    let mut known = BTreeSet::new();
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

fn collect_codes<'a>(c: &'a Category, out: &mut BTreeSet<&'a str>) {
    for n in &c.children {
        match n {
            Node::Item(i) => {
                out.insert(&i.code);
            }
            Node::Category(s) => collect_codes(s, out),
        }
    }
}
