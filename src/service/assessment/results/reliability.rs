//! Each review team's reliability: reviewer leniency, ICC(A,1) and ICC(C,1) over the items
//! every reviewer scored, and Krippendorff's α over every item two or more reviewers scored.
//! Computed unrounded, published at the period rubric's `[statistics]` places
//! ([`StatFormat`]); the Koo & Li band reads the unrounded coefficient.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::assessment;
use crate::domain::reliability::{self, Agreement, Icc};
use crate::domain::rubric::statistic::{Stat, StatFormat};
use crate::domain::stats::{StatsError, to_f64};
use crate::service::assessment::load_period;
use crate::service::names::Names;
use crate::service::{AppState, ServiceError};
use crate::store;

/// One reviewer's reliability figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReviewerReliability {
    pub reviewer_id: String,
    /// The reviewer's name.
    pub reviewer_name: String,
    /// Items scored.
    pub items: usize,
    /// Mean deviation from the consensus, in percentage points of the item's maximum
    /// (positive: more lenient than the team): decimal string at the rubric's `[statistics]
    /// scale_places` (default its rounding places, else 2, e.g. "-3.33"); null when no item
    /// of theirs has a consensus.
    pub leniency: Option<Decimal>,
}

/// An intraclass correlation as published, with its Koo & Li band.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct IccFigure {
    /// The coefficient (at most 1; may be negative when reviewers disagree more than chance):
    /// decimal string at the rubric's `[statistics] coefficient_places` (default 4, e.g.
    /// "0.6483").
    pub value: Decimal,
    /// Its band, decided on the unrounded coefficient.
    pub agreement: Agreement,
}

impl IccFigure {
    fn of(icc: Option<Icc>, format: StatFormat) -> Result<Option<IccFigure>, StatsError> {
        icc.map(|i| {
            Ok(IccFigure {
                value: format.show("ICC", Stat::Coefficient, i.value)?,
                agreement: i.agreement,
            })
        })
        .transpose()
    }
}

/// A team's reliability in a period. Scores enter as % of the item's maximum; items worth no
/// points (max 0) have no percentage and are left out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TeamReliability {
    pub team_id: String,
    /// The team's name.
    pub team_name: String,
    pub period_id: String,
    /// The period's name.
    pub period_name: String,
    pub reviewers: Vec<ReviewerReliability>,
    /// ICC(A,1) = ICC(2,1): two-way, absolute agreement, single reviewer, over the items every
    /// reviewer of the team scored; a consistently lenient reviewer lowers it. Koo & Li band
    /// beside it. None: fewer than 2 such items or 2 reviewers, or no variance.
    pub icc_a1: Option<IccFigure>,
    /// ICC(C,1) = ICC(3,1): two-way, consistency, single reviewer, same items; constant
    /// leniency does not lower it. Well above `icc_a1`, the disagreement is mostly leniency.
    pub icc_c1: Option<IccFigure>,
    /// Items that entered the ICCs (scored by every reviewer).
    pub icc_items: usize,
    /// Krippendorff's α, interval metric, over every item scored by at least two reviewers
    /// (missing scores allowed). Krippendorff's own guide: ≥ 0.8 reliable, ≥ 0.667 tentative.
    /// Decimal string at the rubric's `[statistics] coefficient_places` (default 4, e.g.
    /// "0.7330"). None: no such item, or every such score the same.
    pub alpha: Option<Decimal>,
    /// Items that entered α.
    pub alpha_items: usize,
}

/// Reviewer leniency, ICC(A,1), ICC(C,1) and Krippendorff's α for one team in one period.
#[tracing::instrument(skip(state))]
pub async fn reliability(
    state: &AppState,
    period_id: &str,
    team_id: &str,
) -> Result<TeamReliability, ServiceError> {
    let ctx = load_period(state, period_id).await?;
    let rubric = ctx.assessment()?;
    let max: BTreeMap<&str, Decimal> = assessment::items(rubric)
        .into_iter()
        .map(|i| (i.code.as_str(), i.max))
        .collect();
    let mut targets: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for r in store::assessment::reviews::for_team(&state.db.pool, period_id, team_id).await? {
        let what = || {
            format!(
                "review of item {} of unit {} by {}",
                r.item_code, r.unit_id, r.reviewer_id
            )
        };
        let m = *max
            .get(r.item_code.as_str())
            .with_context(|| format!("{}: item not in the period's rubric", what()))?;
        if m.is_zero() {
            continue;
        }
        let score: Decimal = r.score;
        let pct = to_f64("评分百分比", score / m * Decimal::ONE_HUNDRED).with_context(what)?;
        targets
            .entry((r.unit_id, r.item_code))
            .or_default()
            .insert(r.reviewer_id, pct);
    }
    let format = StatFormat::of(ctx.rubric.header());
    let mut out = figures(team_id, &targets, format)
        .with_context(|| format!("reliability of team {team_id} in period {period_id}"))
        .map_err(ServiceError::Internal)?;
    let reviewers: Vec<&str> = out
        .reviewers
        .iter()
        .map(|r| r.reviewer_id.as_str())
        .collect();
    let names = Names::of(state, &reviewers, &[team_id]).await?;
    for r in &mut out.reviewers {
        r.reviewer_name = names.token(&r.reviewer_id);
    }
    out.team_name = names.team(team_id);
    out.period_id = ctx.period.id.clone();
    out.period_name = ctx.period.name.clone();
    Ok(out)
}

