//! Reviewer reliability: leniency (mean deviation from the consensus), the intraclass
//! correlations ICC(A,1) and ICC(C,1), and Krippendorff's α with the interval metric.
//!
//! - [`icc_a1`] — ICC(A,1) = Shrout & Fleiss's ICC(2,1): two-way, absolute agreement, single
//!   rater. A reviewer who is systematically more lenient counts as disagreeing.
//! - [`icc_c1`] — ICC(C,1) = ICC(3,1): two-way, consistency, single rater. Constant leniency
//!   does not count; the gap between the two ICCs is the share of disagreement that is
//!   leniency (McGraw & Wong 1996 name them A and C).
//! - [`krippendorff_alpha`] — α over every item, including items not every reviewer scored,
//!   which the ICCs (complete items only) leave out.
//!
//! Both ICCs carry the Koo & Li (2016) bands ([`Agreement`]). Statistics use `f64` (DESIGN:
//! points are exact, statistics need not be); a non-finite input or result is a
//! [`StatsError`], never a number.

mod alpha;
mod icc;

use serde::{Deserialize, Serialize};

pub use alpha::krippendorff_alpha;
pub use icc::{icc_a1, icc_c1};

use crate::domain::labelled::labelled_enum;
use crate::domain::stats::{StatsError, finite};

labelled_enum!(
    /// How much to trust an ICC value: the bands of Koo & Li (2016), *J Chiropr Med* 15(2).
    Agreement, "信度等级" {
        /// ICC < 0.5
        Poor = ("poor", "差"),
        /// 0.5 ≤ ICC < 0.75
        Moderate = ("moderate", "中等"),
        /// 0.75 ≤ ICC ≤ 0.9
        Good = ("good", "良好"),
        /// ICC > 0.9
        Excellent = ("excellent", "优秀"),
    }
);

impl Agreement {
    /// The band an ICC value falls in; a NaN or infinite value has none.
    pub fn of(icc: f64) -> Result<Self, StatsError> {
        let icc = finite("ICC", icc)?;
        Ok(if icc < 0.5 {
            Self::Poor
        } else if icc < 0.75 {
            Self::Moderate
        } else if icc <= 0.9 {
            Self::Good
        } else {
            Self::Excellent
        })
    }
}

/// An intraclass correlation with its Koo & Li band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Icc {
    /// The coefficient (at most 1; may be negative when reviewers disagree more than chance).
    pub value: f64,
    /// Its band.
    pub agreement: Agreement,
}

impl Icc {
    /// Bands a finite value.
    pub fn new(value: f64) -> Result<Self, StatsError> {
        Ok(Self {
            value,
            agreement: Agreement::of(value)?,
        })
    }
}

/// Each rater's leniency: the mean of (their score − the consensus of the others and them)
/// over the targets they scored, where the consensus is the target's mean score. Positive
/// means more lenient than the team. A target scored by one rater has no consensus.
pub fn leniency(
    scores: &[Vec<Option<f64>>],
    raters: usize,
) -> Result<Vec<Option<f64>>, StatsError> {
    for x in scores.iter().flatten().flatten() {
        finite("评分", *x)?;
    }
    let consensus: Vec<Option<f64>> = scores
        .iter()
        .map(|row| {
            let given: Vec<f64> = row.iter().flatten().copied().collect();
            (given.len() >= 2).then(|| given.iter().sum::<f64>() / given.len() as f64)
        })
        .collect();
    Ok((0..raters)
        .map(|j| {
            let deviations: Vec<f64> = scores
                .iter()
                .zip(&consensus)
                .filter_map(|(row, c)| Some(row.get(j).copied().flatten()? - (*c)?))
                .collect();
            (!deviations.is_empty())
                .then(|| deviations.iter().sum::<f64>() / deviations.len() as f64)
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
