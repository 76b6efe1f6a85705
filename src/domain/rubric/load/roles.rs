//! `[[role]]` (the bodies the plan names, with their unit types) and `[[unscored]]` (ledger
//! metrics a rubric deliberately leaves unscored), and resolving an item's `responsible` list
//! to those roles.

use std::collections::BTreeSet;

use super::check;
use super::raw::{RawRole, RawUnscored, S};
use crate::domain::ledger::UnitType;
use crate::domain::ledger::metrics::LEDGER_MEASURES;
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Role, RoleRef, Unscored};

/// The suffix the task table (附件2) puts after a lead unit's name.
pub(crate) const LEAD_MARK: &str = "（牵头单位）";

/// The declared roles; a duplicate name or an unknown unit type is reported.
pub(crate) fn roles(sink: &mut Sink<'_>, raws: &[S<RawRole>]) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let span = raw.span();
        let r = raw.get_ref();
        let what = check::label("role", r.name.as_ref(), i);
        let name = check::text(sink, &span, &what, "name", r.name.as_ref());
        let unit_type = check::required(sink, &span, &what, "unit_type", r.unit_type.as_ref())
            .and_then(|t| unit_type(sink, &what, t));
        let (Some(name), Some(unit_type)) = (name, unit_type) else {
            continue;
        };
        if out.iter().any(|o| o.name == name) {
            if let Some(n) = &r.name {
                sink.at(&n.span(), format!("{what}duplicate role name {name}"));
            }
            continue;
        }
        out.push(Role { name, unit_type });
    }
    out
}

fn unit_type(sink: &mut Sink<'_>, what: &str, t: &S<String>) -> Option<String> {
    let known: Vec<&str> = UnitType::ALL.iter().map(|u| u.code()).collect();
    if known.contains(&t.get_ref().as_str()) {
        return Some(t.get_ref().clone());
    }
    sink.at(
        &t.span(),
        format!(
            "{what}`unit_type` = `{}` is not one of {}",
            t.get_ref(),
            known.join(", ")
        ),
    );
    None
}

/// The declared unscored metrics; each must be a metric the ledger computes.
pub(crate) fn unscored(sink: &mut Sink<'_>, raws: &[S<RawUnscored>]) -> Vec<Unscored> {
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let span = raw.span();
        let r = raw.get_ref();
        let what = check::label("unscored", r.measure.as_ref(), i);
        let measure = r
            .measure
            .as_ref()
            .and_then(|m| known_measure(sink, &what, m));
        let measure = check::text(sink, &span, &what, "measure", r.measure.as_ref()).and(measure);
        let reason = check::text(sink, &span, &what, "reason", r.reason.as_ref());
        if let (Some(measure), Some(reason)) = (measure, reason) {
            out.push(Unscored { measure, reason });
        }
    }
    out
}

/// `m` when the ledger computes a metric of that name, else a diagnostic listing them.
pub(crate) fn known_measure(sink: &mut Sink<'_>, what: &str, m: &S<String>) -> Option<String> {
    let name = m.get_ref().trim();
    if LEDGER_MEASURES.contains(&name) {
        return Some(name.to_owned());
    }
    sink.at(
        &m.span(),
        format!(
            "{what}the ledger computes no metric `{name}`; known: {}",
            LEDGER_MEASURES.join(", ")
        ),
    );
    None
}

/// Resolves `responsible` entries to declared roles (nothing to resolve when none are
/// declared); an entry naming no role is reported at its own position.
pub(crate) fn named(
    sink: &mut Sink<'_>,
    what: &str,
    roles: &[Role],
    responsible: &[S<String>],
) -> Vec<RoleRef> {
    if roles.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<RoleRef> = Vec::new();
    for entry in responsible {
        let text = entry.get_ref().trim();
        let (name, lead) = match text.strip_suffix(LEAD_MARK) {
            Some(n) => (n.trim(), true),
            None => (text, false),
        };
        if !roles.iter().any(|r| r.name == name) {
            sink.at(
                &entry.span(),
                format!("{what}`responsible` names `{name}`, which no [[role]] declares"),
            );
        } else if !out.iter().any(|o| o.role == name) {
            out.push(RoleRef {
                role: name.to_owned(),
                lead,
            });
        }
    }
    out
}

/// Checks `applies_to` entries against the unit types (when the rubric is about units).
pub(crate) fn applies_to(
    sink: &mut Sink<'_>,
    what: &str,
    unit_types: &[&str],
    at: &std::ops::Range<usize>,
    values: &[String],
) {
    if unit_types.is_empty() {
        return;
    }
    let mut seen = BTreeSet::new();
    for v in values {
        if !unit_types.contains(&v.as_str()) {
            sink.at(
                at,
                format!(
                    "{what}`applies_to` names `{v}`, not one of {}",
                    unit_types.join(", ")
                ),
            );
        } else if !seen.insert(v) {
            sink.at(at, format!("{what}`applies_to` repeats `{v}`"));
        }
    }
}
