//! The shipped unit-assessment rubric's traces sum to their totals for random inputs.

use jiff::civil::date;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::model::{Assessment, Item, Method, ShareUnit};
use crate::domain::rubric::score;

/// A random input for `item` of the shipped rubric from the random numbers `n` and `m`.
fn random_input(item: &Item, n: u32, m: u32) -> Option<ItemInput> {
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

/// Random inputs for 濉溪镇 (a town bound to its plan role): each item's from `picks`, some
/// not applicable (never a veto, which takes no claim).
fn town_inputs(a: &Assessment, picks: &[(u32, u32, u32)]) -> SubjectInputs {
    let mut items = std::collections::BTreeMap::new();
    for (k, item) in crate::domain::assessment::items(a).into_iter().enumerate() {
        let (n, m, na) = picks[k % picks.len()];
        let input = if na == 0 && !matches!(item.method, Method::Veto { .. }) {
            Some(ItemInput::NotApplicable {
                reason: "无".into(),
            })
        } else {
            random_input(item, n, m)
        };
        if let Some(i) = input {
            items.insert(item.code.clone(), i);
        }
    }
    SubjectInputs {
        subject: "镇".into(),
        unit_type: Some("town".into()),
        role: Some("濉溪镇".into()),
        options: Default::default(),
        items,
        adjustments: vec![],
    }
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
        let text = include_str!("../../../../../rubrics/unit-assessment-2023.toml");
        let r = crate::domain::rubric::parse("unit-assessment-2023.toml", text).unwrap();
        let a = r.assessment().unwrap();
        let inputs = town_inputs(a, &picks);
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
        let bonus: Decimal = res.items.iter().filter(|t| t.method == crate::domain::rubric::model::MethodKind::Bonus).map(|t| t.score).sum();
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
