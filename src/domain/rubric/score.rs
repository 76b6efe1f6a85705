//! Scoring one subject against a points rubric: items → categories → total → grade.
//!
//! Every sum, weight and re-normalisation is carried as an exact fraction ([`Frac`]) and
//! becomes a decimal only at the rubric's rounding stages or as a published figure
//! ([`Precision::show`]), so the total is the exact value rounded once.

use rust_decimal::Decimal;

use super::exact::Frac;
use super::figures::{Figure, Precision};
use super::grade::{CategoryShare, grade_of};
use super::inputs::SubjectInputs;
use super::methods::{ItemOutcome, score_item_in};
use super::model::{Assessment, Category, Duty, Item, Method, Node, Renormalise, RoundAt, Rubric};
use super::trace::{BonusTrace, CategoryTrace, ItemTrace, ScoreResult, VetoTrace};
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

/// Scores `inputs` against the points rubric `a` of `rubric`.
pub(crate) fn score_assessment(
    rubric: &Rubric,
    a: &Assessment,
    inputs: &SubjectInputs,
) -> Result<ScoreResult, Vec<FieldError>> {
    let mut w = Walk {
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
/// under a weighted one (one exact factor, weight × points / full).
fn weigh(weighted: bool, weight: Option<Decimal>, parent_points: Decimal, acc: Acc) -> Acc {
    match (weighted, weight) {
        (true, Some(wt)) if !acc.full.is_zero() => {
            acc.scaled(Frac::from(wt * parent_points) / acc.full)
        }
        _ => acc,
    }
}

impl Walk<'_> {
    fn category(&mut self, c: &Category, level: usize) -> Acc {
        let mut acc = Acc::default();
        let mut terms = Terms::default();
        for child in &c.children {
            let (child_acc, weight) = match child {
                Node::Item(i) => (self.item(i), i.weight),
                Node::Category(sub) => (self.category(sub, level + 1), sub.weight),
            };
            let w = weight.filter(|_| c.weighted);
            terms.push(self.term(child, child_acc), w.map(|w| (w, c.points)));
            acc.add(weigh(c.weighted, weight, c.points, child_acc));
        }
        let p = self.precision;
        let sum = acc.score;
        let staged = p.at_stage(self.rounding(), RoundAt::Category, acc.score);
        acc.score = staged.exact;
        if level == 1 {
            self.shares.push(CategoryShare {
                code: c.code.clone(),
                score: acc.score,
                applicable: acc.applicable,
            });
        }
        self.categories.push(CategoryTrace {
            code: c.code.clone(),
            title: c.title.clone(),
            level,
            points: Precision::given(c.points),
            applicable: p.show(acc.applicable, Figure::Computed).value,
            score: staged.shown.value,
            weighted: c.weighted,
            line: terms.line(p, sum, staged),
        });
        Acc {
            full: Frac::from(c.points),
            ..acc
        }
    }

    /// How a child just scored enters its category's line (read from the trace it pushed).
    fn term(&self, child: &Node, acc: Acc) -> Term {
        let (code, shown, applicable) = match child {
            Node::Item(i) => {
                match i.method {
                    Method::Bonus { .. } => return Term::Bonus(i.code.clone()),
                    Method::Veto { .. } => return Term::Veto(i.code.clone()),
                    _ => {}
                }
                match self.items.last().filter(|t| t.code == i.code) {
                    Some(t) => (&i.code, t.score, t.applicable),
                    None => return Term::Outside,
                }
            }
            Node::Category(sub) => match self.categories.last().filter(|t| t.code == sub.code) {
                Some(t) => (&sub.code, t.score, !acc.applicable.is_zero()),
                None => return Term::Outside,
            },
        };
        if !applicable {
            return Term::LeftOut(code.clone());
        }
        // The figure as its own trace publishes it, marked when it is rounded for reading.
        let approx = Frac::from(shown) != acc.score;
        Term::Counted {
            code: code.clone(),
            figure: format!("{}{shown}", if approx { "≈" } else { "" }),
            full: Precision::given(acc.full.to_decimal()),
        }
    }

    fn rounding(&self) -> Option<&super::model::Rounding> {
        self.rubric.header.rounding.as_ref()
    }

    fn item(&mut self, item: &Item) -> Acc {
        let given = self.inputs.items.get(&item.code);
        self.used += usize::from(given.is_some());
        let excluded = self.excluded(item);
        let outcome = match excluded {
            Some(reason) => Ok(ItemOutcome::left_out(reason)),
            None => score_item_in(item, given, self.precision),
        };
        let out = match outcome {
            Ok(o) => o,
            Err(e) => {
                self.errors.push(e);
                return Acc::default();
            }
        };
        let staged = self
            .precision
            .at_stage(self.rounding(), RoundAt::Item, out.exact);
        let score = staged.exact;
        self.items.push(ItemTrace {
            code: item.code.clone(),
            title: item.title.clone(),
            method: item.method.name().to_owned(),
            input: given.cloned(),
            max: Precision::given(item.max),
            score: staged.shown.value,
            applicable: out.applicable,
            explanation: out.explanation,
        });
        let max = Frac::from(item.max);
        match &item.method {
            Method::Bonus { .. } => {
                self.bonus = self.bonus + score;
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
                full: max,
                ..Acc::default()
            },
            _ => Acc {
                score,
                applicable: max,
                full: max,
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

/// A child's place in its category's line.
enum Term {
    /// Added to the category: its code, its published figure and its full points.
    Counted {
        code: String,
        figure: String,
        full: Decimal,
    },
    /// Not applicable to the subject: named, not added.
    LeftOut(String),
    /// A bonus item: it adds to the total's bonus, not to its category.
    Bonus(String),
    /// A veto item: it scores no points, it caps the grade.
    Veto(String),
    /// Nothing to show (an item that failed to score: the result is an error anyway).
    Outside,
}

/// The terms of one category's line.
#[derive(Default)]
struct Terms {
    counted: Vec<String>,
    left_out: Vec<String>,
    bonus: Vec<String>,
    veto: Vec<String>,
}

impl Terms {
    /// Adds a child; `weight` is (weight, parent points) under a weighted parent.
    fn push(&mut self, term: Term, weight: Option<(Decimal, Decimal)>) {
        match (term, weight) {
            (Term::Counted { code, figure, full }, Some((w, points))) => {
                let (w, points) = (Precision::given(w), Precision::given(points));
                self.counted
                    .push(format!("{code} {figure}/{full} × {w} × {points}"));
            }
            (Term::Counted { code, figure, .. }, None) => {
                self.counted.push(format!("{code} {figure}"));
            }
            (Term::LeftOut(code), _) => self.left_out.push(code),
            (Term::Bonus(code), _) => self.bonus.push(code),
            (Term::Veto(code), _) => self.veto.push(code),
            (Term::Outside, _) => {}
        }
    }

    /// `a + b + c = sum`, `→ rounded` when the category rounds, and the children left out.
    fn line(self, p: Precision, sum: Frac, staged: super::figures::Staged) -> String {
        let mut line = if self.counted.is_empty() {
            p.text(sum)
        } else {
            format!("{} {}", self.counted.join(" + "), p.equals(sum))
        };
        if staged.exact != sum {
            line.push_str(&format!(" → {}", staged.shown.value));
        }
        let notes = [
            (&self.left_out, "不适用"),
            (&self.bonus, "加分项，计入总分加分"),
            (&self.veto, "否决项，不计分，只限定等次"),
        ];
        for (codes, what) in notes {
            if !codes.is_empty() {
                line.push_str(&format!("（{what}：{}）", codes.join("、")));
            }
        }
        line
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
    let p = w.precision;
    let full = Frac::from(a.total);
    let (after, renormalised) = match a.renormalise {
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
    };
    let cap = Frac::from(a.bonus_cap);
    let applied = w.bonus.min(cap);
    let bonus = BonusTrace {
        claimed: p.show(w.bonus, Figure::Computed).value,
        cap: Precision::given(a.bonus_cap),
        applied: p.show(applied, Figure::Computed).value,
    };
    let adjustments = w.inputs.adjustments.clone();
    // Each adjustment is at most the full points (checked on entry).
    let off: Frac = adjustments.iter().map(|x| Frac::from(x.points)).sum();
    let raw = after + applied - off;
    let unrounded = raw.max(Frac::ZERO);
    let staged = p.result(w.rubric.header.rounding.as_ref(), unrounded);
    let total = staged.shown.value;
    let line = TotalLine {
        p,
        base: root.score,
        scaled: renormalised.is_some().then_some((a.total, root.applicable)),
        bonus: (w.bonus, applied, a.bonus_cap),
        adjustments: &adjustments,
        raw,
        staged,
    }
    .to_string();
    let grade = grade_of(&a.grading, staged.exact, total, p, &w.shares, &w.vetoes);
    ScoreResult {
        rubric_id: w.rubric.header.id.clone(),
        rubric_version: w.rubric.header.version,
        rubric_hash: w.rubric.header.content_hash.clone(),
        subject: w.inputs.subject.clone(),
        total_line: line,
        items: w.items,
        categories: w.categories,
        base: p.show(root.score, Figure::Computed).value,
        full: Precision::given(a.total),
        applicable: p.show(root.applicable, Figure::Computed).value,
        renormalised,
        after_renormalisation: p.show(after, Figure::Computed).value,
        bonus,
        adjustments,
        vetoes: w.vetoes,
        unrounded_total: p.show(unrounded, Figure::Computed).value,
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
    adjustments: &'a [super::inputs::Adjustment],
    /// Before the floor at 0 and the rounding.
    raw: Frac,
    staged: super::figures::Staged,
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
