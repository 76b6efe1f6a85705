//! Intraclass correlations of a complete `targets × raters` matrix from the two-way ANOVA
//! (Shrout & Fleiss 1979; McGraw & Wong 1996).

use super::Icc;
use crate::domain::stats::{StatsError, finite};

/// Mean squares of the two-way ANOVA without replication.
struct MeanSquares {
    /// Targets (n) and raters (k).
    n: f64,
    k: f64,
    /// Between targets (BMS), between raters (JMS), residual (EMS), and the total mean square
    /// (the scale below which a denominator counts as zero).
    bms: f64,
    jms: f64,
    ems: f64,
    total: f64,
}

/// ICC(A,1) = ICC(2,1): two-way, absolute agreement, single rater,
/// (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n).
///
/// `scores[i][j]` is rater j's score of target i; every rater scored every target. `Ok(None)`
/// when there are fewer than 2 targets or raters, no variance at all, or a zero denominator;
/// ragged rows or a non-finite score are errors.
pub fn icc_a1(scores: &[Vec<f64>]) -> Result<Option<Icc>, StatsError> {
    let Some(m) = two_way(scores)? else {
        return Ok(None);
    };
    let denominator = m.bms + (m.k - 1.0) * m.ems + m.k * (m.jms - m.ems) / m.n;
    ratio(m.bms - m.ems, denominator, m.total)
}

/// ICC(C,1) = ICC(3,1): two-way, consistency, single rater,
/// (BMS − EMS) / (BMS + (k − 1)·EMS). Same inputs and `None` cases as [`icc_a1`].
pub fn icc_c1(scores: &[Vec<f64>]) -> Result<Option<Icc>, StatsError> {
    let Some(m) = two_way(scores)? else {
        return Ok(None);
    };
    ratio(m.bms - m.ems, m.bms + (m.k - 1.0) * m.ems, m.total)
}

/// `numerator / denominator` banded, or None when the denominator is zero relative to the
/// data's scale (rounding leaves ~1e-15 where the exact value is 0).
fn ratio(numerator: f64, denominator: f64, scale: f64) -> Result<Option<Icc>, StatsError> {
    if denominator.abs() <= 1e-12 * scale {
        return Ok(None);
    }
    Icc::new(finite("ICC", numerator / denominator)?).map(Some)
}

fn two_way(scores: &[Vec<f64>]) -> Result<Option<MeanSquares>, StatsError> {
    let Some(k) = scores.first().map(Vec::len) else {
        return Ok(None);
    };
    if scores.iter().any(|row| row.len() != k) {
        return Err(StatsError::Ragged {
            what: "评分矩阵"
        });
    }
    for x in scores.iter().flatten() {
        finite("评分", *x)?;
    }
    let n = scores.len();
    let first = scores[0].first().copied();
    if n < 2 || k < 2 || scores.iter().flatten().all(|x| Some(*x) == first) {
        return Ok(None);
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = scores.iter().flatten().sum::<f64>() / (nf * kf);
    let rows: Vec<f64> = scores.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| scores.iter().map(|r| r[j]).sum::<f64>() / nf)
        .collect();
    let ss_rows = kf * rows.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * cols.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    // The residual summed directly (not as total − rows − cols), so it is never negative and
    // is exactly 0 when the raters differ only by constants.
    let ss_error: f64 = scores
        .iter()
        .zip(&rows)
        .flat_map(|(r, rm)| r.iter().zip(&cols).map(move |(x, cm)| x - rm - cm + grand))
        .map(|e| e * e)
        .sum();
    let ss_total: f64 = scores.iter().flatten().map(|x| (x - grand).powi(2)).sum();
    Ok(Some(MeanSquares {
        n: nf,
        k: kf,
        bms: ss_rows / (nf - 1.0),
        jms: ss_cols / (kf - 1.0),
        ems: ss_error / ((nf - 1.0) * (kf - 1.0)),
        total: ss_total / (nf * kf - 1.0),
    }))
}
