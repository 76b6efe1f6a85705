//! Scoring 10,000 subjects against a generated 100-item rubric (10 categories × 10 items,
//! mixed methods), the size of a large county's annual unit and project assessment.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kaoping::domain::rubric::{self, ItemInput, Rubric, SubjectInputs};
use rust_decimal::Decimal;

const CATEGORIES: usize = 10;
const ITEMS: usize = 10;
const SUBJECTS: usize = 10_000;

/// 10 categories of 10 points; items of 1 point cycling through points, deduction, threshold,
/// deadline and survey.
fn rubric_text() -> String {
    let mut t = String::from(
        "id = \"bench\"\nversion = 1\nkind = \"unit-assessment\"\ntitle = \"基准\"\n\
         effective_from = 2023-01-01\neffective_to = 2023-12-31\nrenormalise = \"scale-to-max\"\n\
         [rounding]\nplaces = 2\nmode = \"half-up\"\nat = [\"total\"]\n\
         [[grade]]\nname = \"优秀\"\nmin = 90\n[[grade]]\nname = \"良好\"\nmin = 80\n\
         [[grade]]\nname = \"合格\"\nmin = 70\n[[grade]]\nname = \"不合格\"\nmin = 0\n",
    );
    for c in 1..=CATEGORIES {
        let _ = write!(
            t,
            "[[category]]\ncode = \"{c}\"\ntitle = \"类别{c}\"\npoints = 10\n"
        );
        for i in 1..=ITEMS {
            let _ = write!(
                t,
                "[[category.item]]\ncode = \"{c}.{i}\"\ntitle = \"项{i}\"\nmax = 1\n"
            );
            t.push_str(match i % 5 {
                0 => "method = \"points\"\nstep = 0.25\n",
                1 => "method = \"deduction\"\n[[category.item.finding]]\ncode = \"f\"\ntitle = \"问题\"\npoints = 0.1\n",
                2 => "method = \"threshold\"\nmeasure = \"率\"\ntarget = 0.9\nfloor = 0.5\ncurve = \"efficacy\"\n",
                3 => "method = \"deadline\"\ndeadline = 2023-06-30\nper = \"week\"\nlate_points = 0.25\n",
                _ => "method = \"survey\"\n",
            });
        }
    }
    t
}

/// Deterministic inputs (a small LCG, no extra crate), one N/A item in 50.
fn subjects(n: usize) -> Vec<SubjectInputs> {
    let mut seed: u64 = 0x2023_0120;
    let mut next = move |m: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    (0..n)
        .map(|s| {
            let mut items = BTreeMap::new();
            for c in 1..=CATEGORIES {
                for i in 1..=ITEMS {
                    let input = if next(50) == 0 {
                        ItemInput::NotApplicable {
                            reason: "不适用".into(),
                        }
                    } else {
                        match i % 5 {
                            0 => ItemInput::Points(Decimal::new(25 * next(5) as i64, 2)),
                            1 => ItemInput::Findings([("f".to_string(), next(12) as u32)].into()),
                            2 => ItemInput::Measured(Decimal::new(next(100) as i64, 2)),
                            3 => ItemInput::Done(
                                jiff::civil::date(2023, 6, 1)
                                    .saturating_add(jiff::Span::new().days(next(90) as i64)),
                            ),
                            _ => ItemInput::Index(Decimal::new(next(10_001) as i64, 2)),
                        }
                    };
                    items.insert(format!("{c}.{i}"), input);
                }
            }
            SubjectInputs {
                subject: format!("S{s}"),
                unit_type: None,
                items,
                adjustments: vec![],
                role: None,
                options: Default::default(),
            }
        })
        .collect()
}

fn score_all(r: &Rubric, subjects: &[SubjectInputs]) -> usize {
    subjects
        .iter()
        .filter(|s| rubric::score(r, s).is_ok_and(|res| res.grade.grade == "优秀"))
        .count()
}

fn bench(c: &mut Criterion) {
    let text = rubric_text();
    let r = match rubric::parse("bench.toml", &text) {
        Ok(r) => r,
        Err(ds) => panic!(
            "{}",
            ds.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let inputs = subjects(SUBJECTS);
    assert_eq!(
        inputs
            .iter()
            .filter(|s| rubric::score(&r, s).is_err())
            .count(),
        0
    );
    let mut g = c.benchmark_group("scoring");
    g.sample_size(10);
    g.bench_function("parse 100-item rubric", |b| {
        b.iter(|| rubric::parse("bench.toml", black_box(&text)))
    });
    g.bench_function("score 10,000 subjects x 100 items", |b| {
        b.iter(|| score_all(&r, black_box(&inputs)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
