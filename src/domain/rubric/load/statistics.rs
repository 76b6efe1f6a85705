//! `[statistics]`: the places statistics are published with (see
//! [`crate::domain::rubric::statistic`]); each key optional, defaults from the rounding.

use super::raw::{RawRubric, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::Rounding;
use crate::domain::rubric::statistic::{MAX_STAT_PLACES, StatPlaces};

/// The resolved places; `None` when a declared value is out of range (already reported).
pub(crate) fn statistics(
    sink: &mut Sink<'_>,
    raw: &RawRubric,
    rounding: Option<&Rounding>,
) -> Option<StatPlaces> {
    let defaults = StatPlaces::defaults(rounding);
    let Some(sec) = &raw.statistics else {
        return Some(defaults);
    };
    let r = sec.get_ref();
    let scale = places(
        sink,
        "scale_places",
        r.scale_places.as_ref(),
        defaults.scale_places,
    );
    let spread = places(
        sink,
        "spread_places",
        r.spread_places.as_ref(),
        defaults.spread_places,
    );
    // Shares follow a declared scale (a percentage at the scale's places) unless declared.
    let share_default = scale.map_or(defaults.share_places, |s| s + 2);
    let share = places(sink, "share_places", r.share_places.as_ref(), share_default);
    let coefficient = places(
        sink,
        "coefficient_places",
        r.coefficient_places.as_ref(),
        defaults.coefficient_places,
    );
    Some(StatPlaces {
        scale_places: scale?,
        spread_places: spread?,
        share_places: share?,
        coefficient_places: coefficient?,
    })
}

fn places(sink: &mut Sink<'_>, key: &str, v: Option<&S<i64>>, default: u32) -> Option<u32> {
    let Some(v) = v else {
        return Some(default);
    };
    let ok = u32::try_from(*v.get_ref())
        .ok()
        .filter(|n| *n <= MAX_STAT_PLACES);
    if ok.is_none() {
        sink.at(
            &v.span(),
            format!("statistics: `{key}` must be 0 to {MAX_STAT_PLACES}"),
        );
    }
    ok
}
