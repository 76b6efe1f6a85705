//! The loader: TOML text → raw spanned structs → validated [`Rubric`].
//!
//! Syntax and type errors stop at the first (the TOML parser cannot recover); once the file
//! parses, every rule is checked and every problem reported, in file order.

mod assessment;
mod check;
pub(crate) mod composite;
pub(crate) mod credit;
pub(crate) mod daily;
pub(crate) mod evaluation;
mod grading;
mod header;
mod item;
mod method;
mod raw;
mod renewal;
mod roles;
mod statistics;
pub(crate) mod survey;
mod threshold;
mod tree;

use sha2::{Digest, Sha256};

use super::diagnostic::{Diagnostic, Sink};
use super::model::{Body, Kind, Rubric};
use check::{first_span, span_of};
use raw::RawRubric;

/// Parses and validates one rubric file. `file_name` only labels diagnostics.
pub fn parse(file_name: &str, text: &str) -> Result<Rubric, Vec<Diagnostic>> {
    let hash = hex::encode(Sha256::digest(text.as_bytes()));
    let mut sink = Sink::new(file_name, text);
    let raw: RawRubric = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim().replace('\n', "; ");
            sink.at(&e.span().unwrap_or(0..0), message);
            return Err(sink.into_sorted());
        }
    };
    let header = header::header(&mut sink, &raw, file_name, hash);
    let kind = raw.kind.as_ref().and_then(|k| Kind::parse(k.get_ref()));
    let body = kind.and_then(|k| {
        foreign_sections(&mut sink, &raw, k);
        body(&mut sink, &raw, k)
    });
    match (header, body) {
        (Some(header), Some(body)) if sink.is_clean() => Ok(Rubric { header, body }),
        _ => Err(sink.into_sorted()),
    }
}

fn body(sink: &mut Sink<'_>, raw: &RawRubric, kind: Kind) -> Option<Body> {
    match kind {
        Kind::UnitAssessment | Kind::ServiceQuality => {
            assessment::assessment(sink, raw).map(Body::Assessment)
        }
        Kind::Satisfaction => survey::satisfaction(sink, raw).map(Body::Satisfaction),
        Kind::Credit => credit::credit(sink, raw).map(Body::Credit),
        Kind::Composite => composite::composite(sink, raw).map(Body::Composite),
    }
}

/// Sections that belong to another kind are refused, so a typo in `kind` cannot silently
/// ignore half the file.
fn foreign_sections(sink: &mut Sink<'_>, raw: &RawRubric, kind: Kind) {
    use Kind::*;
    let assessment: &[Kind] = &[UnitAssessment, ServiceQuality];
    let graded: &[Kind] = &[UnitAssessment, ServiceQuality, Composite];
    let sections = [
        ("[[category]]", first_span(&raw.category), assessment),
        ("total", span_of(&raw.total), assessment),
        ("bonus_cap", span_of(&raw.bonus_cap), assessment),
        (
            "renormalise",
            span_of(&raw.renormalise),
            &[UnitAssessment, ServiceQuality, Composite],
        ),
        ("[grading]", span_of(&raw.grading), assessment),
        ("[combination]", span_of(&raw.combination), assessment),
        ("[[grade]]", first_span(&raw.grade), graded),
        ("[[role]]", first_span(&raw.role), &[UnitAssessment]),
        ("[[unscored]]", first_span(&raw.unscored), &[UnitAssessment]),
        (
            "[satisfaction]",
            span_of(&raw.satisfaction),
            &[Satisfaction],
        ),
        ("[credit]", span_of(&raw.credit), &[Credit]),
        ("[evaluation]", span_of(&raw.evaluation), &[ServiceQuality]),
        ("[[component]]", first_span(&raw.component), &[Composite]),
        ("[daily]", span_of(&raw.daily), &[Composite]),
    ];
    for (name, span, kinds) in sections {
        if let (Some(span), false) = (span, kinds.contains(&kind)) {
            sink.at(
                &span,
                format!("{name} does not apply to kind `{}`", kind.as_str()),
            );
        }
    }
}
