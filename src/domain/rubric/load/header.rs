//! Header keys shared by every kind: identity, version, period, rounding.

use super::check::{self, required};
use super::raw::{RawRounding, RawRubric, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::figures::DEFAULT_DISPLAY_PLACES;
use crate::domain::rubric::model::{Header, Kind, RoundAt, Rounding, RoundingMode};

/// Validates the header; `None` when anything needed to build it is wrong (already reported).
pub(crate) fn header(
    sink: &mut Sink<'_>,
    raw: &RawRubric,
    file: &str,
    hash: String,
) -> Option<Header> {
    let top = 0..0;
    let id = check::text(sink, &top, "", "id", raw.id.as_ref());
    let version = required(sink, &top, "", "version", raw.version.as_ref()).and_then(|v| {
        let ok = u32::try_from(*v.get_ref()).ok().filter(|n| *n >= 1);
        if ok.is_none() {
            sink.at(&v.span(), "`version` must be a whole number from 1 up");
        }
        ok
    });
    let kind = required(sink, &top, "", "kind", raw.kind.as_ref()).and_then(|k| kind(sink, k));
    let title = check::text(sink, &top, "", "title", raw.title.as_ref());
    let from = required(
        sink,
        &top,
        "",
        "effective_from",
        raw.effective_from.as_ref(),
    )
    .and_then(|v| check::date(sink, "", "effective_from", v));
    let to = required(sink, &top, "", "effective_to", raw.effective_to.as_ref())
        .and_then(|v| check::date(sink, "", "effective_to", v));
    if let (Some(f), Some(t), Some(span)) = (from, to, raw.effective_to.as_ref())
        && t < f
    {
        sink.at(
            &span.span(),
            format!("effective_to {t} is before effective_from {f}"),
        );
    }
    let rounding = match &raw.rounding {
        Some(r) => Some(rounding(sink, r)?),
        None => None,
    };
    let display_places = display_places(sink, raw, rounding.as_ref())?;
    let statistics = super::statistics::statistics(sink, raw, rounding.as_ref())?;
    Some(Header {
        id: id?,
        version: version?,
        kind: kind?,
        title: title?,
        effective_from: from?,
        effective_to: to?,
        rounding,
        display_places,
        statistics,
        content_hash: hash,
        file_name: file.to_owned(),
    })
}

fn kind(sink: &mut Sink<'_>, k: &S<String>) -> Option<Kind> {
    let found = Kind::parse(k.get_ref());
    if found.is_none() {
        sink.at(
            &k.span(),
            format!(
                "`kind` = `{}` is not one of `unit-assessment`, `service-quality`, `satisfaction`, `credit`, `composite`",
                k.get_ref()
            ),
        );
    }
    found
}

/// `display_places`: 0 to 10, at least the rounding's places (default 4, or the rounding's
/// places when they are more).
fn display_places(
    sink: &mut Sink<'_>,
    raw: &RawRubric,
    rounding: Option<&Rounding>,
) -> Option<u32> {
    let places = rounding.map_or(0, |r| r.places);
    let Some(v) = &raw.display_places else {
        return Some(DEFAULT_DISPLAY_PLACES.max(places));
    };
    let Some(n) = u32::try_from(*v.get_ref()).ok().filter(|n| *n <= 10) else {
        sink.at(&v.span(), "`display_places` must be 0 to 10");
        return None;
    };
    if n < places {
        sink.at(
            &v.span(),
            format!(
                "`display_places` {n} is fewer than the rounding's `places` {places}: intermediate figures would show less than the results"
            ),
        );
        return None;
    }
    Some(n)
}

fn rounding(sink: &mut Sink<'_>, r: &S<RawRounding>) -> Option<Rounding> {
    let span = r.span();
    let raw = r.get_ref();
    let places = required(sink, &span, "rounding: ", "places", raw.places.as_ref()).and_then(|p| {
        let ok = u32::try_from(*p.get_ref()).ok().filter(|n| *n <= 10);
        if ok.is_none() {
            sink.at(&p.span(), "rounding: `places` must be 0 to 10");
        }
        ok
    });
    let modes = [
        ("half-up", RoundingMode::HalfUp),
        ("half-even", RoundingMode::HalfEven),
        ("down", RoundingMode::Down),
    ];
    let mode = required(sink, &span, "rounding: ", "mode", raw.mode.as_ref())
        .and_then(|m| check::one_of(sink, "rounding: ", "mode", m, &modes));
    let stages = [
        ("item", RoundAt::Item),
        ("category", RoundAt::Category),
        ("total", RoundAt::Total),
    ];
    let mut at = Vec::new();
    for s in &raw.at {
        at.push(check::one_of(sink, "rounding: ", "at", s, &stages));
    }
    if raw.at.is_empty() {
        sink.at(
            &span,
            "rounding: `at` must name where to round, e.g. [\"total\"]",
        );
    }
    let at: Option<Vec<RoundAt>> = at.into_iter().collect();
    Some(Rounding {
        places: places?,
        mode: mode?,
        at: at?,
    })
}
