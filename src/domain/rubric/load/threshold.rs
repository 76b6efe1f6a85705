//! Threshold items: the measured unit (share or percent), target and floor within it, and the
//! curve's shape (linear 0 → 100%, or efficacy with its base, span and below-floor rule).

use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, required};
use super::raw::{RawItem, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{BelowFloor, Curve, ItemSource, Method, ShareUnit};

/// A threshold item: measure, unit, target above floor within the unit's range, curve and,
/// for the efficacy curve, its base, span and what a value below the floor earns.
pub(crate) fn threshold(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    r: &RawItem,
    source: Option<ItemSource>,
) -> Option<Method> {
    let measure = check::text(sink, span, what, "measure", r.measure.as_ref());
    let measured_in = measured_in(sink, what, r, source);
    let target = required(sink, span, what, "target", r.target.as_ref());
    let floor = required(sink, span, what, "floor", r.floor.as_ref())
        .and_then(|f| check::non_negative(sink, what, "floor", f).map(|_| f));
    let curves = [("linear", Curve::Linear), ("efficacy", Curve::Efficacy)];
    let curve = required(sink, span, what, "curve", r.curve.as_ref())
        .and_then(|c| check::one_of(sink, what, "curve", c, &curves));
    let shape = curve.and_then(|c| curve_shape(sink, span, what, r, c));
    let (target, floor) = (target?, floor?);
    if floor.get_ref() >= target.get_ref() {
        sink.at(
            &floor.span(),
            format!(
                "{what}floor {} must be below target {}",
                floor.get_ref().normalize(),
                target.get_ref().normalize()
            ),
        );
        return None;
    }
    let measured_in = measured_in?;
    within_unit(sink, what, measured_in, target)?;
    let (base, span_pct, below_floor) = shape?;
    Some(Method::Threshold {
        measure: measure?,
        measured_in,
        target: *target.get_ref(),
        floor: *floor.get_ref(),
        curve: curve?,
        base,
        span: span_pct,
        below_floor,
    })
}

/// `measured_in`: `share` (default) or `percent`; ledger metrics are shares.
fn measured_in(
    sink: &mut Sink<'_>,
    what: &str,
    r: &RawItem,
    source: Option<ItemSource>,
) -> Option<ShareUnit> {
    let Some(v) = &r.measured_in else {
        return Some(ShareUnit::Share);
    };
    let unit = check::one_of(sink, what, "measured_in", v, &ShareUnit::SPELLINGS)?;
    if unit != ShareUnit::Share && source == Some(ItemSource::Ledger) {
        sink.at(
            &v.span(),
            format!("{what}ledger metrics are shares: `measured_in` must be `share`"),
        );
        return None;
    }
    Some(unit)
}

/// A target beyond the unit's whole (1, or 100 for percent) is a unit mistake.
fn within_unit(
    sink: &mut Sink<'_>,
    what: &str,
    unit: ShareUnit,
    target: &S<Decimal>,
) -> Option<()> {
    let t = target.get_ref().normalize();
    if t <= unit.whole() {
        return Some(());
    }
    let msg = match unit {
        ShareUnit::Share => format!(
            "{what}target {t} is above 1: a share is written 0–1 (write {}), or declare `measured_in = \"percent\"`",
            (t / Decimal::ONE_HUNDRED).normalize()
        ),
        ShareUnit::Percent => format!("{what}target {t} is above 100 percent"),
    };
    sink.at(&target.span(), msg);
    None
}

/// Base and span (percent of the points at the floor, and added up to the target) and what a
/// value below the floor earns. Linear is fixed at 0 + 100; efficacy defaults to 60 + 40
/// and may declare both, summing to 100.
fn curve_shape(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    r: &RawItem,
    curve: Curve,
) -> Option<(Decimal, Decimal, BelowFloor)> {
    let keys = [
        ("base", check::span_of(&r.base)),
        ("span", check::span_of(&r.span)),
        ("below_floor", check::span_of(&r.below_floor)),
    ];
    if curve == Curve::Linear {
        let mut ok = true;
        for (key, at) in keys {
            if let Some(at) = at {
                sink.at(
                    &at,
                    format!("{what}`{key}` applies to `curve = \"efficacy\"` only (linear runs 0 → 100%)"),
                );
                ok = false;
            }
        }
        return ok.then_some((Decimal::ZERO, Decimal::ONE_HUNDRED, BelowFloor::Zero));
    }
    let below = [("zero", BelowFloor::Zero), ("base", BelowFloor::Base)];
    let below_floor = match &r.below_floor {
        Some(v) => check::one_of(sink, what, "below_floor", v, &below),
        None => Some(BelowFloor::Zero),
    };
    let (base, span_pct) = match (&r.base, &r.span) {
        (None, None) => (Decimal::from(60), Decimal::from(40)),
        (Some(b), Some(s)) => {
            let base = check::non_negative(sink, what, "base", b);
            let span_pct = check::positive(sink, what, "span", s);
            let (base, span_pct) = (base?, span_pct?);
            if base + span_pct != Decimal::ONE_HUNDRED {
                sink.at(
                    &b.span(),
                    format!(
                        "{what}`base` {} + `span` {} must make 100 (full points at the target)",
                        base.normalize(),
                        span_pct.normalize()
                    ),
                );
                return None;
            }
            (base, span_pct)
        }
        _ => {
            sink.at(
                span,
                format!("{what}give both `base` and `span` or neither"),
            );
            return None;
        }
    };
    Some((base, span_pct, below_floor?))
}
