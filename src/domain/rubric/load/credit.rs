//! The `[credit]` section.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::check::{self, label, required};
use super::raw::{RawRubric, S};
use crate::domain::rubric::credit::{Conduct, CreditBand, CreditSpec, CreditUse, RecordType};
use crate::domain::rubric::diagnostic::Sink;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCredit {
    pub base: Option<S<Decimal>>,
    pub cap: Option<S<Decimal>>,
    pub good_cap: Option<S<Decimal>>,
    pub validity_months: Option<u32>,
    pub objection_days: Option<S<i64>>,
    #[serde(default)]
    pub alerts: Vec<S<Decimal>>,
    #[serde(default)]
    pub alert_measures: Vec<S<String>>,
    pub blacklist_grade: Option<S<String>>,
    #[serde(default)]
    pub red_list: Vec<S<String>>,
    #[serde(default)]
    pub record: Vec<S<RawRecord>>,
    #[serde(default)]
    pub band: Vec<S<RawCreditBand>>,
    #[serde(default, rename = "use")]
    pub uses: Vec<S<RawUse>>,
    #[serde(default)]
    pub project_renewal: Vec<S<super::renewal::RawQualityRenewal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRecord {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub conduct: Option<S<String>>,
    pub points: Option<S<Decimal>>,
    pub validity_months: Option<u32>,
    #[serde(default)]
    pub blacklist: bool,
    pub repair_after_months: Option<S<u32>>,
    pub publicity_max_months: Option<S<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCreditBand {
    pub grade: Option<S<String>>,
    pub min: Option<S<Decimal>>,
    #[serde(default)]
    pub no_bad_records: bool,
    #[serde(default)]
    pub with_bad_records: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUse {
    pub grade: Option<S<String>>,
    pub award_eligible: Option<bool>,
    pub renewal: Option<S<String>>,
    pub fee_share: Option<S<Decimal>>,
}

/// The validated section.
pub(crate) fn credit(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<CreditSpec> {
    let Some(sec) = &raw.credit else {
        sink.at(&(0..0), "kind `credit` needs a [credit] section");
        return None;
    };
    let span = sec.span();
    let r = sec.get_ref();
    let what = "credit: ";
    let base = required(sink, &span, what, "base", r.base.as_ref())
        .and_then(|v| check::non_negative(sink, what, "base", v));
    let cap = required(sink, &span, what, "cap", r.cap.as_ref())
        .and_then(|v| check::positive(sink, what, "cap", v));
    let good_cap = required(sink, &span, what, "good_cap", r.good_cap.as_ref())
        .and_then(|v| check::non_negative(sink, what, "good_cap", v));
    let validity_months = r.validity_months.unwrap_or(12);
    let objection_days = objection_days(sink, r.objection_days.as_ref());
    let alerts = alerts(sink, what, &r.alerts);
    let alert_measures = alert_measures(sink, &span, r);
    let records = records(sink, &r.record, validity_months);
    let (bands, bands_ok) = bands(sink, &span, &r.band);
    // Grade names count even when the bands are badly ordered, so references to them are
    // not reported as unknown on top of the ordering problem.
    let grades: BTreeSet<String> = bands.iter().map(|b| b.grade.clone()).collect();
    let bands = bands_ok.then_some(bands);
    let blacklist_grade = required(
        sink,
        &span,
        what,
        "blacklist_grade",
        r.blacklist_grade.as_ref(),
    )
    .and_then(|g| known_grade(sink, &grades, "blacklist_grade", g));
    let red_list: Option<Vec<String>> = r
        .red_list
        .iter()
        .map(|g| known_grade(sink, &grades, "red_list", g))
        .collect();
    let uses = uses(sink, &span, &r.uses, &grades);
    let project_renewal =
        super::renewal::project_renewal(sink, &r.project_renewal, uses.as_deref());
    Some(CreditSpec {
        base: base?,
        cap: cap?,
        good_cap: good_cap?,
        validity_months,
        objection_days: objection_days?,
        alerts: alerts?,
        alert_measures: alert_measures?,
        blacklist_grade: blacklist_grade?,
        red_list: red_list?,
        records: records?,
        bands: bands?,
        uses: uses?,
        project_renewal: project_renewal?,
    })
}

/// The objection window in days: none (0) when absent, at most a year.
fn objection_days(sink: &mut Sink<'_>, raw: Option<&S<i64>>) -> Option<u32> {
    raw.map_or(Some(0), |n| {
        let longest = super::evaluation::LONGEST_WINDOW;
        super::evaluation::in_range(sink, "credit: ", "objection_days", n, 0..=longest)
    })
}

/// The alert lines' measures: none, or one non-empty text per line.
fn alert_measures(
    sink: &mut Sink<'_>,
    span: &std::ops::Range<usize>,
    r: &RawCredit,
) -> Option<Vec<String>> {
    let measures: Vec<String> = r
        .alert_measures
        .iter()
        .map(|m| m.get_ref().trim().to_owned())
        .collect();
    if !measures.is_empty() && measures.len() != r.alerts.len() {
        sink.at(
            span,
            format!(
                "credit: `alert_measures` names {} measures for {} `alerts` lines",
                measures.len(),
                r.alerts.len()
            ),
        );
        return None;
    }
    if let Some(m) = r
        .alert_measures
        .iter()
        .find(|m| m.get_ref().trim().is_empty())
    {
        sink.at(&m.span(), "credit: an `alert_measures` entry is empty");
        return None;
    }
    Some(measures)
}

/// The alert lines: positive and ascending.
fn alerts(sink: &mut Sink<'_>, what: &str, raw: &[S<Decimal>]) -> Option<Vec<Decimal>> {
    let mut alerts = Vec::new();
    for a in raw {
        let x = check::positive(sink, what, "alerts", a);
        if let (Some(x), Some(prev)) = (x, alerts.last().copied().flatten())
            && x <= prev
        {
            sink.at(&a.span(), "credit: `alerts` must ascend");
        }
        alerts.push(x);
    }
    alerts.into_iter().collect()
}

fn known_grade(
    sink: &mut Sink<'_>,
    grades: &BTreeSet<String>,
    key: &str,
    g: &S<String>,
) -> Option<String> {
    let ok = grades.contains(g.get_ref());
    if !ok {
        sink.at(
            &g.span(),
            format!(
                "credit: `{key}` = `{}` is not one of the credit bands",
                g.get_ref()
            ),
        );
    }
    ok.then(|| g.get_ref().clone())
}

fn records(
    sink: &mut Sink<'_>,
    raws: &[S<RawRecord>],
    default_months: u32,
) -> Option<Vec<RecordType>> {
    let conducts = [("good", Conduct::Good), ("bad", Conduct::Bad)];
    let mut codes = BTreeSet::new();
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = label("record", r.code.as_ref(), i);
        let code = check::text(sink, &s, &what, "code", r.code.as_ref());
        if let (Some(c), Some(rc)) = (&code, &r.code)
            && !codes.insert(c.clone())
        {
            sink.at(&rc.span(), format!("duplicate record code {c}"));
        }
        let title = check::text(sink, &s, &what, "title", r.title.as_ref());
        let conduct = required(sink, &s, &what, "conduct", r.conduct.as_ref())
            .and_then(|c| check::one_of(sink, &what, "conduct", c, &conducts));
        let points = required(sink, &s, &what, "points", r.points.as_ref())
            .and_then(|p| check::non_negative(sink, &what, "points", p));
        if r.blacklist && conduct == Some(Conduct::Good) {
            sink.at(
                &s,
                format!("{what}a good-conduct record cannot be a black-list event"),
            );
        }
        let validity_months = r.validity_months.unwrap_or(default_months);
        let publicity = publicity(sink, &s, &what, r, conduct, validity_months);
        out.push(match (code, title, conduct, points, publicity) {
            (Some(code), Some(title), Some(conduct), Some(points), Some((repair, max))) => {
                Some(RecordType {
                    code,
                    title,
                    conduct,
                    points,
                    validity_months,
                    blacklist: r.blacklist,
                    repair_after_months: repair,
                    publicity_max_months: max,
                })
            }
            _ => None,
        });
    }
    out.into_iter().collect()
}

/// A record kind's publicity periods (credit repair): bad records only; the minimum before
/// repair within the maximum, and the validity within the maximum (a record never counts
/// while it may no longer be published).
fn publicity(
    sink: &mut Sink<'_>,
    owner: &std::ops::Range<usize>,
    what: &str,
    r: &RawRecord,
    conduct: Option<Conduct>,
    validity_months: u32,
) -> Option<(Option<u32>, Option<u32>)> {
    let repair = r.repair_after_months.as_ref();
    let max = r.publicity_max_months.as_ref();
    if conduct == Some(Conduct::Good) && (repair.is_some() || max.is_some()) {
        sink.at(
            owner,
            format!("{what}publicity periods apply to bad-conduct records only"),
        );
        return None;
    }
    let (repair_n, max_n) = (repair.map(|v| *v.get_ref()), max.map(|v| *v.get_ref()));
    if let (Some(at), Some(n), Some(m)) = (repair, repair_n, max_n)
        && n > m
    {
        sink.at(
            &at.span(),
            format!("{what}`repair_after_months` = {n} is beyond `publicity_max_months` = {m}"),
        );
        return None;
    }
    if let (Some(at), Some(m)) = (max, max_n)
        && validity_months > m
    {
        sink.at(&at.span(), format!("{what}`publicity_max_months` = {m} is shorter than the {validity_months} months the record counts"));
        return None;
    }
    Some((repair_n, max_n))
}

/// The bands that could be read, and whether they are all valid.
fn bands(
    sink: &mut Sink<'_>,
    span: &std::ops::Range<usize>,
    raws: &[S<RawCreditBand>],
) -> (Vec<CreditBand>, bool) {
    if raws.is_empty() {
        sink.at(span, "credit: needs at least one [[credit.band]]");
        return (Vec::new(), false);
    }
    let mut out: Vec<CreditBand> = Vec::new();
    let mut ok = true;
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = format!("credit band #{}: ", i + 1);
        let grade = check::text(sink, &s, &what, "grade", r.grade.as_ref());
        let min = required(sink, &s, &what, "min", r.min.as_ref())
            .and_then(|m| check::non_negative(sink, &what, "min", m));
        let (Some(grade), Some(min)) = (grade, min) else {
            ok = false;
            continue;
        };
        if let Some(prev) = out.last().filter(|p| p.min < min) {
            sink.at(
                &s,
                format!(
                    "credit bands must descend: {grade} (min {}) is above {} (min {})",
                    min.normalize(),
                    prev.grade,
                    prev.min.normalize()
                ),
            );
            ok = false;
        }
        if r.no_bad_records && r.with_bad_records {
            sink.at(
                &s,
                format!("{what}`no_bad_records` and `with_bad_records` exclude each other"),
            );
            ok = false;
        }
        out.push(CreditBand {
            grade,
            min,
            no_bad_records: r.no_bad_records,
            with_bad_records: r.with_bad_records,
        });
    }
    if let Some(last) = out
        .last()
        .filter(|l| !l.min.is_zero() || l.no_bad_records || l.with_bad_records)
    {
        sink.at(span, format!("credit: the last band ({}) must be `min = 0` without conditions, so every score has a grade", last.grade));
        ok = false;
    }
    (out, ok)
}

fn uses(
    sink: &mut Sink<'_>,
    span: &std::ops::Range<usize>,
    raws: &[S<RawUse>],
    grades: &BTreeSet<String>,
) -> Option<Vec<CreditUse>> {
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = format!("credit use #{}: ", i + 1);
        let grade = required(sink, &s, &what, "grade", r.grade.as_ref())
            .and_then(|g| known_grade(sink, grades, "grade", g));
        let renewal = check::text(sink, &s, &what, "renewal", r.renewal.as_ref());
        let fee_share = required(sink, &s, &what, "fee_share", r.fee_share.as_ref())
            .and_then(|f| check::share(sink, &what, "fee_share", f));
        if r.award_eligible.is_none() {
            sink.at(&s, format!("{what}missing `award_eligible`"));
        }
        out.push(match (grade, renewal, fee_share, r.award_eligible) {
            (Some(grade), Some(renewal), Some(fee_share), Some(award_eligible)) => {
                Some(CreditUse {
                    grade,
                    award_eligible,
                    renewal,
                    fee_share,
                })
            }
            _ => None,
        });
    }
    let out: Option<Vec<CreditUse>> = out.into_iter().collect();
    let out = out?;
    for g in grades {
        if !out.iter().any(|u| &u.grade == g) {
            sink.at(span, format!("credit: no [[credit.use]] row for grade {g}"));
        }
    }
    Some(out)
}
