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
