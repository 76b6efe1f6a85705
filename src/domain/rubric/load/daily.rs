//! The `[daily]` section of a `composite` rubric ([`DailyRules`]).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::check::{self, label, required};
use super::raw::{RawRubric, S};
use crate::domain::rubric::daily::{ComplaintCategory, ComplaintChannel, DailyRules};
use crate::domain::rubric::diagnostic::Sink;

/// Longest window or time limit a file may state: complaints older than five years, or a
/// limit over a year, are a typo rather than a rule.
const LONGEST_MONTHS: u32 = 60;
const LONGEST_LIMIT_DAYS: u32 = 366;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDaily {
    pub component: Option<S<String>>,
    pub base: Option<S<Decimal>>,
    pub upheld_points: Option<S<Decimal>>,
    pub late_points: Option<S<Decimal>>,
    pub window_months: Option<S<u32>>,
    #[serde(default)]
    pub channel: Vec<S<RawChannel>>,
    #[serde(default)]
    pub category: Vec<S<RawComplaintCategory>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub limit_days: Option<S<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawComplaintCategory {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
}

/// The checked section, `Some(None)` when the file has none; `components` are the codes of
/// the file's `[[component]]` tables (the section must fill one of them).
pub(crate) fn daily(
    sink: &mut Sink<'_>,
    raw: &RawRubric,
    components: &[String],
) -> Option<Option<DailyRules>> {
    let Some(section) = raw.daily.as_ref() else {
        return Some(None);
    };
    let (s, d) = (section.span(), section.get_ref());
    let what = "[daily] ";
    let component = check::text(sink, &s, what, "component", d.component.as_ref());
    if let (Some(c), Some(at)) = (&component, &d.component)
        && !components.contains(c)
    {
        sink.at(
            &at.span(),
            format!("{what}`component` = `{c}` is no [[component]] code of this file"),
        );
    }
    let base = points(sink, &s, "base", d.base.as_ref(), true);
    let upheld = points(sink, &s, "upheld_points", d.upheld_points.as_ref(), false);
    let late = points(sink, &s, "late_points", d.late_points.as_ref(), false);
    let months = required(sink, &s, what, "window_months", d.window_months.as_ref())
        .and_then(|m| within(sink, what, "window_months", m, LONGEST_MONTHS));
    let channels = channels(sink, &s, &d.channel);
    let categories = categories(sink, &s, &d.category);
    Some(Some(DailyRules {
        component: component?,
        base: base?,
        upheld_points: upheld?,
        late_points: late?,
        window_months: months?,
        channels: channels?,
        categories: categories?,
    }))
}

/// A required figure in 0..=100 (`base` must be above 0: a project must have something to lose).
fn points(
    sink: &mut Sink<'_>,
    owner: &std::ops::Range<usize>,
    key: &str,
    v: Option<&S<Decimal>>,
    positive: bool,
) -> Option<Decimal> {
    let v = required(sink, owner, "[daily] ", key, v)?;
    let x = *v.get_ref();
    let low = if positive {
        x <= Decimal::ZERO
    } else {
        x < Decimal::ZERO
    };
    if low || x > Decimal::ONE_HUNDRED {
        let from = if positive { "above 0" } else { "0 or more" };
        sink.at(
            &v.span(),
            format!("[daily] `{key}` = {x} must be {from} and at most 100"),
        );
        return None;
    }
    Some(x)
}

fn within(sink: &mut Sink<'_>, what: &str, key: &str, v: &S<u32>, most: u32) -> Option<u32> {
    let n = *v.get_ref();
    if n == 0 || n > most {
        sink.at(
            &v.span(),
            format!("{what}`{key}` = {n} must be between 1 and {most}"),
        );
        return None;
    }
    Some(n)
}

fn channels(
    sink: &mut Sink<'_>,
    owner: &std::ops::Range<usize>,
    raws: &[S<RawChannel>],
) -> Option<Vec<ComplaintChannel>> {
    if raws.is_empty() {
        sink.at(owner, "[daily] needs at least one [[daily.channel]]");
        return None;
    }
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = label("daily.channel", r.code.as_ref(), i);
        let (code, title) = seen.names(sink, &s, &what, r.code.as_ref(), r.title.as_ref());
        let limit = required(sink, &s, &what, "limit_days", r.limit_days.as_ref())
            .and_then(|d| within(sink, &what, "limit_days", d, LONGEST_LIMIT_DAYS));
        out.push(match (code, title, limit) {
            (Some(code), Some(title), Some(limit_days)) => Some(ComplaintChannel {
                code,
                title,
                limit_days,
            }),
            _ => None,
        });
    }
    out.into_iter().collect()
}

fn categories(
    sink: &mut Sink<'_>,
    owner: &std::ops::Range<usize>,
    raws: &[S<RawComplaintCategory>],
) -> Option<Vec<ComplaintCategory>> {
    if raws.is_empty() {
        sink.at(owner, "[daily] needs at least one [[daily.category]]");
        return None;
    }
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = label("daily.category", r.code.as_ref(), i);
        out.push(
            match seen.names(sink, &s, &what, r.code.as_ref(), r.title.as_ref()) {
                (Some(code), Some(title)) => Some(ComplaintCategory { code, title }),
                _ => None,
            },
        );
    }
    out.into_iter().collect()
}

/// Codes and titles already used in one list: both are accepted from spreadsheets, so
/// neither may repeat.
#[derive(Default)]
struct Seen(BTreeSet<String>);

impl Seen {
    fn names(
        &mut self,
        sink: &mut Sink<'_>,
        owner: &std::ops::Range<usize>,
        what: &str,
        code: Option<&S<String>>,
        title: Option<&S<String>>,
    ) -> (Option<String>, Option<String>) {
        let c = check::text(sink, owner, what, "code", code);
        let t = check::text(sink, owner, what, "title", title);
        for (value, at) in [(&c, code), (&t, title)] {
            if let (Some(v), Some(at)) = (value, at)
                && !self.0.insert(v.clone())
            {
                sink.at(
                    &at.span(),
                    format!("{what}`{v}` is used twice in this list"),
                );
            }
        }
        (c, t)
    }
}
