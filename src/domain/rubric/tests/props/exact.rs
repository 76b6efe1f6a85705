//! Whatever terminates within a decimal's places comes out exact: thresholds, re-normalisation,
//! weights, and the fractions underneath.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::super::methods::{item, threshold_method};
use super::super::{rubric, subject};
use super::{check_exact, one_division};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::methods::score_item;
use crate::domain::rubric::model::{Curve, Method, RoundingMode};
use crate::domain::rubric::score;

proptest! {

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
        let got = score(&r, &subject("s", items)).unwrap().total;
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
        let got = score(&r, &subject("s", [("1.1", ItemInput::Points(v1)), ("1.2", ItemInput::Points(v2))])).unwrap().total;
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
