use super::d;
use crate::domain::rubric::satisfaction::NoInterval;
use crate::domain::rubric::{
    Body, Invalidity, Rubric, SatisfactionError, SurveyResponse, check_validity, parse,
    satisfaction_index,
};

pub(super) fn shipped(name: &str) -> Rubric {
    let path = format!("{}/rubrics/{name}", env!("CARGO_MANIFEST_DIR"));
    parse(name, &std::fs::read_to_string(path).unwrap()).unwrap()
}

fn response(answers: &[(&str, &str)], seconds: u32) -> SurveyResponse {
    SurveyResponse {
        answers: answers
            .iter()
            .map(|(q, a)| (q.to_string(), a.to_string()))
            .collect(),
        seconds: Some(seconds),
        unverified_start: false,
    }
}

const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];

#[test]
fn validity_rules() {
    let r = shipped("satisfaction.toml");
    let Body::Satisfaction(spec) = r.body() else {
        panic!("kind")
    };
    let mixed: Vec<(&str, &str)> = QS
        .iter()
        .enumerate()
        .map(|(i, q)| (*q, if i % 2 == 0 { "满意" } else { "一般" }))
        .collect();
    assert_eq!(check_validity(spec, &response(&mixed, 120)), Ok(()));
    assert!(matches!(
        check_validity(spec, &response(&mixed, 59)),
        Err(Invalidity::TooFast { .. })
    ));
    // 2 of 10 blank is exactly 20%: still valid; 3 blank is not.
    assert_eq!(check_validity(spec, &response(&mixed[..8], 120)), Ok(()));
    assert!(matches!(
        check_validity(spec, &response(&mixed[..7], 120)),
        Err(Invalidity::TooManyUnanswered {
            unanswered: 3,
            questions: 10
        })
    ));
    let same: Vec<(&str, &str)> = QS.iter().map(|q| (*q, "非常满意")).collect();
    assert!(matches!(
        check_validity(spec, &response(&same, 120)),
        Err(Invalidity::StraightLined { .. })
    ));
    assert!(matches!(
        check_validity(spec, &response(&[("Z9", "满意")], 120)),
        Err(Invalidity::UnknownQuestion { .. })
    ));
    assert!(matches!(
        check_validity(spec, &response(&[("A1", "还行")], 120)),
        Err(Invalidity::UnknownAnswer { .. })
    ));
}

/// A questionnaire answering all ten questions: `a` 非常满意 (100), `b` 满意 (80), `c` 一般
/// (60), `e` 不满意 (30), the rest 非常不满意 (0). The five dimensions weigh 0.2 each, so the
/// respondent's score is the mean of the ten values, (100a + 80b + 60c + 30e)/10.
fn counted(a: usize, b: usize, c: usize, e: usize) -> SurveyResponse {
    let labels = ["非常满意", "满意", "一般", "不满意", "非常不满意"];
    let counts = [a, b, c, e, 10 - a - b - c - e];
    let answers: Vec<&str> = counts
        .iter()
        .zip(labels)
        .flat_map(|(n, l)| std::iter::repeat_n(l, *n))
        .collect();
    let pairs: Vec<(&str, &str)> = QS.iter().copied().zip(answers).collect();
    response(&pairs, 300)
}

/// 50 questionnaires from an estate of 250 households (a fifth answered), each as its counts
/// for [`counted`]. Respondent scores 88, 84, 74, … (mean 73.54).
const FIFTY: [(usize, usize, usize, usize); 50] = [
    (6, 2, 2, 0),
    (4, 4, 2, 0),
    (4, 2, 2, 2),
    (1, 4, 2, 2),
    (3, 4, 3, 0),
    (2, 4, 2, 2),
    (2, 4, 4, 0),
    (2, 4, 3, 1),
    (4, 3, 1, 1),
    (0, 5, 3, 2),
    (2, 3, 1, 3),
    (4, 3, 2, 1),
    (6, 4, 0, 0),
    (6, 2, 0, 1),
    (2, 5, 2, 1),
    (7, 0, 1, 1),
    (5, 3, 2, 0),
    (1, 6, 3, 0),
    (4, 1, 2, 2),
    (4, 1, 3, 1),
    (5, 4, 1, 0),
    (2, 3, 3, 2),
    (3, 5, 1, 0),
    (4, 3, 0, 2),
    (3, 4, 1, 2),
    (2, 5, 2, 0),
    (4, 2, 2, 2),
    (3, 3, 2, 2),
    (2, 5, 1, 1),
    (1, 5, 0, 3),
    (3, 3, 3, 0),
    (2, 5, 2, 1),
    (2, 6, 1, 0),
    (5, 1, 2, 1),
    (4, 2, 2, 0),
    (2, 5, 2, 0),
    (4, 3, 2, 1),
    (2, 3, 2, 2),
    (2, 6, 1, 1),
    (2, 6, 1, 1),
    (5, 4, 1, 0),
    (0, 6, 2, 2),
    (2, 2, 4, 1),
    (3, 4, 1, 2),
    (2, 5, 2, 1),
    (2, 6, 1, 0),
    (2, 5, 2, 0),
    (2, 4, 3, 1),
    (2, 5, 2, 0),
    (3, 2, 3, 1),
];

