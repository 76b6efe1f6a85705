//! Every trace sums to its total: a small random rubric scored with random inputs, each step
//! of its trace checked with decimals independently of the engine.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::super::{rubric, subject};
use crate::domain::rubric::inputs::{Adjustment, ItemInput, SubjectInputs};
use crate::domain::rubric::trace::{CategoryTrace, ItemTrace};
use crate::domain::rubric::{Precision, ScoreResult, score};

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

impl RandomRubric {
    /// Inputs for every scored item from `picks` (points, or — never for the first item, so
    /// something always applies — not applicable), `awards` of the bonus, and the adjustments
    /// `offs`.
    fn inputs(&self, picks: &[(i64, u32)], awards: u32, offs: &[Decimal]) -> SubjectInputs {
        let mut items = Vec::new();
        for (k, (code, max)) in self.items().into_iter().enumerate() {
            let (n, na) = picks[k];
            let input = if k > 0 && na == 0 {
                ItemInput::NotApplicable {
                    reason: "无".into(),
                }
            } else {
                ItemInput::Points(Decimal::new(n.min(max * 2) * 5, 1))
            };
            items.push((code, input));
        }
        let mut i = subject("s", items.iter().map(|(c, v)| (c.as_str(), v.clone())));
        i.items.insert(
            "8.1".into(),
            ItemInput::Awards([("a".to_owned(), awards)].into()),
        );
        i.adjustments = offs
            .iter()
            .map(|p| Adjustment {
                label: "扣减：测试".into(),
                points: *p,
                items: Vec::new(),
            })
            .collect();
        i
    }
}

/// The trace of item `code`.
fn item<'a>(res: &'a ScoreResult, code: &str) -> &'a ItemTrace {
    res.items.iter().find(|t| t.code == code).unwrap()
}

/// The trace of category `code`.
fn category<'a>(res: &'a ScoreResult, code: &str) -> &'a CategoryTrace {
    res.categories.iter().find(|t| t.code == code).unwrap()
}

/// Σ score and Σ max of the applicable items among `codes`.
fn sum_of(res: &ScoreResult, codes: impl Iterator<Item = String>) -> (Decimal, Decimal) {
    codes
        .map(|k| item(res, &k))
        .filter(|t| t.applicable)
        .fold((Decimal::ZERO, Decimal::ZERO), |(s, a), t| {
            (s + t.score, a + t.max)
        })
}

/// Items → categories (a sub-category first, then its parent): each category's score and
/// applicable points are its children's sums. Returns the base and the applicable points.
fn check_categories(
    shape: &RandomRubric,
    res: &ScoreResult,
) -> Result<(Decimal, Decimal), TestCaseError> {
    let (mut base, mut applicable) = (Decimal::ZERO, Decimal::ZERO);
    for (c, (its, sub)) in shape.categories.iter().enumerate() {
        let c = c + 1;
        let (mut sum, mut appl) = sum_of(res, (1..=its.len()).map(|n| format!("{c}.{n}")));
        if !sub.is_empty() {
            let (s, a) = sum_of(res, (1..=sub.len()).map(|n| format!("{c}.9.{n}")));
            let sc = category(res, &format!("{c}.9"));
            prop_assert_eq!(sc.score, s);
            let (shown, s_text) = (
                sc.line.split('（').next().unwrap_or_default(),
                Precision::given(s),
            );
            prop_assert!(
                shown == s_text.to_string() || shown.ends_with(&format!("= {s_text}")),
                "{}",
                sc.line
            );
            sum += s;
            appl += a;
        }
        prop_assert_eq!(category(res, &c.to_string()).score, sum);
        prop_assert_eq!(category(res, &c.to_string()).applicable, appl);
        base += sum;
        applicable += appl;
    }
    let codes: Vec<&str> = res.categories.iter().map(|t| t.code.as_str()).collect();
    if let Some(sub) = codes.iter().position(|k| k.ends_with(".9")) {
        let parent = codes
            .iter()
            .position(|k| !k.contains('.') && codes[sub].starts_with(*k));
        prop_assert!(sub < parent.unwrap());
    }
    Ok((base, applicable))
}

/// → base → after re-normalisation → + bonus (capped) − adjustments → the rounded total,
/// never below 0.
fn check_total(
    shape: &RandomRubric,
    res: &ScoreResult,
    (base, applicable): (Decimal, Decimal),
    awards: u32,
    offs: &[Decimal],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(res.base, base);
    prop_assert_eq!(res.applicable, applicable);
    let full = res.full;
    let scaled = shape.scale_to_max && applicable < full;
    let after = if scaled {
        base * full / applicable
    } else {
        base
    };
    prop_assert_eq!(res.renormalised.is_some(), scaled);
    reads_as(res.after_renormalisation, after)?;
    let claimed = (Decimal::new(15, 1) * Decimal::from(awards)).min(Decimal::from(4));
    prop_assert_eq!(res.bonus.claimed, claimed);
    prop_assert_eq!(
        res.bonus.applied,
        claimed.min(Decimal::from(shape.bonus_cap))
    );
    let off: Decimal = offs.iter().sum();
    let unrounded = (after + res.bonus.applied - off).max(Decimal::ZERO);
    reads_as(res.unrounded_total, unrounded)?;
    prop_assert_eq!(res.total, half_up_2(unrounded));
    prop_assert_eq!(res.total.scale(), 2);
    Ok(())
}

/// The total's line: from the base, through every term, to the published total.
fn check_line(
    res: &ScoreResult,
    base: Decimal,
    awards: u32,
    offs: &[Decimal],
) -> Result<(), TestCaseError> {
    let line = &res.total_line;
    prop_assert!(line.ends_with(&res.total.to_string()), "{}", line);
    prop_assert!(
        line.starts_with(&Precision::given(base).to_string()),
        "{}",
        line
    );
    prop_assert_eq!(line.matches("扣减").count(), offs.len(), "{}", line);
    prop_assert_eq!(line.contains("加分"), awards > 0, "{}", line);
    prop_assert_eq!(line.contains(" × "), res.renormalised.is_some(), "{}", line);
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
        // An adjustment never exceeds the rubric's full points (refused on entry).
        let offs: Vec<Decimal> = offs.iter().map(|p| Decimal::new(*p, 2).min(shape.total())).collect();
        let res = score(&r, &shape.inputs(&picks, awards, &offs)).unwrap();
        let (base, applicable) = check_categories(&shape, &res)?;
        check_total(&shape, &res, (base, applicable), awards, &offs)?;
        check_line(&res, base, awards, &offs)?;
    }
}
