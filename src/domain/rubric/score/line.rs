//! One category's line: how each child enters the sum, and the sum written out.

use rust_decimal::Decimal;

use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::{Precision, Staged};

/// A child's place in its category's line.
pub(super) enum Term {
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
pub(super) struct Terms {
    counted: Vec<String>,
    left_out: Vec<String>,
    bonus: Vec<String>,
    veto: Vec<String>,
}

impl Terms {
    /// Adds a child; `weight` is (weight, parent points) under a weighted parent.
    pub(super) fn push(&mut self, term: Term, weight: Option<(Decimal, Decimal)>) {
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
    pub(super) fn line(self, p: Precision, sum: Frac, staged: Staged) -> String {
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
