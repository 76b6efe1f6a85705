//! Krippendorff's α with the interval metric, for any number of raters and missing scores.

use crate::domain::stats::{StatsError, finite};

/// Krippendorff's α (interval metric) of `units[u][j]`, rater j's score of unit u (`None`:
/// not scored). Krippendorff (2011), *Computing Krippendorff's Alpha-Reliability*
/// (Annenberg School for Communication, University of Pennsylvania):
///
/// α = 1 − D_o / D_e, over the n *pairable* values (those in units with at least two scores;
/// a unit scored once is left out), with δ²(a, b) = (a − b)²,
///
/// D_o = 1/n · Σ_u 1/(m_u − 1) · Σ_{i≠i′} δ²(v_ui, v_ui′)  (m_u scores in unit u),
/// D_e = 1/(n(n − 1)) · Σ_{j≠j′} δ²(v_j, v_j′)  (all pairs of pairable values).
///
/// These are the paper's coincidence-matrix sums, Σ o_ck δ²_ck and Σ n_c n_k δ²_ck, grouped by
/// value instead of by value pair. Since Σ_{i≠i′} (v_i − v_i′)² = 2m Σ_i (v_i − v̄)², both reduce
/// to sums of squares, computed in one pass each:
///
/// α = 1 − (n − 1) · Σ_u m_u·SS_u/(m_u − 1) / (n · SS).
///
/// `Ok(None)` when no unit has two scores or every pairable value is the same (α is then
/// undefined: there is no variation to agree on); a non-finite score is an error.
pub fn krippendorff_alpha(units: &[Vec<Option<f64>>]) -> Result<Option<f64>, StatsError> {
    let mut pairable = Vec::new();
    let mut within = 0.0;
    for unit in units {
        let values: Vec<f64> = unit.iter().flatten().copied().collect();
        for v in &values {
            finite("评分", *v)?;
        }
        if values.len() < 2 {
            continue;
        }
        let m = values.len() as f64;
        within += m * sum_of_squares(&values) / (m - 1.0);
        pairable.extend(values);
    }
    let Some(first) = pairable.first().copied() else {
        return Ok(None);
    };
    if pairable.iter().all(|v| *v == first) {
        return Ok(None);
    }
    let n = pairable.len() as f64;
    let alpha = 1.0 - (n - 1.0) * within / (n * sum_of_squares(&pairable));
    finite("Krippendorff α", alpha).map(Some)
}

/// Σ (v − v̄)².
fn sum_of_squares(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum()
}
