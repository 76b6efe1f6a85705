//! `unit-assessment` and `service-quality` bodies: tree, total, bonus cap, grading.

use rust_decimal::Decimal;

use super::check::{self};
use super::grading::{bands, combination, grade_ref, grading};
use super::raw::RawRubric;
use super::roles;
use super::tree::{Seen, categories};
use crate::domain::ledger::UnitType;
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Assessment, Category, Method, Node, Renormalise};

/// The validated body of a points rubric.
pub(crate) fn assessment(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<Assessment> {
    let top = 0..0;
    if raw.category.is_empty() {
        sink.at(&top, "needs at least one [[category]]");
    }
    let mut seen = Seen::default();
    let roles = roles::roles(sink, &raw.role);
    if !roles.is_empty() || !raw.unscored.is_empty() {
        seen.unit_types = UnitType::ALL.iter().map(|t| t.code()).collect();
    }
    seen.roles = roles.clone();
    let unscored = roles::unscored(sink, &raw.unscored);
    let tree = categories(
        sink,
        &raw.category,
        1,
        &mut seen,
        &top,
        "the top-level categories",
    );
    let bands = bands(sink, &raw.grade);
    if let Some(bands) = &bands {
        for g in &seen.grade_refs {
            grade_ref(sink, bands, "max_grade", g);
        }
    }
    let grading = bands.and_then(|b| grading(sink, b, raw.grading.as_ref(), &seen.codes));
    let combination = combination(sink, raw.combination.as_ref());
    let renormalise = check::required(sink, &top, "", "renormalise", raw.renormalise.as_ref())
        .and_then(|r| {
            let modes = [
                ("scale-to-max", Renormalise::ScaleToMax),
                ("none", Renormalise::None),
            ];
            check::one_of(sink, "", "renormalise", r, &modes)
        });
    let evaluation = super::evaluation::evaluation(sink, raw);
    let (cats, weighted) = tree?;
    let total = total(sink, raw, &cats, weighted)?;
    let bonus_cap = bonus_cap(sink, raw, &cats)?;
    Some(Assessment {
        total,
        weighted,
        categories: cats,
        bonus_cap,
        renormalise: renormalise?,
        grading: grading?,
        combination: combination?,
        roles,
        unscored,
        evaluation: evaluation?,
    })
}

fn total(
    sink: &mut Sink<'_>,
    raw: &RawRubric,
    cats: &[Category],
    weighted: bool,
) -> Option<Decimal> {
    let sum: Decimal = cats.iter().map(|c| c.points).sum();
    match &raw.total {
        Some(t) => {
            let t_val = check::positive(sink, "", "total", t)?;
            if !weighted && t_val != sum {
                sink.at(
                    &t.span(),
                    format!(
                        "categories sum to {}, expected total {}",
                        sum.normalize(),
                        t_val.normalize()
                    ),
                );
                return None;
            }
            Some(t_val)
        }
        None if weighted => {
            sink.at(&(0..0), "weighted categories need a rubric `total`");
            None
        }
        None => Some(sum),
    }
}

fn bonus_cap(sink: &mut Sink<'_>, raw: &RawRubric, cats: &[Category]) -> Option<Decimal> {
    let has_bonus = cats.iter().any(has_bonus_item);
    match &raw.bonus_cap {
        Some(c) => check::non_negative(sink, "", "bonus_cap", c),
        None if has_bonus => {
            sink.at(&(0..0), "bonus items need a rubric-level `bonus_cap`");
            None
        }
        None => Some(Decimal::ZERO),
    }
}

fn has_bonus_item(c: &Category) -> bool {
    c.children.iter().any(|n| match n {
        Node::Item(i) => matches!(i.method, Method::Bonus { .. }),
        Node::Category(c) => has_bonus_item(c),
    })
}
