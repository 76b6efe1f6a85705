//! Grade bands, grade rules and the self/review combination rule.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, required};
use super::raw::{RawBand, RawCombination, RawGrading, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{
    Band, CategoryMinimum, Combination, CombineRule, Grading, Inflation, QuotaTies, RankBy,
};

/// Grade bands, highest first and strictly descending.
pub(crate) fn bands(sink: &mut Sink<'_>, raws: &[S<RawBand>]) -> Option<Vec<Band>> {
    if raws.is_empty() {
        sink.at(&(0..0), "needs at least one [[grade]] band");
        return None;
    }
    let mut out: Vec<Band> = Vec::new();
    let mut ok = true;
    for (i, raw) in raws.iter().enumerate() {
        let span = raw.span();
        let what = format!("grade #{}: ", i + 1);
        let name = check::text(sink, &span, &what, "name", raw.get_ref().name.as_ref());
        let min = required(sink, &span, &what, "min", raw.get_ref().min.as_ref())
            .and_then(|m| check::non_negative(sink, &what, "min", m));
        match (name, min) {
            (Some(name), Some(min)) => {
                if let Some(prev) = out.last().filter(|p| p.min <= min) {
                    sink.at(
                        &span,
                        format!(
                            "grade bands must descend: {name} (min {}) is not below {} (min {})",
                            min.normalize(),
                            prev.name,
                            prev.min.normalize()
                        ),
                    );
                    ok = false;
                }
                if out.iter().any(|b| b.name == name) {
                    sink.at(&span, format!("duplicate grade band {name}"));
                    ok = false;
                }
                out.push(Band { name, min });
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// Checks a grade name against the bands.
pub(crate) fn grade_ref(
    sink: &mut Sink<'_>,
    bands: &[Band],
    key: &str,
    name: &S<String>,
) -> Option<String> {
    let found = bands.iter().any(|b| &b.name == name.get_ref());
    if !found {
        sink.at(
            &name.span(),
            format!(
                "`{key}` = `{}` is not one of the grade bands",
                name.get_ref()
            ),
        );
    }
    found.then(|| name.get_ref().clone())
}

/// The `[grading]` section (all optional).
pub(crate) fn grading(
    sink: &mut Sink<'_>,
    bands: Vec<Band>,
    raw: Option<&S<RawGrading>>,
    categories: &BTreeMap<String, Range<usize>>,
) -> Option<Grading> {
    let Some(raw) = raw else {
        return Some(Grading {
            bands,
            category_minimum: None,
            top_quota: None,
            quota_ties: None,
            rank_by: RankBy::Total,
            tie_breakers: Vec::new(),
            notice_days: None,
        });
    };
    let span = raw.span();
    let r = raw.get_ref();
    let what = "grading: ";
    let category_minimum = category_minimum(sink, &span, &bands, r);
    let top_quota = match &r.top_quota {
        Some(q) => check::share(sink, what, "top_quota", q).map(Some),
        None => Some(None),
    };
    let quota_ties = quota_ties(sink, &span, r);
    let rank_by = match &r.rank_by {
        Some(v) => check::one_of(sink, what, "rank_by", v, &RankBy::ALL),
        None => Some(RankBy::Total),
    };
    let tie_breakers = tie_breakers(sink, r, categories);
    let notice_days = match &r.notice_days {
        Some(d) => notice_days(sink, d).map(Some),
        None => Some(None),
    };
    Some(Grading {
        bands,
        category_minimum: category_minimum?,
        top_quota: top_quota?,
        quota_ties: quota_ties?,
        rank_by: rank_by?,
        tie_breakers,
        notice_days: notice_days?,
    })
}

/// `notice_days`: a whole number of working days, 1–30 (a period's own limits).
fn notice_days(sink: &mut Sink<'_>, v: &S<Decimal>) -> Option<u32> {
    use rust_decimal::prelude::ToPrimitive;
    let d = *v.get_ref();
    let whole = d.to_u32().filter(|_| d.fract().is_zero());
    match whole.filter(|n| crate::domain::period::NOTICE_DAYS.contains(n)) {
        Some(n) => Some(n),
        None => {
            sink.at(
                &v.span(),
                "grading: `notice_days` must be a whole number of working days from 1 to 30",
            );
            None
        }
    }
}

/// `category_minimum_grade` with `category_minimum_share`: both or neither.
fn category_minimum(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    bands: &[Band],
    r: &RawGrading,
) -> Option<Option<CategoryMinimum>> {
    match (&r.category_minimum_grade, &r.category_minimum_share) {
        (None, None) => Some(None),
        (Some(g), Some(s)) => {
            let grade = grade_ref(sink, bands, "category_minimum_grade", g);
            let share = check::share(sink, "grading: ", "category_minimum_share", s);
            grade
                .zip(share)
                .map(|(grade, share)| Some(CategoryMinimum { grade, share }))
        }
        _ => {
            sink.at(span, "grading: give both `category_minimum_grade` and `category_minimum_share` or neither");
            None
        }
    }
}

/// `tie_breakers`: category or item codes of the rubric; an unknown one is reported and
/// left out.
fn tie_breakers(
    sink: &mut Sink<'_>,
    r: &RawGrading,
    categories: &BTreeMap<String, Range<usize>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for t in &r.tie_breakers {
        if categories.contains_key(t.get_ref()) {
            out.push(t.get_ref().clone());
        } else {
            sink.at(
                &t.span(),
                format!(
                    "grading: tie breaker `{}` is not a category or item code",
                    t.get_ref()
                ),
            );
        }
    }
    out
}

/// `quota_ties`: required with `top_quota` (the bureau decides how a tie at the quota line is
/// settled), refused without it.
fn quota_ties(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    r: &RawGrading,
) -> Option<Option<QuotaTies>> {
    let rules: Vec<String> = QuotaTies::ALL
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    match (&r.top_quota, &r.quota_ties) {
        (None, None) => Some(None),
        (None, Some(t)) => {
            sink.at(
                &t.span(),
                "grading: `quota_ties` applies only with a `top_quota`",
            );
            None
        }
        (Some(_), None) => {
            sink.at(
                span,
                format!(
                    "grading: `top_quota` needs `quota_ties` = {} (how a tie straddling the quota line is settled)",
                    rules.join(" or ")
                ),
            );
            None
        }
        (Some(_), Some(t)) => {
            check::one_of(sink, "grading: ", "quota_ties", t, &QuotaTies::ALL).map(Some)
        }
    }
}

/// Default disagreement tolerance: 20% of the item max (brief, "e.g. 0.2").
fn default_tolerance() -> Decimal {
    Decimal::new(2, 1)
}

/// The `[combination]` section; absent means review-overrides with a 20% tolerance.
pub(crate) fn combination(
    sink: &mut Sink<'_>,
    raw: Option<&S<RawCombination>>,
) -> Option<Combination> {
    let Some(raw) = raw else {
        return Some(Combination {
            rule: CombineRule::ReviewOverrides,
            tolerance: default_tolerance(),
            inflation: None,
        });
    };
    let span = raw.span();
    let r = raw.get_ref();
    let what = "combination: ";
    let rules = [
        ("review-overrides", CombineRule::ReviewOverrides),
        ("mean", CombineRule::Mean),
        ("median", CombineRule::Median),
        ("trimmed-mean", CombineRule::TrimmedMean),
    ];
    let rule = match &r.rule {
        Some(v) => check::one_of(sink, what, "rule", v, &rules),
        None => Some(CombineRule::ReviewOverrides),
    };
    let tolerance = match &r.tolerance {
        Some(t) => check::share(sink, what, "tolerance", t),
        None => Some(default_tolerance()),
    };
    let inflation = match (&r.inflation_per_item, &r.inflation_cap) {
        (None, None) => Some(None),
        (Some(p), Some(c)) => check::positive(sink, what, "inflation_per_item", p)
            .zip(check::positive(sink, what, "inflation_cap", c))
            .map(|(per_item, cap)| {
                Some(Inflation {
                    per_item,
                    cap,
                    optional: r.inflation_optional,
                })
            }),
        _ => {
            sink.at(
                &span,
                "combination: give both `inflation_per_item` and `inflation_cap` or neither",
            );
            None
        }
    };
    Some(Combination {
        rule: rule?,
        tolerance: tolerance?,
        inflation: inflation?,
    })
}
