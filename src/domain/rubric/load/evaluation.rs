//! The `[evaluation]` section of a `service-quality` rubric: how many inspectors may check one
//! visit, how their sheets combine, and how long a company has to object to a finding.

use serde::Deserialize;

use super::check;
use super::raw::{RawRubric, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{EvaluationRules, SheetCombine};

/// Most inspectors one visit may have: the issue asks for "optionally two".
const MOST_INSPECTORS: i64 = 2;
/// Longest objection window a file may state, in days (a year).
pub(super) const LONGEST_WINDOW: i64 = 366;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvaluation {
    pub inspectors: Option<S<i64>>,
    pub combine: Option<S<String>>,
    pub objection_days: Option<S<i64>>,
}

/// The checked section; without one, a visit has one inspector and no objection window.
pub(crate) fn evaluation(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<EvaluationRules> {
    let Some(section) = raw.evaluation.as_ref() else {
        return Some(EvaluationRules::default());
    };
    let e = section.get_ref();
    let what = "[evaluation] ";
    let inspectors = match &e.inspectors {
        None => Some(1),
        Some(n) => in_range(sink, what, "inspectors", n, 1..=MOST_INSPECTORS),
    };
    let combine = match &e.combine {
        None => Some(SheetCombine::Mean),
        Some(c) => check::one_of(sink, what, "combine", c, &[("mean", SheetCombine::Mean)]),
    };
    let objection_days = match &e.objection_days {
        None => Some(0),
        Some(n) => in_range(sink, what, "objection_days", n, 0..=LONGEST_WINDOW),
    };
    Some(EvaluationRules {
        inspectors: inspectors?,
        combine: combine?,
        objection_days: objection_days?,
    })
}

pub(super) fn in_range(
    sink: &mut Sink<'_>,
    what: &str,
    key: &str,
    v: &S<i64>,
    range: std::ops::RangeInclusive<i64>,
) -> Option<u32> {
    let n = *v.get_ref();
    if !range.contains(&n) {
        sink.at(
            &v.span(),
            format!(
                "{what}`{key}` = {n} must be between {} and {}",
                range.start(),
                range.end()
            ),
        );
        return None;
    }
    u32::try_from(n).ok()
}
