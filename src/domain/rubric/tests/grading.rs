use super::{d, rubric};
use crate::domain::rubric::inputs::{ItemInput, SubjectInputs};
use crate::domain::rubric::{assign_grades_with_quota, rank, rank_results, rank_totals, score};

#[test]
fn competition_ranking_shares_and_skips() {
    let totals = [d("95"), d("90"), d("90"), d("85"), d("90.00")];
    assert_eq!(rank_totals(&totals), vec![1, 2, 2, 5, 2]);
    assert_eq!(
        rank_totals(&[d("80"), d("90"), d("90"), d("70")]),
        vec![3, 1, 1, 4]
    );
    assert_eq!(
        rank_totals(&[d("1"), d("2"), d("2"), d("0")]),
        vec![3, 1, 1, 4]
    );
    assert_eq!(
        rank_totals(&[d("9"), d("8"), d("8"), d("7")]),
        vec![1, 2, 2, 4]
    );
    assert!(rank_totals(&[]).is_empty());
}

/// Ten subjects, quota 30% → at most 3 优秀; a tie at the boundary drops together.
#[test]
fn quota_demotes_by_rank_and_tie_breakers_order_equal_totals() {
    let r = rubric(
        r#"
renormalise = "none"
[grading]
top_quota = 0.3
quota_ties = "drop-all"
tie_breakers = ["2"]
[[category]]
code = "1"
title = "甲"
points = 50
[[category.item]]
code = "1.1"
title = "甲一"
max = 50
method = "points"
step = 1
[[category]]
code = "2"
title = "乙"
points = 50
[[category.item]]
code = "2.1"
title = "乙一"
max = 50
method = "points"
step = 1
"#,
    );
    let subject = |name: &str, a: &str, b: &str| SubjectInputs {
        subject: name.into(),
        unit_type: None,
        items: [
            ("1.1".to_string(), ItemInput::Points(d(a))),
            ("2.1".to_string(), ItemInput::Points(d(b))),
        ]
        .into(),
        adjustments: vec![],
        role: None,
        options: Default::default(),
    };
    let subjects = [
        subject("A", "50", "49"), // 99
        subject("B", "45", "50"), // 95, wins the tie on category 2
        subject("C", "50", "45"), // 95
        subject("D", "46", "46"), // 92
        subject("E", "46", "46"), // 92
        subject("F", "40", "40"),
        subject("G", "40", "39"),
        subject("H", "30", "30"),
        subject("I", "20", "20"),
        subject("J", "10", "10"),
    ];
    let results: Vec<_> = subjects.iter().map(|s| score(&r, s).unwrap()).collect();
    assert_eq!(rank_results(&r, &results).unwrap()[..5], [1, 2, 3, 4, 4]);
    let mut no_breakers = r.assessment().unwrap().grading.clone();
    no_breakers.tie_breakers.clear();
    assert_eq!(rank(&results, &no_breakers)[..5], [1, 2, 2, 4, 4]);
    let decisions = assign_grades_with_quota(&r, &results).unwrap();
    let grades: Vec<&str> = decisions.iter().map(|q| q.grade.as_str()).collect();
    assert_eq!(grades[..5], ["优秀", "优秀", "优秀", "良好", "良好"]);
    assert!(decisions[3].demoted && decisions[4].demoted && !decisions[2].demoted);
    // Without the tie-breaker B and C tie at rank 2: A + both = 3, still within the quota.
}

#[test]
fn a_tie_straddling_the_quota_drops_together() {
    let r = rubric(
        r#"
renormalise = "none"
[grading]
top_quota = 0.5
quota_ties = "drop-all"
[[category]]
code = "1"
title = "甲"
points = 100
[[category.item]]
code = "1.1"
title = "甲一"
max = 100
method = "points"
step = 1
"#,
    );
    let results: Vec<_> = ["99", "95", "95", "60"]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let s = SubjectInputs {
                subject: format!("S{i}"),
                unit_type: None,
                items: [("1.1".to_string(), ItemInput::Points(d(p)))].into(),
                adjustments: vec![],
                role: None,
                options: Default::default(),
            };
            score(&r, &s).unwrap()
        })
        .collect();
    // Quota ⌊0.5 × 4⌋ = 2: S0 keeps 优秀; S1 and S2 tie at rank 2 and would make 3, so both drop.
    let g: Vec<String> = assign_grades_with_quota(&r, &results)
        .unwrap()
        .into_iter()
        .map(|q| q.grade)
        .collect();
    assert_eq!(g, ["优秀", "良好", "良好", "不合格"]);
}
