//! An item's scoring method and the keys it takes.

use std::collections::BTreeSet;
use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, label, required};
use super::raw::{RawFinding, RawItem, S};
use super::threshold;
use super::tree::Seen;
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Finding, ItemSource, LatePer, Method};

/// The method `name` with its keys, or `None` after reporting what is wrong with them.
#[allow(clippy::too_many_arguments)]
pub(super) fn method(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    name: &str,
    r: &RawItem,
    max: Decimal,
    has_deadline: bool,
    seen: &mut Seen,
    source: Option<ItemSource>,
) -> Option<Method> {
    match name {
        "points" => {
            let s = required(sink, span, what, "step", r.step.as_ref())?;
            let step = check::positive(sink, what, "step", s)?;
            if !(max % step).is_zero() {
                sink.at(
                    &s.span(),
                    format!(
                        "{what}step {} does not divide max {}",
                        step.normalize(),
                        max.normalize()
                    ),
                );
                return None;
            }
            Some(Method::Points { step })
        }
        "deduction" => Some(Method::Deduction {
            findings: findings(sink, span, what, "finding", &r.finding)?,
        }),
        "bonus" => Some(Method::Bonus {
            awards: findings(sink, span, what, "award", &r.award)?,
        }),
        "threshold" => threshold::threshold(sink, span, what, r, source),
        "deadline" => deadline(sink, span, what, r, max, has_deadline),
        "survey" => Some(Method::Survey),
        _ => {
            if let Some(g) = &r.max_grade {
                seen.grade_refs.push(g.clone());
            }
            Some(Method::Veto {
                max_grade: r.max_grade.as_ref().map(|g| g.get_ref().clone()),
            })
        }
    }
}

/// The findings (or awards) of a deduction (or bonus) item: at least one, codes unique.
fn findings(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    key: &str,
    raws: &[S<RawFinding>],
) -> Option<Vec<Finding>> {
    if raws.is_empty() {
        sink.at(span, format!("{what}needs at least one `{key}`"));
        return None;
    }
    let mut out = Vec::new();
    let mut codes = BTreeSet::new();
    for (i, f) in raws.iter().enumerate() {
        let fs = f.span();
        let fr = f.get_ref();
        let fwhat = format!("{what}{}", label(key, fr.code.as_ref(), i));
        let code = check::text(sink, &fs, &fwhat, "code", fr.code.as_ref());
        if let (Some(c), Some(raw_code)) = (&code, &fr.code)
            && !codes.insert(c.clone())
        {
            sink.at(&raw_code.span(), format!("{what}duplicate {key} code {c}"));
        }
        let title = check::text(sink, &fs, &fwhat, "title", fr.title.as_ref());
        let points = required(sink, &fs, &fwhat, "points", fr.points.as_ref())
            .and_then(|p| check::positive(sink, &fwhat, "points", p));
        if let (Some(code), Some(title), Some(points)) = (code, title, points) {
            out.push(Finding {
                code,
                title,
                points,
            });
        }
    }
    (out.len() == raws.len()).then_some(out)
}

/// `deadline`: full points by the date, less per late day or week, at most `late_cap`.
fn deadline(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    r: &RawItem,
    max: Decimal,
    has_deadline: bool,
) -> Option<Method> {
    if !has_deadline && r.deadline.is_none() {
        sink.at(
            span,
            format!("{what}method `deadline` needs a `deadline` date"),
        );
    }
    let pers = [("day", LatePer::Day), ("week", LatePer::Week)];
    let per = required(sink, span, what, "per", r.per.as_ref())
        .and_then(|p| check::one_of(sink, what, "per", p, &pers));
    let points = required(sink, span, what, "late_points", r.late_points.as_ref())
        .and_then(|p| check::positive(sink, what, "late_points", p));
    let cap = match &r.late_cap {
        None => Some(max),
        Some(c) if *c.get_ref() > max => {
            sink.at(
                &c.span(),
                format!(
                    "{what}`late_cap` {} exceeds max {}",
                    c.get_ref().normalize(),
                    max.normalize()
                ),
            );
            None
        }
        Some(c) => check::positive(sink, what, "late_cap", c),
    };
    if !has_deadline {
        return None;
    }
    Some(Method::Deadline {
        per: per?,
        points: points?,
        cap: cap?,
    })
}
