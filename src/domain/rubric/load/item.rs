//! One item: its code, points, deadline and the keys around its method — where its input
//! comes from, whom the plan names, whether it is optional, which types a ledger metric
//! counts — and no key that belongs to another method.

use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, first_span, label, required, span_of};
use super::method::method;
use super::raw::{RawItem, S};
use super::roles;
use super::tree::{Seen, heading};
use crate::domain::ledger::ManagementType;
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Item, ItemSource, RoleRef};

/// The methods an item may name, as the file spells them.
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
    let (code, title) = heading(sink, seen, &span, &what, depth, [&r.code, &r.title]);
    let method_name = method_name(sink, &span, &what, r);
    let is_veto = method_name.as_deref() == Some("veto");
    let max = max_points(sink, &span, &what, r, is_veto);
    let weight = r
        .weight
        .as_ref()
        .and_then(|w| check::share(sink, &what, "weight", w));
    let deadline = deadline(sink, &what, r);
    let name = method_name?;
    let around = Around::read(sink, &span, &what, &name, r, seen);
    let has_deadline = deadline.is_some();
    let method = method(
        sink,
        &span,
        &what,
        &name,
        r,
        max?,
        has_deadline,
        seen,
        around.source,
    )?;
    Some(Item {
        code: code?,
        title: title?,
        max: max?,
        weight: r.weight.as_ref().and(weight),
        applies_to: r.applies_to.clone(),
        evidence: r.evidence.clone(),
        responsible: r.responsible.iter().map(|e| e.get_ref().clone()).collect(),
        named: around.named,
        optional: around.optional,
        eligible: around.eligible?,
        deadline,
        ongoing: r.ongoing,
        basis: r.basis.clone(),
        source: around.source,
        method,
    })
}

/// `method`: one of the known methods.
fn method_name(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    r: &RawItem,
) -> Option<String> {
    let m = required(sink, span, what, "method", r.method.as_ref())?;
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
}

/// `deadline`: a date, and not on a task marked `ongoing` (长期推进).
fn deadline(sink: &mut Sink<'_>, what: &str, r: &RawItem) -> Option<jiff::civil::Date> {
    let deadline = r
        .deadline
        .as_ref()
        .and_then(|d| check::date(sink, what, "deadline", d));
    if let (true, Some(d)) = (r.ongoing, &r.deadline) {
        sink.at(
            &d.span(),
            format!("{what}`deadline` and `ongoing` (长期推进) exclude each other"),
        );
    }
    deadline
}

/// The keys around an item's method, read once its method is known.
struct Around {
    source: Option<ItemSource>,
    named: Vec<RoleRef>,
    optional: bool,
    eligible: Option<Vec<String>>,
}

impl Around {
    fn read(
        sink: &mut Sink<'_>,
        span: &Range<usize>,
        what: &str,
        method: &str,
        r: &RawItem,
        seen: &Seen,
    ) -> Around {
        stray_keys(sink, what, method, r);
        let source = source(sink, what, method, r);
        let named = roles::named(sink, what, &seen.roles, &r.responsible);
        roles::applies_to(sink, what, &seen.unit_types, span, &r.applies_to);
        let optional = optional(sink, what, method, r);
        let eligible = eligible(sink, what, source, r);
        if let (Some(ItemSource::Ledger), Some(m)) = (source, &r.measure) {
            roles::known_measure(sink, what, m);
        }
        Around {
            source,
            named,
            optional,
            eligible,
        }
    }
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

/// `max`: required and positive, except on a veto item, which carries no points.
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
    let keys: [(&str, Option<Range<usize>>, &str); 15] = [
        ("step", span_of(&r.step), "points"),
        ("finding", first_span(&r.finding), "deduction"),
        ("measure", span_of(&r.measure), "threshold"),
        ("target", span_of(&r.target), "threshold"),
        ("floor", span_of(&r.floor), "threshold"),
        ("curve", span_of(&r.curve), "threshold"),
        ("measured_in", span_of(&r.measured_in), "threshold"),
        ("base", span_of(&r.base), "threshold"),
        ("span", span_of(&r.span), "threshold"),
        ("below_floor", span_of(&r.below_floor), "threshold"),
        ("per", span_of(&r.per), "deadline"),
        ("late_points", span_of(&r.late_points), "deadline"),
        ("late_cap", span_of(&r.late_cap), "deadline"),
        ("award", first_span(&r.award), "bonus"),
        ("max_grade", span_of(&r.max_grade), "veto"),
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
