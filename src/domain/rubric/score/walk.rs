//! The walk down the tree: each item scored by its method, each category summed (or
//! weighted) from its children, every figure pushed to the trace as it is reached.

use super::line::{Term, Terms};
use super::{Acc, Walk, weigh};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::{Figure, Precision};
use crate::domain::rubric::grade::CategoryShare;
use crate::domain::rubric::methods::{ItemOutcome, score_item_in};
use crate::domain::rubric::model::{Category, Duty, Item, Method, Node, RoundAt, Rounding};
use crate::domain::rubric::trace::{CategoryTrace, ItemTrace, VetoTrace};

impl Walk<'_> {
    pub(super) fn category(&mut self, c: &Category, level: usize) -> Acc {
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

    fn rounding(&self) -> Option<&Rounding> {
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
            method: item.method.kind(),
            input: given.cloned(),
            max: Precision::given(item.max),
            score: staged.shown.value,
            applicable: out.applicable,
            explanation: out.explanation,
        });
        self.contribution(item, out.applicable, out.veto, score)
    }

    /// What a scored item adds to its category: its score and full points; a bonus adds to
    /// the total's bonus instead, and a veto only records whether it fired.
    fn contribution(&mut self, item: &Item, applicable: bool, veto: bool, score: Frac) -> Acc {
        let max = Frac::from(item.max);
        match &item.method {
            Method::Bonus { .. } => {
                self.bonus = self.bonus + score;
                Acc::default()
            }
            Method::Veto { max_grade } => {
                if veto {
                    self.vetoes.push(VetoTrace {
                        code: item.code.clone(),
                        title: item.title.clone(),
                        max_grade: max_grade.clone(),
                    });
                }
                Acc::default()
            }
            _ if !applicable => Acc {
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