/// The questionnaires of [`FIFTY`].
fn fifty() -> Vec<SurveyResponse> {
    FIFTY
        .iter()
        .map(|&(a, b, c, e)| counted(a, b, c, e))
        .collect()
}

/// [`FIFTY`] with its 250 households. Expected values: scipy 1.17.1 / numpy 2.4.6 over those
/// 50 scores, `m = numpy.mean(x)`, `s = numpy.std(x, ddof=1)`,
/// `t = scipy.stats.t.ppf(0.975, 49)`, bounds `m ∓ t * s / numpy.sqrt(50) * numpy.sqrt(1 - 50/250)`
/// — s = 7.4016270, fpc = 0.8944272, t = 2.0095752, se = 0.9362400, bounds 71.6585553 and
/// 75.4214447 — published at `rubrics/satisfaction.toml`'s `[statistics]` places (scale 2,
/// spread 4; rounded by hand). The unrounded arithmetic is checked against scipy to 10⁻⁹ in
/// `satisfaction/interval.rs`.
#[test]
fn index_interval_is_t_with_the_finite_population_correction() {
    let r = shipped("satisfaction.toml");
    let idx = satisfaction_index(&r, &fifty(), Some(250)).unwrap();
    assert_eq!((idx.valid, idx.index), (50, Some(d("73.54"))));
    let i = &idx.interval;
    assert_eq!(
        (i.n, i.population, i.confidence),
        (50, Some(250), d("0.95"))
    );
    assert_eq!((i.std_dev, i.fpc), (Some(d("7.4016")), Some(d("0.8944"))));
    let b = i.bounds.as_ref().unwrap();
    assert_eq!((b.t, b.standard_error), (d("2.0096"), d("0.9362")));
    assert_eq!(
        (b.lower, b.upper, b.mean),
        (d("71.66"), d("75.42"), d("73.54"))
    );
    assert_eq!(b.lower.to_string(), "71.66");
    assert_eq!(i.std_dev.unwrap().to_string(), "7.4016");
}

/// [`FIFTY`] without the households: no correction, and no sample check (scipy as above,
/// without the last factor: lower bound 71.4364809 → 71.44 by hand).
#[test]
fn without_the_households_the_interval_has_no_correction() {
    let r = shipped("satisfaction.toml");
    let open = satisfaction_index(&r, &fifty(), None).unwrap();
    assert_eq!((open.interval.fpc, open.required_sample), (None, None));
    assert_eq!(open.interval.bounds.unwrap().lower, d("71.44"));
}

#[test]
fn index_interval_edge_cases_are_stated_not_nan() {
    let r = shipped("satisfaction.toml");
    let none = satisfaction_index(&r, &[], Some(40)).unwrap();
    assert_eq!(none.index, None);
    assert_eq!(none.interval.missing, Some(NoInterval::NoResponses));
    let one = satisfaction_index(&r, &[counted(3, 4, 3, 0)], None).unwrap();
    assert_eq!(one.index, Some(d("80")));
    assert_eq!(one.interval.missing, Some(NoInterval::SingleResponse));
    assert_eq!(one.interval.bounds, None);
    // Every household answered: no sampling error, a zero-width interval.
    let all = [counted(3, 4, 3, 0), counted(5, 4, 1, 0)];
    let census = satisfaction_index(&r, &all, Some(2)).unwrap();
    let b = census.interval.bounds.unwrap();
    assert_eq!(
        (b.lower.to_string(), b.upper.to_string()),
        ("84.00".into(), "84.00".into())
    );
    // More valid responses than households: the population is wrong, named as such.
    let Err(SatisfactionError::Invalid(errors)) = satisfaction_index(&r, &all, Some(1)) else {
        panic!("more responses than households must be refused")
    };
    assert_eq!(errors[0].field, "households");
}
