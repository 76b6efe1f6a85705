//! One item and its scoring method.

use std::collections::BTreeSet;
use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, label, required};
use super::raw::{RawFinding, RawItem, S};
use super::roles;
use super::threshold;
use super::tree::{MAX_DEPTH, Seen, claim_code};
use crate::domain::ledger::ManagementType;
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Finding, Item, ItemSource, LatePer, Method};

const METHODS: [&str; 7] = [
    "points",
    "deduction",
    "threshold",
    "deadline",
    "survey",
    "bonus",
    "veto",
];

/// A validated item, or `None` after reporting what is wrong with it.
pub(crate) fn item(
    sink: &mut Sink<'_>,
    raw: &S<RawItem>,
    index: usize,
    depth: usize,
    seen: &mut Seen,
) -> Option<Item> {
    let span = raw.span();
    let r = raw.get_ref();
    let what = label("item", r.code.as_ref(), index);
    if let Some(c) = &r.code {
        claim_code(sink, seen, c);
    }
    if depth > MAX_DEPTH {
        sink.at(
            &span,
            format!("{what}nested {depth} levels deep; at most {MAX_DEPTH} allowed"),
        );
    }
    let code = check::text(sink, &span, &what, "code", r.code.as_ref());
    let title = check::text(sink, &span, &what, "title", r.title.as_ref());
    let method_name = required(sink, &span, &what, "method", r.method.as_ref()).and_then(|m| {
        let known = METHODS.contains(&m.get_ref().as_str());
        if !known {
            let list: Vec<String> = METHODS.iter().map(|n| format!("`{n}`")).collect();
            sink.at(
                &m.span(),
                format!(
                    "{what}`method` = `{}` is not one of {}",
                    m.get_ref(),
                    list.join(", ")
                ),
            );
        }
        known.then(|| m.get_ref().clone())
    });
    let is_veto = method_name.as_deref() == Some("veto");
    let max = max_points(sink, &span, &what, r, is_veto);
    let weight = r
        .weight
        .as_ref()
        .and_then(|w| check::share(sink, &what, "weight", w));
    let deadline = r
        .deadline
        .as_ref()
        .and_then(|d| check::date(sink, &what, "deadline", d));
    if let (true, Some(d)) = (r.ongoing, &r.deadline) {
        sink.at(
            &d.span(),
            format!("{what}`deadline` and `ongoing` (长期推进) exclude each other"),
        );
    }
    let name = method_name?;
    stray_keys(sink, &what, &name, r);
    let source = source(sink, &what, &name, r);
    let named = roles::named(sink, &what, &seen.roles, &r.responsible);
    roles::applies_to(sink, &what, &seen.unit_types, &span, &r.applies_to);
    let optional = optional(sink, &what, &name, r);
    let eligible = eligible(sink, &what, source, r);
    if let (Some(ItemSource::Ledger), Some(m)) = (source, &r.measure) {
        roles::known_measure(sink, &what, m);
    }
    let method = method(
        sink,
        &span,
        &what,
        &name,
        r,
        max?,
        deadline.is_some(),
        seen,
        source,
    )?;
    Some(Item {
        code: code?,
        title: title?,
        max: max?,
        weight: r.weight.as_ref().and(weight),
        applies_to: r.applies_to.clone(),
        evidence: r.evidence.clone(),
        responsible: r.responsible.iter().map(|e| e.get_ref().clone()).collect(),
        named,
        optional,
        eligible: eligible?,
        deadline,
        ongoing: r.ongoing,
        basis: r.basis.clone(),
        source,
        method,
    })
}

/// `optional = true` is allowed only where switching the item off leaves every sum intact
/// (bonus and veto items carry no full points).
fn optional(sink: &mut Sink<'_>, what: &str, method: &str, r: &RawItem) -> bool {
    let Some(o) = &r.optional else {
        return false;
    };
    if *o.get_ref() && !matches!(method, "bonus" | "veto") {
        sink.at(
            &o.span(),
            format!("{what}only `bonus` and `veto` items may be `optional`, not `{method}`"),
        );
    }
    *o.get_ref()
}

