//! The index from sufficient statistics against an independent computation, the sample-size
//! rule, and submission checks.

#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use rust_decimal_macros::dec;

use super::aggregate::{Population, Stats, accumulate, contributions, estimate, index_of};
use super::submission::{RawSubmission, check};
use crate::domain::rubric::satisfaction::SatisfactionSpec;
use crate::domain::rubric::statistic::StatFormat;
use crate::domain::rubric::{Body, Rubric, SurveyResponse, parse, satisfaction_index};

fn shipped() -> Rubric {
    let path = format!("{}/rubrics/satisfaction.toml", env!("CARGO_MANIFEST_DIR"));
    parse("satisfaction.toml", &std::fs::read_to_string(path).unwrap()).unwrap()
}

fn spec(r: &Rubric) -> &SatisfactionSpec {
    match r.body() {
        Body::Satisfaction(s) => s,
        _ => panic!("kind"),
    }
}

const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
const LABELS: [&str; 5] = ["非常满意", "满意", "一般", "不满意", "非常不满意"];

/// Eight valid questionnaires (scale positions per question, 0 = 非常满意), one too fast and
/// one straight-lined.
const ROWS: [[usize; 10]; 8] = [
    [0, 1, 1, 2, 0, 1, 1, 1, 2, 3],
    [1, 1, 2, 2, 1, 1, 0, 1, 1, 1],
    [0, 0, 1, 1, 1, 2, 1, 1, 0, 1],
    [2, 3, 2, 2, 1, 1, 3, 2, 2, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
    [0, 1, 0, 0, 1, 0, 0, 1, 0, 0],
    [4, 3, 2, 2, 3, 3, 2, 1, 2, 2],
    [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
];

fn response(row: &[usize; 10], seconds: u32) -> SurveyResponse {
    SurveyResponse {
        answers: QS
            .iter()
            .zip(row)
            .map(|(q, i)| (q.to_string(), LABELS[*i].to_string()))
            .collect(),
        seconds: Some(seconds),
        unverified_start: false,
    }
}

fn fixture() -> Vec<SurveyResponse> {
    let mut all: Vec<SurveyResponse> = ROWS.iter().map(|r| response(r, 300)).collect();
    all.push(response(&ROWS[0], 10));
    all.push(response(&[1; 10], 300));
    all
}

fn close(got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{got} vs {want}"
    );
}

/// Expected values computed independently with scipy 1.17.1 / numpy 2.4.6: respondent scores
/// `x = [75, 78, 84, 60, 82, 94, 47, 70]` (mean of the five dimension means),
/// `m = x.mean()`, `s = x.std(ddof=1)`, `t = scipy.stats.t.ppf(0.975, 7)`,
/// `fpc = sqrt(1 − 8/40)`, bounds `m ∓ t·s/√8·fpc`; share satisfied 3/8; dimension means
/// over both questions' answers.
#[test]
fn index_from_sufficient_statistics_matches_scipy_and_the_raw_index() {
    let rubric = shipped();
    let spec = spec(&rubric);
    let mut stats = Stats::new();
    for r in fixture() {
        let (_, pairs) = contributions(spec, &r).unwrap();
        accumulate(&mut stats, &pairs);
    }
    let population = Population {
        households: 40,
        required: 36,
    };
    let rounding = rubric.header().rounding.as_ref();
    let format = StatFormat::of(rubric.header());
    let got = index_of(spec, rounding, format, &stats, Some(population)).unwrap();
    assert_eq!(got.index, Some(dec!(73.75)));
    assert_eq!(got.valid, 8);
    assert_eq!(got.invalid.get("too_fast"), Some(&1));
    assert_eq!(got.invalid.get("straight_lined"), Some(&1));
    assert_eq!(got.share_satisfied, Some(dec!(0.375)));
    assert!(!got.meets_benchmark);
    let means: Vec<_> = got.dimensions.iter().map(|d| d.mean.unwrap()).collect();
    assert_eq!(
        means,
        [
            dec!(71.25),
            dec!(72.50),
            dec!(73.75),
            dec!(75.63),
            dec!(75.63)
        ]
    );
    // Unrounded, the arithmetic matches scipy to 10⁻⁹ …
    let e = estimate(spec, &stats, Some(population)).unwrap();
    let b = e.bounds.clone().unwrap();
    close(e.std_dev.unwrap(), 14.743_037_097_462_071);
    close(b.t, 2.364_624_251_592_784);
    close(b.standard_error, 4.662_157_685_633_796_5);
    close(b.lower, 62.725_748_871_800_64);
    close(b.upper, 84.774_251_128_199_37);
    // … and is published at the rubric's `[statistics]` places, rounded from those scipy
    // figures by hand: 14.7430371 → 14.7430, 2.3646243 → 2.3646, 4.6621577 → 4.6622,
    // 0.8944272 (√0.8) → 0.8944, 62.7257489 → 62.73, 84.7742511 → 84.77, mean 73.75.
    let shown = serde_json::to_value(&got.interval).unwrap();
    assert_eq!(shown["std_dev"], "14.7430");
    assert_eq!(shown["fpc"], "0.8944");
    let sb = &shown["bounds"];
    assert_eq!(
        (&sb["t"], &sb["standard_error"]),
        (&"2.3646".into(), &"4.6622".into())
    );
    assert_eq!(
        (&sb["lower"], &sb["upper"]),
        (&"62.73".into(), &"84.77".into())
    );
    assert_eq!(sb["mean"], "73.75");
    assert_eq!(serde_json::to_value(got.share_satisfied).unwrap(), "0.3750");
    assert_eq!(got.sample_adequate, Some(false));
    // The raw computation (over the questionnaires themselves) agrees.
    let raw = satisfaction_index(&rubric, &fixture(), Some(40)).unwrap();
    assert_eq!((raw.index, raw.valid), (got.index, got.valid));
    assert_eq!(raw.invalid, got.invalid);
    assert_eq!(raw.interval, got.interval);
}

/// Cochran with the finite-population correction: n₀ = 1.959964² · 0.25 / 0.05² = 384.146,
/// n = 384.146 / (1 + 383.146/1000) = 277.74 → 278 (hand computation).
#[test]
fn a_thousand_households_need_278() {
    let rubric = shipped();
    assert_eq!(
        super::aggregate::required_sample(spec(&rubric), 1000).unwrap(),
        278
    );
    assert_eq!(
        super::aggregate::required_sample(spec(&rubric), 12).unwrap(),
        12
    );
}

fn raw(code: &str) -> RawSubmission {
    RawSubmission {
        code: code.into(),
        answers: QS
            .iter()
            .map(|q| (q.to_string(), "满意".to_string()))
            .collect(),
        comment: None,
        started_at: "2026-06-15T02:00:00Z".into(),
        finished_at: "2026-06-15T02:05:00Z".into(),
        surveyed_on: None,
        unverified_start: false,
        start_token: None,
    }
}

#[test]
fn a_paper_sheet_is_untimed_kept_under_its_day_and_never_too_fast() {
    let rubric = shipped();
    let now: Timestamp = "2026-06-16T02:05:00Z".parse().unwrap();
    let mut s = raw("2222222222");
    s.started_at = String::new();
    s.finished_at = String::new();
    s.surveyed_on = Some(jiff::civil::date(2026, 6, 15));
    s.answers.insert("A1".into(), "一般".into());
    let ok = check(spec(&rubric), &s, now).unwrap();
    assert_eq!(ok.response.seconds, None);
    assert_eq!(ok.bucket, "2026-06-15");
    assert_eq!(
        crate::domain::rubric::check_validity(spec(&rubric), &ok.response),
        Ok(())
    );
    let online = check(spec(&rubric), &raw("2222222222"), now).unwrap();
    assert_eq!(online.bucket, "2026-06-15T10", "the Beijing hour");
}

#[test]
fn bad_submissions_name_their_fields() {
    let rubric = shipped();
    let now: Timestamp = "2026-06-15T02:10:00Z".parse().unwrap();
    let fields = |s: RawSubmission| -> Vec<String> {
        check(spec(&rubric), &s, now)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    assert_eq!(fields(raw("K7QM3")), ["code"]);
    let mut s = raw("2222222222");
    s.answers.insert("A1".into(), "很好".into());
    s.answers.insert("Z9".into(), "满意".into());
    assert_eq!(fields(s), ["answers.A1", "answers"]);
    let mut s = raw("2222222222");
    s.comment = Some("好\u{0}".into());
    assert_eq!(fields(s), ["comment"]);
    let mut s = raw("2222222222");
    s.comment = Some("长".repeat(501));
    assert_eq!(fields(s), ["comment"]);
    let mut s = raw("2222222222");
    s.finished_at = "2026-06-15T03:00:00Z".into();
    assert_eq!(fields(s), ["finished_at"]);
    let mut s = raw("2222222222");
    s.started_at = "2026-06-15T02:06:00Z".into();
    assert_eq!(fields(s), ["finished_at"]);
    let ok = check(spec(&rubric), &raw("2222222222"), now).unwrap();
    assert_eq!(ok.response.seconds, Some(300));
}
