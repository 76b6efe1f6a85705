//! Scores stay within their declared bounds; combinations and ranks agree with their inputs.

use jiff::civil::date;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::super::d;
use super::super::methods::{item, threshold_method};
use super::hundredths;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::methods::score_item;
use crate::domain::rubric::model::{Combination, CombineRule, Curve, Finding, LatePer, Method};
use crate::domain::rubric::{Review, combine, rank_totals};

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
}