/// The figures from `(unit, item) → reviewer → %` scores.
fn figures(
    team_id: &str,
    targets: &BTreeMap<(String, String), BTreeMap<String, f64>>,
    format: StatFormat,
) -> anyhow::Result<TeamReliability> {
    let reviewers: Vec<String> = targets
        .values()
        .flat_map(|m| m.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sparse: Vec<Vec<Option<f64>>> = targets
        .values()
        .map(|m| reviewers.iter().map(|r| m.get(r).copied()).collect())
        .collect();
    let complete: Vec<Vec<f64>> = sparse
        .iter()
        .filter_map(|row| row.iter().copied().collect::<Option<Vec<f64>>>())
        .collect();
    let leniency: Vec<Option<Decimal>> = reliability::leniency(&sparse, reviewers.len())
        .context("leniency")?
        .into_iter()
        .map(|l| l.map(|l| format.show("宽严度", Stat::Scale, l)).transpose())
        .collect::<Result<_, _>>()?;
    let icc_a1 = reliability::icc_a1(&complete).context("ICC(A,1)")?;
    let icc_c1 = reliability::icc_c1(&complete).context("ICC(C,1)")?;
    let alpha = reliability::krippendorff_alpha(&sparse).context("Krippendorff's alpha")?;
    Ok(TeamReliability {
        team_id: team_id.into(),
        team_name: String::new(),
        period_id: String::new(),
        period_name: String::new(),
        reviewers: reviewers
            .iter()
            .zip(leniency)
            .enumerate()
            .map(|(j, (id, l))| ReviewerReliability {
                reviewer_id: id.clone(),
                reviewer_name: String::new(),
                items: sparse.iter().filter(|row| row[j].is_some()).count(),
                leniency: l,
            })
            .collect(),
        icc_a1: IccFigure::of(icc_a1, format)?,
        icc_c1: IccFigure::of(icc_c1, format)?,
        icc_items: complete.len(),
        alpha: alpha
            .map(|a| format.show("Krippendorff α", Stat::Coefficient, a))
            .transpose()?,
        alpha_items: sparse
            .iter()
            .filter(|row| row.iter().flatten().count() >= 2)
            .count(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The domain's "team with gaps" fixture (`domain/reliability/tests.rs`) as stored reviews:
    /// the ICCs see the 6 items all three reviewers scored, α the 9 scored by two or more.
    /// Reference values there: pingouin 0.7.0 and krippendorff 0.9.0 (ICC(A,1) 0.6483318…,
    /// ICC(C,1) 0.7062868…, α 0.7329545…), published at 4 places (rounded by hand) and, with
    /// `coefficient_places = 2`, at 2.
    #[test]
    fn iccs_use_complete_items_and_alpha_every_item_scored_twice() {
        let rows: [[Option<f64>; 3]; 10] = [
            [Some(100.0), Some(100.0), Some(75.0)],
            [Some(75.0), None, Some(75.0)],
            [Some(80.0), Some(70.0), Some(60.0)],
            [Some(50.0), Some(50.0), None],
            [Some(100.0), Some(75.0), Some(100.0)],
            [None, Some(60.0), Some(40.0)],
            [Some(90.0), Some(80.0), Some(80.0)],
            [Some(40.0), None, None],
            [Some(100.0), Some(100.0), Some(100.0)],
            [Some(70.0), Some(50.0), Some(60.0)],
        ];
        let mut targets = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let scores: BTreeMap<String, f64> = row
                .iter()
                .enumerate()
                .filter_map(|(j, s)| Some((format!("r{j}"), (*s)?)))
                .collect();
            targets.insert(("u".to_owned(), format!("{i:02}")), scores);
        }
        let t = figures("team", &targets, StatFormat::default()).unwrap();
        assert_eq!((t.icc_items, t.alpha_items), (6, 9));
        let shown = |d: Option<Decimal>| d.unwrap().to_string();
        assert_eq!(shown(t.icc_a1.map(|i| i.value)), "0.6483");
        assert_eq!(shown(t.icc_c1.map(|i| i.value)), "0.7063");
        assert_eq!(shown(t.alpha), "0.7330");
        let two = StatFormat {
            places: crate::domain::rubric::statistic::StatPlaces {
                coefficient_places: 2,
                ..Default::default()
            },
            ..Default::default()
        };
        let t2 = figures("team", &targets, two).unwrap();
        assert_eq!(shown(t2.icc_a1.map(|i| i.value)), "0.65");
        assert_eq!(shown(t2.alpha), "0.73");
        assert_eq!(
            t.reviewers.iter().map(|r| r.items).collect::<Vec<_>>(),
            [9, 8, 8]
        );
    }
}
