use super::{d, pts, rubric, subject};
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::{
    Rubric, ScoreResult, assign_grades_with_quota, rank, rank_results, rank_totals, score,
};

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

/// Two categories of 50 points, one item each, with a 30% quota and category 2 breaking ties.
const TWO_HALVES: &str = r#"
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
"#;

/// Ten subjects on [`TWO_HALVES`]: 99, two 95s (B wins on category 2), two 92s, then lower.
fn ten_subjects(r: &Rubric) -> Vec<ScoreResult> {
    [
        ("A", "50", "49"),
        ("B", "45", "50"),
        ("C", "50", "45"),
        ("D", "46", "46"),
        ("E", "46", "46"),
        ("F", "40", "40"),
        ("G", "40", "39"),
        ("H", "30", "30"),
        ("I", "20", "20"),
        ("J", "10", "10"),
    ]
    .iter()
    .map(|(name, a, b)| score(r, &subject(name, [("1.1", pts(a)), ("2.1", pts(b))])).unwrap())
    .collect()
}

/// Ten subjects, quota 30% → at most 3 优秀; a tie at the boundary drops together.
#[test]
fn quota_demotes_by_rank_and_tie_breakers_order_equal_totals() {
    let r = rubric(TWO_HALVES);
    let results = ten_subjects(&r);
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
            let s = subject(&format!("S{i}"), [("1.1", pts(p))]);
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

/// One item of 100 points and a veto; `grading` is spliced into `[grading]`.
fn with_veto(grading: &str) -> Rubric {
    rubric(&format!(
        r#"
renormalise = "none"
[grading]
category_minimum_grade = "优秀"
category_minimum_share = 0.6
{grading}
[[category]]
code = "1"
title = "甲"
points = 20
[[category.item]]
code = "1.1"
title = "甲一"
max = 20
method = "points"
step = 1
[[category]]
code = "2"
title = "乙"
points = 80
[[category.item]]
code = "2.1"
title = "乙一"
max = 80
method = "points"
step = 1
[[category.item]]
code = "2.2"
title = "否决"
method = "veto"
"#
    ))
}

/// Each row (subject, 1.1, 2.1, veto) scored on `r`.
fn scored(r: &Rubric, rows: &[(&str, &str, &str, bool)]) -> Vec<ScoreResult> {
    rows.iter()
        .map(|(name, a, b, veto)| {
            let items = [
                ("1.1", pts(a)),
                ("2.1", pts(b)),
                ("2.2", ItemInput::Veto(*veto)),
            ];
            score(r, &subject(name, items)).unwrap()
        })
        .collect()
}

#[test]
fn a_vetoed_unit_ranks_after_every_unit_without_a_veto() {
    let r = with_veto("");
    let results = scored(
        &r,
        &[
            ("V1", "20", "80", true), // 100, vetoed
            ("A", "10", "60", false), // 70
            ("V2", "15", "80", true), // 95, vetoed
            ("B", "10", "20", false), // 30
            ("V3", "15", "80", true), // 95, vetoed
        ],
    );
    assert_eq!(results[0].total, d("100"));
    assert_eq!(results[0].grade.grade, "不合格");
    // A and B first by total; the vetoed after them, by total, tying as usual.
    assert_eq!(rank_results(&r, &results).unwrap(), [3, 1, 4, 2, 4]);
}

#[test]
fn rank_by_grade_puts_a_demoted_unit_below_the_grade_it_lost() {
    // C: 91 but category 1 is 11 of 20 (< 60%) → 良好; D: 90 with no weak part → 优秀.
    let rows = [("C", "11", "80", false), ("D", "20", "70", false)];
    let by_total = with_veto("");
    let results = scored(&by_total, &rows);
    assert_eq!(results[0].grade.grade, "良好");
    assert_eq!(results[1].grade.grade, "优秀");
    assert_eq!(rank_results(&by_total, &results).unwrap(), [1, 2]);
    let by_grade = with_veto("rank_by = \"grade\"");
    let results = scored(&by_grade, &rows);
    assert_eq!(rank_results(&by_grade, &results).unwrap(), [2, 1]);
}

/// Quota ⌊0.5 × 4⌋ = 2 with a tie for second: `drop-all` drops both tied units,
/// `keep-all` keeps both (3 优秀).
#[test]
fn the_quota_tie_rule_is_the_rubrics() {
    let rows = [
        ("S0", "20", "79", false), // 99
        ("S1", "15", "80", false), // 95
        ("S2", "15", "80", false), // 95
        ("S3", "20", "40", false), // 60
    ];
    let grades = |rule: &str| {
        let r = with_veto(&format!("top_quota = 0.5\nquota_ties = \"{rule}\""));
        let decisions = assign_grades_with_quota(&r, &scored(&r, &rows)).unwrap();
        let notes: Vec<Option<String>> = decisions.iter().map(|q| q.note.clone()).collect();
        let grades: Vec<String> = decisions.into_iter().map(|q| q.grade).collect();
        (grades, notes)
    };
    let (drop, notes) = grades("drop-all");
    assert_eq!(drop, ["优秀", "良好", "良好", "不合格"]);
    assert!(
        notes[1].as_deref().unwrap().contains("drop-all"),
        "{notes:?}"
    );
    assert_eq!(notes[0], None);
    let (keep, notes) = grades("keep-all");
    assert_eq!(keep, ["优秀", "优秀", "优秀", "不合格"]);
    assert!(
        notes[2].as_deref().unwrap().contains("keep-all"),
        "{notes:?}"
    );
}

#[test]
fn notice_days_is_optional_and_a_whole_number_of_working_days_from_1_to_30() {
    let body = |days: &str| {
        TWO_HALVES.replace("[grading]\n", &format!("[grading]\nnotice_days = {days}\n"))
    };
    let grading = |r: &Rubric| r.assessment().unwrap().grading.notice_days;
    assert_eq!(grading(&rubric(TWO_HALVES)), None);
    assert_eq!(grading(&rubric(&body("5"))), Some(5));
    for bad in ["0", "31", "2.5"] {
        let found = super::problems(&body(bad));
        assert!(
            found
                .iter()
                .any(|p| p
                    .contains("`notice_days` must be a whole number of working days from 1 to 30")),
            "{bad}: {found:?}"
        );
    }
}
