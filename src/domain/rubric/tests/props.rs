//! Properties: scores stay within their declared bounds, sums are exact, ranks are consistent,
//! and whatever terminates within a decimal's places comes out exact.

use jiff::civil::date;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::methods::{item, threshold_method};
use super::{d, rubric};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::methods::score_item;
use crate::domain::rubric::model::{
    Combination, CombineRule, Curve, Finding, LatePer, Method, RoundingMode,
};
use crate::domain::rubric::{Review, combine, rank_totals, score};

/// The oracle of the exactness properties: `n / d` by one decimal division, and whether that
/// quotient is exact — checked in integers (q × d = n), since a decimal product would round.
fn one_division(n: Decimal, d: Decimal) -> (Decimal, bool) {
    let q = n / d;
    let exact = (|| {
        let lhs = q
            .mantissa()
            .checked_mul(d.mantissa())?
            .checked_mul(10i128.checked_pow(n.scale())?)?;
        let rhs = n
            .mantissa()
            .checked_mul(10i128.checked_pow(q.scale() + d.scale())?)?;
        Some(lhs == rhs)
    })();
    (q, exact == Some(true))
}

/// `got` is `want` exactly when `exact`, else within the last places of a decimal.
fn check_exact(got: Decimal, want: Decimal, exact: bool) -> Result<(), TestCaseError> {
    if exact {
        prop_assert_eq!(got, want);
    } else {
        prop_assert!(
            (got - want).abs() < Decimal::new(1, 24),
            "{} vs {}",
            got,
            want
        );
    }
    Ok(())
}

fn inputs(items: Vec<(&str, ItemInput)>) -> SubjectInputs {
    SubjectInputs {
        subject: "s".into(),
        unit_type: None,
        role: None,
        options: Default::default(),
        items: items.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        adjustments: vec![],
    }
}

fn hundredths(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|n| Decimal::new(n, 2))
}

