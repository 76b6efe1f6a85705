//! Closed satisfaction rounds with answers for the credit benchmark. The rounds are opened
//! through the survey service (projects, households, required samples, audit); the answers are
//! stored as what the ingest writer keeps of them and all a rating reads — each project's
//! sufficient statistics, every questionnaire's contribution computed by the same
//! `contributions` the writer uses — not as response rows, which no rating reads.

use kaoping::domain::rubric::SurveyResponse;
use kaoping::domain::survey::aggregate::{Contribution, Stats, accumulate, contributions};
use kaoping::service::survey::rounds::{NewRound, create};
use kaoping::service::{AppState, operator};
use kaoping::store::credit::ServedRow;
use kaoping::store::survey::rounds::RoundProjectRow;
use kaoping::store::survey::stats::{StatRow, add_tx};

const QS: [&str; 10] = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2"];
/// Answers leaning to 满意, as a real round's do.
const LABELS: [&str; 5] = ["非常满意", "满意", "满意", "一般", "不满意"];

/// What was seeded.
#[derive(Debug, Default)]
pub struct Surveyed {
    pub rounds: usize,
    pub round_projects: usize,
    pub responses: u64,
    pub invalid: u64,
}

/// Fifteen varied valid questionnaires (never one answer to all) and one straight-lined,
/// invalid one, each with its contribution.
fn patterns(state: &AppState) -> (Vec<Contribution>, Contribution) {
    let rubric = state
        .rubrics
        .get("satisfaction", 1)
        .expect("satisfaction v1");
    let spec = kaoping::service::survey::spec_of(&rubric).unwrap();
    let response = |label: &dyn Fn(usize) -> &'static str| SurveyResponse {
        answers: QS
            .iter()
            .enumerate()
            .map(|(q, code)| ((*code).to_owned(), label(q).to_owned()))
            .collect(),
        seconds: Some(300),
        unverified_start: false,
    };
    let valid = (0..15)
        .map(|t| {
            let r = response(&|q| LABELS[(t + q * (t % 3 + 1)) % 5]);
            let c = contributions(spec, &r).unwrap();
            assert!(c.0.is_ok(), "pattern {t} must be valid");
            c
        })
        .collect();
    let invalid = contributions(spec, &response(&|_| "满意")).unwrap();
    assert!(invalid.0.is_err(), "a straight-lined sheet is invalid");
    (valid, invalid)
}

/// A round of `projects` open `opens`–`closes` (Beijing days), answered: each project gets its
/// required sample plus a few, except every tenth, five short (its index stays provisional and
/// does not count), and one to three invalid sheets.
async fn round(
    state: &AppState,
    name: &str,
    window: (&str, &str),
    projects: Vec<String>,
    seeded: &mut Surveyed,
) {
    let input = NewRound {
        name: name.into(),
        rubric_id: "satisfaction".into(),
        rubric_version: 1,
        opens_at: window.0.into(),
        closes_at: window.1.into(),
        project_ids: projects,
        ..Default::default()
    };
    let view = create(state, &operator(), &input).await.unwrap();
    let (valid, invalid) = patterns(state);
    let mut rows = Vec::new();
    for (j, rp) in view.projects.iter().enumerate() {
        let required = u64::try_from(rp.required).unwrap();
        let answered = if j % 10 == 3 {
            required.saturating_sub(5)
        } else {
            required + (j % 7) as u64
        };
        let mut stats = Stats::new();
        for t in 0..answered {
            accumulate(&mut stats, &valid[(j + t as usize) % valid.len()].1);
        }
        let bad = 1 + (j % 3) as u64;
        for _ in 0..bad {
            accumulate(&mut stats, &invalid.1);
        }
        seeded.responses += answered + bad;
        seeded.invalid += bad;
        rows.extend(stat_rows(rp, stats));
    }
    let mut tx = state.db.begin().await.unwrap();
    add_tx(&mut tx, &rows).await.unwrap();
    tx.commit().await.unwrap();
    seeded.rounds += 1;
    seeded.round_projects += view.projects.len();
}

fn stat_rows(rp: &RoundProjectRow, stats: Stats) -> impl Iterator<Item = StatRow> + '_ {
    stats.into_iter().map(|(stat, moments)| StatRow {
        round_id: rp.round_id.clone(),
        project_id: rp.project_id.clone(),
        stat,
        moments,
    })
}

/// Two closed 2023 rounds over every `every`-th project (by id): the first half-year's over
/// all of them, the second half-year's over every other one (its index is the one that
/// counts for them on 2023-12-31).
pub async fn seed(state: &AppState, served: &[ServedRow], every: usize) -> Surveyed {
    let mut ids: Vec<String> = served.iter().map(|s| s.project_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let chosen: Vec<String> = ids.into_iter().step_by(every.max(1)).collect();
    let later: Vec<String> = chosen.iter().skip(1).step_by(2).cloned().collect();
    let mut seeded = Surveyed::default();
    let first = ("2023-05-01", "2023-06-30");
    round(state, "2023年上半年满意度调查", first, chosen, &mut seeded).await;
    let second = ("2023-10-08", "2023-11-30");
    round(state, "2023年下半年满意度调查", second, later, &mut seeded).await;
    seeded
}
