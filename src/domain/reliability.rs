//! Reviewer reliability: leniency (mean deviation from the consensus) and ICC(2,1).
//!
//! ICC(2,1) is the two-way random-effects, absolute-agreement, single-rater intraclass
//! correlation of Shrout & Fleiss (1979): every reviewer scored every item; reviewers are a
//! sample of possible reviewers; systematic leniency counts as disagreement. Statistics use
//! `f64` (DESIGN: points are exact, statistics need not be).

use serde::Serialize;

/// How much to trust an ICC value (Koo & Li 2016 bands, as in DESIGN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Agreement {
    /// ICC < 0.5
    Poor,
    /// 0.5 ≤ ICC < 0.75
    Moderate,
    /// 0.75 ≤ ICC ≤ 0.9
    Good,
    /// ICC > 0.9
    Excellent,
}

impl Agreement {
    /// The band an ICC value falls in.
    pub fn of(icc: f64) -> Self {
        if icc < 0.5 {
            Self::Poor
        } else if icc < 0.75 {
            Self::Moderate
        } else if icc <= 0.9 {
            Self::Good
        } else {
            Self::Excellent
        }
    }
}

/// ICC(2,1) for a complete `targets × raters` matrix (`scores[i][j]` = rater j on target i).
/// `None` when there are fewer than 2 targets or 2 raters, rows are ragged, or the
/// denominator is zero (no variance at all).
pub fn icc_2_1(scores: &[Vec<f64>]) -> Option<f64> {
    let n = scores.len();
    let k = scores.first()?.len();
    if n < 2 || k < 2 || scores.iter().any(|row| row.len() != k) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = scores.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = scores.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| scores.iter().map(|r| r[j]).sum::<f64>() / nf)
        .collect();
    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_total = scores
        .iter()
        .flatten()
        .map(|x| (x - grand).powi(2))
        .sum::<f64>();
    let ss_error = ss_total - ss_rows - ss_cols;
    let bms = ss_rows / (nf - 1.0);
    let jms = ss_cols / (kf - 1.0);
    let ems = ss_error / ((nf - 1.0) * (kf - 1.0));
    let denominator = bms + (kf - 1.0) * ems + kf * (jms - ems) / nf;
    (denominator.abs() > f64::EPSILON).then(|| (bms - ems) / denominator)
}

/// Each rater's leniency: the mean of (their score − the consensus of the others and them)
/// over the targets they scored, where the consensus is the target's mean score. Positive
/// means more lenient than the team.
pub fn leniency(scores: &[Vec<Option<f64>>], raters: usize) -> Vec<Option<f64>> {
    let consensus: Vec<Option<f64>> = scores
        .iter()
        .map(|row| {
            let given: Vec<f64> = row.iter().flatten().copied().collect();
            (given.len() >= 2).then(|| given.iter().sum::<f64>() / given.len() as f64)
        })
        .collect();
    (0..raters)
        .map(|j| {
            let deviations: Vec<f64> = scores
                .iter()
                .zip(&consensus)
                .filter_map(|(row, c)| Some(row.get(j).copied().flatten()? - (*c)?))
                .collect();
            (!deviations.is_empty())
                .then(|| deviations.iter().sum::<f64>() / deviations.len() as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; ICC(2,1) = 0.29.
    fn shrout_fleiss() -> Vec<Vec<f64>> {
        vec![
            vec![9.0, 2.0, 5.0, 8.0],
            vec![6.0, 1.0, 3.0, 2.0],
            vec![8.0, 4.0, 6.0, 8.0],
            vec![7.0, 1.0, 2.0, 6.0],
            vec![10.0, 5.0, 6.0, 9.0],
            vec![6.0, 2.0, 4.0, 7.0],
        ]
    }

    #[test]
    fn matches_shrout_and_fleiss() {
        let icc = icc_2_1(&shrout_fleiss()).unwrap();
        assert!((icc - 0.2898).abs() < 1e-3, "{icc}");
        assert_eq!(Agreement::of(icc), Agreement::Poor);
    }

    #[test]
    fn perfect_agreement_is_one() {
        let m = vec![vec![1.0, 1.0], vec![5.0, 5.0], vec![3.0, 3.0]];
        assert!((icc_2_1(&m).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn constant_leniency_lowers_absolute_agreement() {
        let m = vec![vec![1.0, 3.0], vec![5.0, 7.0], vec![3.0, 5.0]];
        let icc = icc_2_1(&m).unwrap();
        assert!(icc < 1.0 && icc > 0.5, "{icc}");
    }

    #[test]
    fn degenerate_inputs_give_none() {
        assert_eq!(icc_2_1(&[vec![1.0, 2.0]]), None);
        assert_eq!(icc_2_1(&[vec![1.0], vec![2.0]]), None);
        assert_eq!(icc_2_1(&[vec![1.0, 2.0], vec![2.0]]), None);
        assert_eq!(icc_2_1(&[vec![4.0, 4.0], vec![4.0, 4.0]]), None);
    }

    #[test]
    fn leniency_is_mean_deviation_from_the_consensus() {
        // Consensus per target: 5, 7. Rater 0: +1, +1 → 1; rater 1: −1, −1 → −1.
        let m = vec![vec![Some(6.0), Some(4.0)], vec![Some(8.0), Some(6.0)]];
        assert_eq!(leniency(&m, 2), vec![Some(1.0), Some(-1.0)]);
        // A target scored by one rater has no consensus and is skipped.
        let m = vec![vec![Some(6.0), None]];
        assert_eq!(leniency(&m, 2), vec![None, None]);
    }
}