/// `eligible`: management types (codes) counted by a ledger metric; only on ledger items.
fn eligible(
    sink: &mut Sink<'_>,
    what: &str,
    source: Option<ItemSource>,
    r: &RawItem,
) -> Option<Vec<String>> {
    let Some(e) = &r.eligible else {
        return Some(Vec::new());
    };
    if source != Some(ItemSource::Ledger) {
        sink.at(
            &e.span(),
            format!("{what}`eligible` applies only to `source = \"ledger\"` items"),
        );
        return None;
    }
    let known: Vec<&str> = ManagementType::ALL.iter().map(|m| m.code()).collect();
    let mut out = Vec::new();
    for v in e.get_ref() {
        if !known.contains(&v.as_str()) {
            sink.at(
                &e.span(),
                format!(
                    "{what}`eligible` names `{v}`, not one of {}",
                    known.join(", ")
                ),
            );
            return None;
        }
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    if out.is_empty() {
        sink.at(
            &e.span(),
            format!("{what}`eligible` must name at least one type"),
        );
        return None;
    }
    Some(out)
}

/// Reads `source`: a known spelling, and only on the method it feeds.
fn source(sink: &mut Sink<'_>, what: &str, method: &str, r: &RawItem) -> Option<ItemSource> {
    let raw = r.source.as_ref()?;
    let given = raw.get_ref().as_str();
    match ItemSource::ALL
        .iter()
        .find(|(_, spelling, _)| *spelling == given)
    {
        None => {
            let list: Vec<String> = ItemSource::ALL
                .iter()
                .map(|(_, n, _)| format!("`{n}`"))
                .collect();
            sink.at(
                &raw.span(),
                format!(
                    "{what}`source` = `{given}` is not one of {}",
                    list.join(", ")
                ),
            );
            None
        }
        Some((_, _, feeds)) if *feeds != method => {
            sink.at(
                &raw.span(),
                format!("{what}`source` = `{given}` feeds method `{feeds}`, not `{method}`"),
            );
            None
        }
        Some((s, _, _)) => Some(*s),
    }
}

fn max_points(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    r: &RawItem,
    is_veto: bool,
) -> Option<Decimal> {
    if is_veto {
        if let Some(m) = r.max.as_ref().filter(|m| !m.get_ref().is_zero()) {
            sink.at(
                &m.span(),
                format!("{what}veto items carry no points; drop `max`"),
            );
        }
        return Some(Decimal::ZERO);
    }
    required(sink, span, what, "max", r.max.as_ref())
        .and_then(|m| check::positive(sink, what, "max", m))
}

/// Keys that belong to another method are refused rather than silently ignored.
fn stray_keys(sink: &mut Sink<'_>, what: &str, method: &str, r: &RawItem) {
    let first = |v: &[S<RawFinding>]| v.first().map(|f| f.span());
    let keys: [(&str, Option<Range<usize>>, &str); 15] = [
        ("step", r.step.as_ref().map(|v| v.span()), "points"),
        ("finding", first(&r.finding), "deduction"),
        ("measure", r.measure.as_ref().map(|v| v.span()), "threshold"),
        ("target", r.target.as_ref().map(|v| v.span()), "threshold"),
        ("floor", r.floor.as_ref().map(|v| v.span()), "threshold"),
        ("curve", r.curve.as_ref().map(|v| v.span()), "threshold"),
        (
            "measured_in",
            r.measured_in.as_ref().map(|v| v.span()),
            "threshold",
        ),
        ("base", r.base.as_ref().map(|v| v.span()), "threshold"),
        ("span", r.span.as_ref().map(|v| v.span()), "threshold"),
        (
            "below_floor",
            r.below_floor.as_ref().map(|v| v.span()),
            "threshold",
        ),
        ("per", r.per.as_ref().map(|v| v.span()), "deadline"),
        (
            "late_points",
            r.late_points.as_ref().map(|v| v.span()),
            "deadline",
        ),
        (
            "late_cap",
            r.late_cap.as_ref().map(|v| v.span()),
            "deadline",
        ),
        ("award", first(&r.award), "bonus"),
        ("max_grade", r.max_grade.as_ref().map(|v| v.span()), "veto"),
    ];
    for (key, at, owner) in keys {
        if let (Some(at), true) = (at, owner != method) {
            sink.at(
                &at,
                format!("{what}`{key}` does not apply to method `{method}`"),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn method(
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