proptest! {
    #[test]
    fn deductions_stay_in_zero_to_max_and_are_exact(counts in proptest::collection::vec(0u32..40, 3)) {
        let findings: Vec<Finding> = ["a", "b", "c"].iter().zip(["0.1", "0.25", "1.5"])
            .map(|(c, p)| Finding { code: c.to_string(), title: c.to_string(), points: d(p) }).collect();
        let i = item("10", Method::Deduction { findings: findings.clone() });
        let map = ["a", "b", "c"].iter().zip(&counts).map(|(c, n)| (c.to_string(), *n)).collect();
        let got = score_item(&i, Some(&ItemInput::Findings(map))).unwrap().score;
        let off: Decimal = findings.iter().zip(&counts).map(|(f, n)| f.points * Decimal::from(*n)).sum();
        prop_assert!(got >= Decimal::ZERO && got <= d("10"));
        prop_assert_eq!(got, (d("10") - off).max(Decimal::ZERO));
    }

    #[test]
    fn threshold_is_bounded_and_monotone(a in hundredths(100), b in hundredths(100), eff in any::<bool>()) {
        let curve = if eff { Curve::Efficacy } else { Curve::Linear };
        let i = item("6", threshold_method("0.9", "0.5", curve));
        let s = |x: Decimal| score_item(&i, Some(&ItemInput::Measured(x))).unwrap().score;
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(s(lo) >= Decimal::ZERO && s(hi) <= d("6"));
        prop_assert!(s(lo) <= s(hi));
    }

    #[test]
    fn deadline_is_bounded_and_never_rewards_lateness(days_a in 0i32..400, days_b in 0i32..400, week in any::<bool>()) {
        let per = if week { LatePer::Week } else { LatePer::Day };
        let i = item("4", Method::Deadline { per, points: d("0.5"), cap: d("4") });
        let s = |days: i32| {
            let done = date(2023, 1, 1).saturating_add(jiff::Span::new().days(days));
            score_item(&i, Some(&ItemInput::Done(done))).unwrap().score
        };
        let (early, late) = (days_a.min(days_b), days_a.max(days_b));
        prop_assert!(s(late) >= Decimal::ZERO && s(early) <= d("4"));
        prop_assert!(s(early) >= s(late));
    }

    #[test]
    fn points_on_step_are_accepted_and_off_step_refused(n in 0i64..=40, off in 1i64..50) {
        let i = item("20", Method::Points { step: d("0.5") });
        let on = Decimal::new(n * 5, 1);
        prop_assert_eq!(score_item(&i, Some(&ItemInput::Points(on))).unwrap().score, on);
        let off_step = on + Decimal::new(off, 2);
        prop_assert!(score_item(&i, Some(&ItemInput::Points(off_step))).is_err());
    }

    #[test]
    fn combined_score_lies_between_the_extremes(self_score in hundredths(1000), rs in proptest::collection::vec(hundredths(1000), 0..9), r in 0usize..4) {
        let rule = [CombineRule::ReviewOverrides, CombineRule::Mean, CombineRule::Median, CombineRule::TrimmedMean][r];
        let c = Combination { rule, tolerance: d("0.2"), inflation: None };
        let reviews: Vec<Review> = rs.iter().map(|s| Review { score: *s, reason: None }).collect();
        let out = combine(&c, d("10"), self_score, &reviews);
        let all: Vec<Decimal> = std::iter::once(self_score).chain(rs.iter().copied()).collect();
        prop_assert!(out.final_score >= *all.iter().min().unwrap() && out.final_score <= *all.iter().max().unwrap());
    }

    #[test]
    fn ranks_agree_with_totals(totals in proptest::collection::vec(hundredths(300), 0..30)) {
        let ranks = rank_totals(&totals);
        for i in 0..totals.len() {
            let better = totals.iter().filter(|t| **t > totals[i]).count();
            prop_assert_eq!(ranks[i] as usize, better + 1);
        }
    }

    /// For a threshold between floor and target, max × (base·Δt + span·Δx)/(100·Δt) comes out
    /// exactly whenever it terminates (e.g. 3 × 0.1/0.3 = 1, not 0.999…; 1.35 × 0.004/0.09 =
    /// 0.06, not 0.0599…9, which dividing first gives).
    #[test]
    fn threshold_is_exact_when_the_true_score_terminates(
        max in 1i64..=400, floor in 0i64..=700, gap in 1i64..=300, at in 0i64..=300,
        base in 0i64..=100, eff in any::<bool>(),
    ) {
        let (max, floor) = (Decimal::new(max * 5, 2), Decimal::new(floor, 3));
        let target = floor + Decimal::new(gap, 3);
        let x = floor + Decimal::new(at % (gap + 1), 3);
        let (curve, base) = if eff { (Curve::Efficacy, Decimal::from(base)) } else { (Curve::Linear, Decimal::ZERO) };
        let span = Decimal::ONE_HUNDRED - base;
        let mut m = threshold_method(&target.to_string(), &floor.to_string(), curve);
        if let Method::Threshold { base: b, span: s, .. } = &mut m {
            (*b, *s) = (base, span);
        }
        let i = item(&max.to_string(), m);
        let got = score_item(&i, Some(&ItemInput::Measured(x))).unwrap().score;
        let (dx, dt) = (x - floor, target - floor);
        let (want, exact) = if x >= target {
            (max, true)
        } else {
            one_division(max * (base * dt + span * dx), Decimal::ONE_HUNDRED * dt)
        };
        check_exact(got, want, exact)?;
    }

    /// Scale-to-max: Σ scores × 100 / Σ applicable max, exact whenever it terminates.
    #[test]
    fn scale_to_max_is_exact_when_the_total_terminates(
        scores in proptest::collection::vec(0i64..=300, 4), na in proptest::collection::vec(any::<bool>(), 4),
    ) {
        let r = rubric(r#"
renormalise = "scale-to-max"
[[category]]
code = "1"
title = "甲"
points = 100
[[category.item]]
code = "1.1"
title = "一"
max = 3
method = "points"
step = 0.01
[[category.item]]
code = "1.2"
title = "二"
max = 7
method = "points"
step = 0.01
[[category.item]]
code = "1.3"
title = "三"
max = 30
method = "points"
step = 0.01
[[category.item]]
code = "1.4"
title = "四"
max = 60
method = "points"
step = 0.01
"#);
        let maxes = [3i64, 7, 30, 60];
        let mut items = Vec::new();
        let (mut sum, mut applicable) = (Decimal::ZERO, Decimal::ZERO);
        for (k, code) in ["1.1", "1.2", "1.3", "1.4"].iter().enumerate() {
            let v = Decimal::new(scores[k] % (maxes[k] * 100 + 1), 2);
            if na[k] && k > 0 {
                items.push((*code, ItemInput::NotApplicable { reason: "无".into() }));
            } else {
                sum += v;
                applicable += Decimal::from(maxes[k]);
                items.push((*code, ItemInput::Points(v)));
            }
        }
        let got = score(&r, &inputs(items)).unwrap().total;
        let (want, exact) = one_division(sum * Decimal::ONE_HUNDRED, applicable);
        check_exact(got, want, exact)?;
    }

    /// Weighted items: P × (w₁·s₁/m₁ + w₂·s₂/m₂) = P × (w₁·s₁·m₂ + w₂·s₂·m₁)/(m₁·m₂), exact
    /// whenever it terminates.
    #[test]
    fn weighting_is_exact_when_the_total_terminates(s1 in 0i64..=70, s2 in 0i64..=30, w in 1i64..=9) {
        let w1 = Decimal::new(w, 1);
        let w2 = Decimal::ONE - w1;
        let r = rubric(&format!(r#"
renormalise = "none"
[[category]]
code = "1"
title = "加权"
points = 100
[[category.item]]
code = "1.1"
title = "一"
max = 7
weight = {w1}
method = "points"
step = 0.1
[[category.item]]
code = "1.2"
title = "二"
max = 3
weight = {w2}
method = "points"
step = 0.1
"#));
        let (v1, v2) = (Decimal::new(s1, 1), Decimal::new(s2, 1));
        let got = score(&r, &inputs(vec![("1.1", ItemInput::Points(v1)), ("1.2", ItemInput::Points(v2))])).unwrap().total;
        let (m1, m2) = (Decimal::from(7), Decimal::from(3));
        let (want, exact) = one_division(Decimal::ONE_HUNDRED * (w1 * v1 * m2 + w2 * v2 * m1), m1 * m2);
        check_exact(got, want, exact)?;
    }

    /// Fractions agree with decimals where decimals are exact: order, sums, products, and
    /// rounding by each mode.
    #[test]
    fn fractions_agree_with_exact_decimals(a in -100_000i64..100_000, b in -100_000i64..100_000, pa in 0u32..6, pb in 0u32..6, places in 0u32..4) {
        let (x, y) = (Decimal::new(a, pa), Decimal::new(b, pb));
        let (fx, fy) = (Frac::from(x), Frac::from(y));
        prop_assert_eq!(fx.cmp(&fy), x.cmp(&y));
        prop_assert_eq!((fx + fy).to_decimal(), x + y);
        prop_assert_eq!((fx - fy).to_decimal(), x - y);
        prop_assert_eq!((fx * fy).to_decimal(), x * y);
        use rust_decimal::RoundingStrategy as S;
        for (mode, strategy) in [(RoundingMode::HalfUp, S::MidpointAwayFromZero), (RoundingMode::HalfEven, S::MidpointNearestEven), (RoundingMode::Down, S::ToZero)] {
            prop_assert_eq!(fx.round(places, mode), Some(x.round_dp_with_strategy(places, strategy)));
        }
        if !y.is_zero() {
            let (q, exact) = one_division(x, y);
            check_exact((fx / fy).to_decimal(), q, exact)?;
        }
    }
}

/// A small random rubric: categories of `points` items (max 1–10, step 0.5), the second one
/// with a sub-category, and a bonus category; the total rounds to 2 places, half-up.
#[derive(Debug, Clone)]
struct RandomRubric {
    /// Per category: item maxes, and the maxes of its sub-category's items (maybe none).
    categories: Vec<(Vec<i64>, Vec<i64>)>,
    scale_to_max: bool,
    bonus_cap: i64,
}

impl RandomRubric {
    fn text(&self) -> String {
        let points = |maxes: &[i64]| maxes.iter().sum::<i64>();
        let total: i64 = self
            .categories
            .iter()
            .map(|(items, sub)| points(items) + points(sub))
            .sum();
        let mut t = format!(
            "total = {total}\nbonus_cap = {}\nrenormalise = \"{}\"\n\n[rounding]\nplaces = 2\nmode = \"half-up\"\nat = [\"total\"]\n",
            self.bonus_cap,
            if self.scale_to_max {
                "scale-to-max"
            } else {
                "none"
            },
        );
        for (c, (items, sub)) in self.categories.iter().enumerate() {
            let c = c + 1;
            t += &format!(
                "\n[[category]]\ncode = \"{c}\"\ntitle = \"类{c}\"\npoints = {}\n",
                points(items) + points(sub)
            );
            for (i, max) in items.iter().enumerate() {
                t += &format!(
                    "\n[[category.item]]\ncode = \"{c}.{}\"\ntitle = \"项\"\nmax = {max}\nmethod = \"points\"\nstep = 0.5\n",
                    i + 1
                );
            }
            if !sub.is_empty() {
                t += &format!(
                    "\n[[category.category]]\ncode = \"{c}.9\"\ntitle = \"子类\"\npoints = {}\n",
                    points(sub)
                );
                for (i, max) in sub.iter().enumerate() {
                    t += &format!(
                        "\n[[category.category.item]]\ncode = \"{c}.9.{}\"\ntitle = \"子项\"\nmax = {max}\nmethod = \"points\"\nstep = 0.5\n",
                        i + 1
                    );
                }
            }
        }
        t += "\n[[category]]\ncode = \"8\"\ntitle = \"加分项\"\n\n[[category.item]]\ncode = \"8.1\"\ntitle = \"加分\"\nmax = 4\nmethod = \"bonus\"\n\n[[category.item.award]]\ncode = \"a\"\ntitle = \"奖\"\npoints = 1.5\n";
        t
    }

    /// Full points of the rubric.
    fn total(&self) -> Decimal {
        self.items().iter().map(|(_, m)| Decimal::from(*m)).sum()
    }

    /// Every scored item code with its max, in file order.
    fn items(&self) -> Vec<(String, i64)> {
        let mut out = Vec::new();
        for (c, (items, sub)) in self.categories.iter().enumerate() {
            let c = c + 1;
            for (i, max) in items.iter().enumerate() {
                out.push((format!("{c}.{}", i + 1), *max));
            }
            for (i, max) in sub.iter().enumerate() {
                out.push((format!("{c}.9.{}", i + 1), *max));
            }
        }
        out
    }
}

fn random_rubric() -> impl Strategy<Value = RandomRubric> {
    let category = (
        proptest::collection::vec(1i64..=10, 1..=4),
        proptest::collection::vec(1i64..=10, 0..=2),
    );
    (
        proptest::collection::vec(category, 1..=3),
        any::<bool>(),
        1i64..=5,
    )
        .prop_map(|(categories, scale_to_max, bonus_cap)| RandomRubric {
            categories,
            scale_to_max,
            bonus_cap,
        })
}

/// Rounds half-up to 2 places: the rubric's total rule, written independently of the engine.
fn half_up_2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// |shown − exact| within half a unit of the 4th place: a figure rounded for reading.
fn reads_as(shown: Decimal, exact: Decimal) -> Result<(), TestCaseError> {
    prop_assert!(
        (shown - exact).abs() <= Decimal::new(5, 5),
        "{} shown for {}",
        shown,
        exact
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every trace sums to its total: items → categories (children before parents) → base →
    /// after re-normalisation → + bonus − adjustments → the rounded total, each step checked
    /// with decimals independently of the engine; the total's line ends in the total.
    #[test]
    fn every_trace_sums_to_its_total(
        shape in random_rubric(),
        picks in proptest::collection::vec((0i64..=20, 0u32..4), 18),
        awards in 0u32..=4,
        offs in proptest::collection::vec(0i64..=300, 0..=2),
    ) {
        let r = rubric(&shape.text());
        let mut items = Vec::new();
        for (k, (code, max)) in shape.items().into_iter().enumerate() {
            let (n, na) = picks[k];
            // The first item always applies, so the rubric is never wholly not applicable.
            let input = if k > 0 && na == 0 {
                ItemInput::NotApplicable { reason: "无".into() }
            } else {
                ItemInput::Points(Decimal::new(n.min(max * 2) * 5, 1))
            };
            items.push((code, input));
        }
        // An adjustment never exceeds the rubric's full points (refused on entry).
        let offs: Vec<Decimal> = offs.iter().map(|p| Decimal::new(*p, 2).min(shape.total())).collect();
        let mut i = SubjectInputs {
            subject: "s".into(),
            unit_type: None,
            role: None,
            options: Default::default(),
            items: items.into_iter().collect(),
            adjustments: offs
                .iter()
                .map(|p| crate::domain::rubric::Adjustment {
                    label: "扣减：测试".into(),
                    points: *p,
                    items: Vec::new(),
                })
                .collect(),
        };
        i.items.insert("8.1".into(), ItemInput::Awards([("a".to_owned(), awards)].into()));
        let res = score(&r, &i).unwrap();
        let item = |code: &str| res.items.iter().find(|t| t.code == code).unwrap();
        let cat = |code: &str| res.categories.iter().find(|t| t.code == code).unwrap();
        // Items → categories (a sub-category first, then its parent).
        let mut base = Decimal::ZERO;
        let mut applicable = Decimal::ZERO;
        for (c, (its, sub)) in shape.categories.iter().enumerate() {
            let c = c + 1;
            let sum_of = |codes: Vec<String>| -> (Decimal, Decimal) {
                codes.iter().map(|k| item(k)).filter(|t| t.applicable)
                    .fold((Decimal::ZERO, Decimal::ZERO), |(s, a), t| (s + t.score, a + t.max))
            };
            let (mut sum, mut appl) = sum_of((1..=its.len()).map(|n| format!("{c}.{n}")).collect());
            if !sub.is_empty() {
                let (s, a) = sum_of((1..=sub.len()).map(|n| format!("{c}.9.{n}")).collect());
                let sc = cat(&format!("{c}.9"));
                prop_assert_eq!(sc.score, s);
                let (shown, s_text) = (sc.line.split('（').next().unwrap_or_default(), crate::domain::rubric::Precision::given(s));
                prop_assert!(shown == s_text.to_string() || shown.ends_with(&format!("= {s_text}")), "{}", sc.line);
                sum += s;
                appl += a;
            }
            prop_assert_eq!(cat(&c.to_string()).score, sum);
            prop_assert_eq!(cat(&c.to_string()).applicable, appl);
            base += sum;
            applicable += appl;
        }
        let codes: Vec<&str> = res.categories.iter().map(|t| t.code.as_str()).collect();
        if let Some(sub) = codes.iter().position(|k| k.ends_with(".9")) {
            prop_assert!(sub < codes.iter().position(|k| !k.contains('.') && codes[sub].starts_with(*k)).unwrap());
        }
        // → base → after re-normalisation.
        prop_assert_eq!(res.base, base);
        prop_assert_eq!(res.applicable, applicable);
        let full = res.full;
        let after = if shape.scale_to_max && applicable < full { base * full / applicable } else { base };
        prop_assert_eq!(res.renormalised.is_some(), shape.scale_to_max && applicable < full);
        reads_as(res.after_renormalisation, after)?;
        // → + bonus (capped) − adjustments → the rounded total, never below 0.
        let claimed = (Decimal::new(15, 1) * Decimal::from(awards)).min(Decimal::from(4));
        prop_assert_eq!(res.bonus.claimed, claimed);
        prop_assert_eq!(res.bonus.applied, claimed.min(Decimal::from(shape.bonus_cap)));
        let off: Decimal = offs.iter().sum();
        let unrounded = (after + res.bonus.applied - off).max(Decimal::ZERO);
        reads_as(res.unrounded_total, unrounded)?;
        prop_assert_eq!(res.total, half_up_2(unrounded));
        prop_assert_eq!(res.total.scale(), 2);
        // The total's line: from the base, through every term, to the published total.
        let line = &res.total_line;
        prop_assert!(line.ends_with(&res.total.to_string()), "{}", line);
        prop_assert!(line.starts_with(&crate::domain::rubric::Precision::given(base).to_string()), "{}", line);
        prop_assert_eq!(line.matches("扣减").count(), offs.len(), "{}", line);
        prop_assert_eq!(line.contains("加分"), awards > 0, "{}", line);
        prop_assert_eq!(line.contains(" × "), res.renormalised.is_some(), "{}", line);
    }
}

/// A random input for `item` of the shipped rubric from the random numbers `n` and `m`.
fn random_input(item: &crate::domain::rubric::model::Item, n: u32, m: u32) -> Option<ItemInput> {
    use crate::domain::rubric::model::ShareUnit;
    Some(match &item.method {
        Method::Points { step } => {
            let steps = (item.max / *step).trunc();
            let k = Decimal::from(n) % (steps + Decimal::ONE);
            ItemInput::Points(k * *step)
        }
        Method::Deduction { findings } | Method::Bonus { awards: findings } => {
            let counts = findings
                .iter()
                .enumerate()
                .map(|(k, f)| (f.code.clone(), (n >> k) % 3))
                .collect();
            match item.method {
                Method::Bonus { .. } => ItemInput::Awards(counts),
                _ => ItemInput::Findings(counts),
            }
        }
        Method::Threshold { measured_in, .. } => {
            let hundred = if *measured_in == ShareUnit::Percent {
                0
            } else {
                2
            };
            ItemInput::Measured(Decimal::new(i64::from(n % 101), hundred))
        }
        Method::Deadline { .. } => match (m % 5, item.deadline) {
            (0, _) => ItemInput::NotDone,
            (_, Some(due)) => {
                ItemInput::Done(due.saturating_add(jiff::Span::new().days(i64::from(n % 60) - 20)))
            }
            (_, None) => ItemInput::Done(date(2023, 6, 1)),
        },
        Method::Survey => ItemInput::Index(Decimal::new(i64::from(n % 10001), 2)),
        Method::Veto { .. } => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The same property over the shipped unit-assessment rubric with random inputs for a town:
    /// items → categories → base → × 100 / applicable → + bonus → the rounded total. Item and
    /// category figures may be rounded for reading (threshold scores such as 2/3), so sums agree
    /// to half a unit of the 4th place per figure.
    #[test]
    fn the_shipped_rubric_traces_sum_to_their_totals(
        picks in proptest::collection::vec((any::<u32>(), any::<u32>(), 0u32..8), 40),
    ) {
        let text = include_str!("../../../../rubrics/unit-assessment-2023.toml");
        let r = crate::domain::rubric::parse("unit-assessment-2023.toml", text).unwrap();
        let a = r.assessment().unwrap();
        let mut items = std::collections::BTreeMap::new();
        for (k, item) in crate::domain::assessment::items(a).into_iter().enumerate() {
            let (n, m, na) = picks[k % picks.len()];
            let input = if na == 0 && !matches!(item.method, Method::Veto { .. }) {
                Some(ItemInput::NotApplicable { reason: "无".into() })
            } else {
                random_input(item, n, m)
            };
            if let Some(i) = input {
                items.insert(item.code.clone(), i);
            }
        }
        let inputs = SubjectInputs {
            subject: "镇".into(),
            unit_type: Some("town".into()),
            role: Some("濉溪镇".into()),
            options: Default::default(),
            items,
            adjustments: vec![],
        };
        let res = score(&r, &inputs).unwrap();
        let half = Decimal::new(5, 5);
        let mut base = Decimal::ZERO;
        for c in a.categories.iter() {
            let kids: Vec<_> = res.items.iter()
                .filter(|t| t.code.split('.').next() == Some(c.code.as_str()) && t.applicable)
                .filter(|t| !matches!(t.method.as_str(), "bonus" | "veto"))
                .collect();
            let sum: Decimal = kids.iter().map(|t| t.score).sum();
            let shown = res.categories.iter().find(|t| t.code == c.code).unwrap().score;
            let slack = half * Decimal::from(kids.len() + 1);
            prop_assert!((sum - shown).abs() <= slack, "category {}: {} vs {}", c.code, sum, shown);
            base += shown;
        }
        let slack = half * Decimal::from(a.categories.len() + 1);
        prop_assert!((res.base - base).abs() <= slack, "base {} vs {}", res.base, base);
        let after = res.base * res.full / res.applicable;
        prop_assert!((res.after_renormalisation - after).abs() <= slack * Decimal::from(2));
        let bonus: Decimal = res.items.iter().filter(|t| t.method == "bonus").map(|t| t.score).sum();
        prop_assert_eq!(res.bonus.applied, bonus.min(res.bonus.cap));
        let unrounded = res.after_renormalisation + res.bonus.applied;
        prop_assert!((res.unrounded_total - unrounded).abs() <= slack * Decimal::from(2));
        // The published total is the exact unrounded total rounded once: within half a cent of
        // the figure shown for it.
        prop_assert!((res.total - res.unrounded_total).abs() <= Decimal::new(5, 3) + half);
        prop_assert_eq!(res.total.scale(), 2);
        prop_assert!(res.total_line.ends_with(&res.total.to_string()), "{}", res.total_line);
    }
}
