use super::d;
use crate::domain::rubric::model::{Combination, CombineRule, Inflation};
use crate::domain::rubric::{Review, combine, inflation_deduction};

fn rule(r: CombineRule) -> Combination {
    Combination {
        rule: r,
        tolerance: d("0.2"),
        inflation: Some(Inflation {
            per_item: d("0.5"),
            cap: d("1"),
            optional: false,
        }),
    }
}

fn reviews(scores: &[&str]) -> Vec<Review> {
    scores
        .iter()
        .map(|s| Review {
            score: d(s),
            reason: Some("复核".into()),
        })
        .collect()
}

#[test]
fn review_overrides_mean_and_median() {
    let rv = reviews(&["6", "8"]);
    assert_eq!(
        combine(&rule(CombineRule::ReviewOverrides), d("10"), d("9"), &rv).final_score,
        d("7")
    );
    assert_eq!(
        combine(&rule(CombineRule::Mean), d("10"), d("9"), &rv).final_score,
        d("23") / d("3")
    );
    assert_eq!(
        combine(&rule(CombineRule::Median), d("10"), d("9"), &rv).final_score,
        d("8")
    );
    assert_eq!(
        combine(
            &rule(CombineRule::Median),
            d("10"),
            d("9"),
            &reviews(&["6"])
        )
        .final_score,
        d("7.5")
    );
}

#[test]
fn trimmed_mean_drops_extremes_only_above_five_reviewers() {
    let five = reviews(&["1", "7", "7", "7", "10"]);
    assert_eq!(
        combine(&rule(CombineRule::TrimmedMean), d("10"), d("7"), &five).final_score,
        d("6.4")
    );
    let six = reviews(&["1", "7", "7", "7", "7", "10"]);
    assert_eq!(
        combine(&rule(CombineRule::TrimmedMean), d("10"), d("7"), &six).final_score,
        d("7")
    );
}

#[test]
fn disagreement_beyond_tolerance_needs_a_reason_and_another_reviewer() {
    let r = rule(CombineRule::ReviewOverrides);
    // 20% of 10 = 2: a difference of exactly 2 is within tolerance.
    let ok = combine(
        &r,
        d("10"),
        d("9"),
        &[Review {
            score: d("7"),
            reason: None,
        }],
    );
    assert!(!ok.flagged && ok.missing_reasons.is_empty() && !ok.inflated);
    let far = combine(
        &r,
        d("10"),
        d("9"),
        &[Review {
            score: d("6.5"),
            reason: None,
        }],
    );
    assert!(far.flagged && far.inflated);
    assert_eq!(far.missing_reasons, vec![0]);
    // Reviewers disagreeing among themselves also flag the item.
    let split = combine(&r, d("10"), d("7"), &reviews(&["5.5", "8.5"]));
    assert!(split.flagged && split.missing_reasons.is_empty());
    let none = combine(&r, d("10"), d("9"), &[]);
    assert_eq!(none.final_score, d("9"));
    assert!(!none.reviewed);
}

#[test]
fn inflated_self_scores_cost_points_up_to_the_cap() {
    let r = rule(CombineRule::ReviewOverrides);
    let o = |s: &str, f: &str| combine(&r, d("10"), d(s), &reviews(&[f]));
    let outcomes = [o("10", "5"), o("9", "6"), o("10", "9"), o("8", "3")];
    let coded: Vec<(&str, _)> = ["2.2", "2.10", "3.1", "3.4"]
        .into_iter()
        .zip(&outcomes)
        .collect();
    let adj = inflation_deduction(&r, &coded).unwrap();
    // Three inflated items × 0.5 = 1.5, capped at 1.
    assert_eq!(adj.points, d("1"));
    assert!(inflation_deduction(&r, &coded[2..3]).is_none());
    // The deduction names the items it counted, with self score, final and tolerance.
    let codes: Vec<&str> = adj.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["2.2", "2.10", "3.4"]);
    assert_eq!(
        adj.items[1].why,
        "自评 9 − 最终 6 = 3 > 容差 2 (self − final above tolerance)"
    );
    assert_eq!(adj.name(), "自评失实");
    assert!(
        adj.label.starts_with("自评失实：3 项（2.2、2.10、3.4）") && adj.label.contains("上限 1"),
        "{}",
        adj.label
    );
}
