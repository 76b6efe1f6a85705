//! `[[component]]` tables of a composite rubric.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::check::{self, label, required};
use super::grading::bands;
use super::raw::{RawRubric, S};
use crate::domain::rubric::composite::{Component, CompositeSpec};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::Renormalise;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawComponent {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub weight: Option<S<Decimal>>,
    pub source: Option<String>,
}

/// The validated composite body; bands are optional here.
pub(crate) fn composite(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<CompositeSpec> {
    if raw.component.is_empty() {
        sink.at(&(0..0), "kind `composite` needs at least one [[component]]");
        return None;
    }
    let mut codes = BTreeSet::new();
    let mut out = Vec::new();
    for (i, c) in raw.component.iter().enumerate() {
        let (s, r) = (c.span(), c.get_ref());
        let what = label("component", r.code.as_ref(), i);
        let code = check::text(sink, &s, &what, "code", r.code.as_ref());
        if let (Some(code), Some(rc)) = (&code, &r.code)
            && !codes.insert(code.clone())
        {
            sink.at(&rc.span(), format!("duplicate component code {code}"));
        }
        let title = check::text(sink, &s, &what, "title", r.title.as_ref());
        let weight = required(sink, &s, &what, "weight", r.weight.as_ref())
            .and_then(|w| check::share(sink, &what, "weight", w));
        out.push(match (code, title, weight) {
            (Some(code), Some(title), Some(weight)) => Some(Component {
                code,
                title,
                weight,
                source: r.source.clone(),
            }),
            _ => None,
        });
    }
    let bands = if raw.grade.is_empty() {
        Some(Vec::new())
    } else {
        bands(sink, &raw.grade)
    };
    let components: Option<Vec<Component>> = out.into_iter().collect();
    let components = components?;
    let weights: Vec<Decimal> = components.iter().map(|c| c.weight).collect();
    let sum: Decimal = weights.iter().sum();
    if sum != Decimal::ONE {
        let at = raw.component.first().map(|c| c.span()).unwrap_or(0..0);
        sink.at(
            &at,
            format!("component weights sum to {}, expected 1", sum.normalize()),
        );
    }
    let codes: Vec<String> = components.iter().map(|c| c.code.clone()).collect();
    let daily = super::daily::daily(sink, raw, &codes);
    Some(CompositeSpec {
        components,
        bands: bands?,
        renormalise: renormalise(sink, raw)?,
        daily: daily?,
    })
}

/// `renormalise` (default `none`: a subject lacking a component gets no result).
fn renormalise(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<Renormalise> {
    let modes = [
        ("scale-to-max", Renormalise::ScaleToMax),
        ("none", Renormalise::None),
    ];
    match &raw.renormalise {
        None => Some(Renormalise::None),
        Some(r) => check::one_of(sink, "", "renormalise", r, &modes),
    }
}
