//! Golden ranking of a hand-built period; the property that every explanation sums to its total
//! is in `props`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::explain::{Stage, explain};
use super::{Standing, UnitFacts, standings};
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::model::Assessment;
use crate::domain::rubric::{Body, Rubric, ScoreResult, parse, score};

fn golden() -> Rubric {
    let text = include_str!("../../../../tests/rubric_fixtures/golden/period-results.toml");
    parse("period-results.toml", text).unwrap_or_else(|d| panic!("{d:?}"))
}

fn assessment(r: &Rubric) -> &Assessment {
    match &r.body {
        Body::Assessment(a) => a,
        _ => panic!("not an assessment"),
    }
}

/// A unit's inputs: 1.1, 2.1, supervision findings (code → count), demo awards, veto.
fn unit(
    name: &str,
    a: Decimal,
    b: Decimal,
    findings: &[(&str, u32)],
    demo: u32,
    veto: bool,
) -> SubjectInputs {
    let found: BTreeMap<String, u32> = findings
        .iter()
        .map(|(k, n)| ((*k).to_owned(), *n))
        .collect();
    let awards: BTreeMap<String, u32> = [("demo".to_owned(), demo)].into_iter().collect();
    SubjectInputs {
        subject: name.into(),
        unit_type: None,
        role: None,
        options: Default::default(),
        items: [
            ("1.1", ItemInput::Points(a)),
            ("2.1", ItemInput::Points(b)),
            ("3.1", ItemInput::Findings(found)),
            ("4.1", ItemInput::Awards(awards)),
            ("5.1", ItemInput::Veto(veto)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        adjustments: Vec::new(),
    }
}

/// The golden period (the same units as tests/api/results.rs), by hand:
///
/// | unit | 1.1 | 2.1 | 3.1 (10 − findings) | bonus | total | band | rank | grade |
/// |---|---|---|---|---|---|---|---|---|
/// | A | 20 | 70 | 10 − 3 (通报批评) = 7 | 0 | 97 | 优秀 | 1 (tie 97: 2 → 70) | 优秀, not eligible (criticised) |
/// | B | 19 | 68 | 10 | 0 | 97 | 优秀 | 2 (68) | 优秀, eligible |
/// | H | 20 | 67 | 10 | 0 | 97 | 优秀 | 3 (67) | 优秀, eligible |
/// | C | 20 | 65 | 10 − 2 (逾期) = 8 | 0 | 93 | 优秀 | 4 | 良好 (quota) |
/// | D | 20 | 65 | 8 | 0 | 93 | 优秀 | 4 (tied with C) | 良好 (quota) |
/// | G | 11 | 70 | 10 | 1.5 | 92.5 | 优秀 | 6 | 良好 (1: 11 < 0.6 × 20 = 12) |
/// | E | 15 | 60 | 10 | 1.5 | 86.5 | 良好 | 7 | 良好 |
/// | F | 20 | 70 | 10 | 0 | 100 | 优秀 | 8 (veto: last) | 不合格 |
///
/// Quota: ⌊0.4 × 8⌋ = 3 places for 优秀; A, B, H hold them; C and D (rank 4) are beyond.
fn golden_units() -> Vec<(String, u32, SubjectInputs)> {
    let u = |n: &str, a, b, f: &[(&str, u32)], demo, veto, crit| {
        (n.to_owned(), crit, unit(n, a, b, f, demo, veto))
    };
    vec![
        u("A", dec!(20), dec!(70), &[("criticism", 1)], 0, false, 1),
        u("B", dec!(19), dec!(68), &[], 0, false, 0),
        u("C", dec!(20), dec!(65), &[("overdue", 1)], 0, false, 0),
        u("D", dec!(20), dec!(65), &[("overdue", 1)], 0, false, 0),
        u("E", dec!(15), dec!(60), &[], 1, false, 0),
        u("F", dec!(20), dec!(70), &[], 0, true, 0),
        u("G", dec!(11), dec!(70), &[], 1, false, 0),
        u("H", dec!(20), dec!(67), &[], 0, false, 0),
    ]
}

fn ranked(r: &Rubric, units: &[(String, u32, SubjectInputs)]) -> (Vec<ScoreResult>, Vec<Standing>) {
    let results: Vec<ScoreResult> = units.iter().map(|(_, _, i)| score(r, i).unwrap()).collect();
    let facts: Vec<UnitFacts<'_>> = units
        .iter()
        .zip(&results)
        .map(|((n, c, _), res)| UnitFacts {
            unit_id: n,
            unit_name: n,
            result: res,
            criticisms: *c,
        })
        .collect();
    let s = standings(&assessment(r).grading, &facts);
    (results, s)
}

#[test]
fn golden_period_ranks_grades_and_awards_as_computed_by_hand() {
    let r = golden();
    let (_, s) = ranked(&r, &golden_units());
    let got: Vec<(&str, String, u32, &str)> = s
        .iter()
        .map(|s| {
            (
                s.unit_name.as_str(),
                s.total.to_string(),
                s.rank,
                s.grade.as_str(),
            )
        })
        .collect();
    let want = [
        ("A", "97.00", 1, "优秀"),
        ("B", "97.00", 2, "优秀"),
        ("H", "97.00", 3, "优秀"),
        ("C", "93.00", 4, "良好"),
        ("D", "93.00", 4, "良好"),
        ("G", "92.50", 6, "良好"),
        ("E", "86.50", 7, "良好"),
        ("F", "100.00", 8, "不合格"),
    ];
    let want: Vec<(&str, String, u32, &str)> = want
        .iter()
        .map(|(n, t, k, g)| (*n, (*t).to_owned(), *k, *g))
        .collect();
    assert_eq!(got, want);
    let by = |n: &str| s.iter().find(|s| s.unit_name == n).unwrap();
    let eligible: Vec<&str> = s
        .iter()
        .filter(|s| s.award.eligible)
        .map(|s| s.unit_name.as_str())
        .collect();
    assert_eq!(eligible, ["B", "H"]);
    assert_eq!(
        by("A").award.rules,
        ["考核期内被通报批评 1 次，不得评优 (public criticism)"]
    );
    assert!(
        by("C").award.rules[0].contains("超出 优秀 名额"),
        "{:?}",
        by("C").award
    );
    assert_eq!(by("C").grade_before_quota, "优秀");
    assert!(
        by("C").quota_note.as_deref().unwrap().contains("名额 3 个"),
        "{:?}",
        by("C")
    );
    assert_eq!(by("G").grade_before_quota, "良好");
    assert_eq!(by("G").category_short.as_deref(), Some("1"));
    assert!(
        by("G").award.rules.iter().any(|r| r.contains("类别 1")),
        "{:?}",
        by("G").award
    );
    assert!(by("F").vetoed && by("F").award.rules.iter().any(|r| r.contains("一票否决")));
    assert!(
        by("A").rank_line.contains("并列时比较 2 工作成效 70"),
        "{}",
        by("A").rank_line
    );
}

#[test]
fn the_order_of_the_units_read_does_not_change_the_standings() {
    let r = golden();
    let mut units = golden_units();
    let (_, first) = ranked(&r, &units);
    units.reverse();
    let (_, second) = ranked(&r, &units);
    assert_eq!(first, second);
}

#[test]
fn an_explanation_names_each_item_source_and_ends_with_grade_and_rank() {
    let r = golden();
    let units = golden_units();
    let (results, s) = ranked(&r, &units);
    let c = s.iter().find(|s| s.unit_name == "C").unwrap();
    let res = &results[2];
    let e = explain(&r, assessment(&r), res, c, &|code| {
        Some(format!("来源 {code}"))
    });
    assert_eq!(e.sum(), e.total);
    assert_eq!(e.total, dec!(93.00));
    let item = e
        .steps
        .iter()
        .find(|s| s.code.as_deref() == Some("3.1"))
        .unwrap();
    assert_eq!(item.source.as_deref(), Some("来源 3.1"));
    assert_eq!(e.steps.last().unwrap().stage, Stage::Rank);
    assert!(e.steps.iter().any(|s| s.line.contains("超出")), "{e:?}");
    assert_eq!(e.rubric_id, "golden-period-results");
}

mod props;
