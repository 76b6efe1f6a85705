//! Re-checks (复查复核): each reviewer's score per item with a reason, and the combined view
//! with flags for a further reviewer.
//!
//! Each reviewer's entry on an item carries its own version, so reviewers never block one
//! another: only the same reviewer saving from a stale read is refused (409).

mod record;

pub use record::record;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Sight, Standing, load_period, standing};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::review::Recheck;
use crate::domain::rubric::{CombineOutcome, ItemInput, Review, combine};
use crate::service::names::Names;
use crate::service::{AppState, ServiceError, shown_at};
use crate::store;

/// A reviewer's entry for one item.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewEntry {
    /// The method's input as the reviewer found it.
    pub input: ItemInput,
    /// Reason code (证据不足 / 与实际不符 / 超出标准 / 未按时完成 / 其他), required above tolerance.
    #[serde(default)]
    pub reason_code: Option<String>,
    /// Written reason, required above tolerance.
    #[serde(default)]
    pub comment: Option<String>,
    /// The caller's own review of this item, version as last read (0 before their first).
    pub version: i64,
}

/// One reviewer's score as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReviewView {
    pub reviewer_id: String,
    /// The reviewer's name (their token's).
    pub reviewer_name: String,
    pub team_id: String,
    /// The review team's name.
    pub team_name: String,
    pub input: ItemInput,
    pub score: Decimal,
    pub reason_code: Option<String>,
    pub comment: Option<String>,
    /// This review's own version (1 after its first save).
    pub version: i64,
    /// Beijing time with the offset.
    pub updated_at: String,
}

/// One item's self score, reviews and what the rubric's rule makes of them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemReviewView {
    pub code: String,
    /// The item's title in the rubric.
    pub title: String,
    pub max: Decimal,
    pub self_input: Option<ItemInput>,
    pub self_score: Option<Decimal>,
    pub reviews: Vec<ReviewView>,
    /// Final score by the rubric's combination rule (absent while nothing is scored).
    pub combined: Option<CombineOutcome>,
    /// Reviewers disagree beyond tolerance: another reviewer must score it.
    pub needs_another_review: bool,
    /// For a reviewer: the version of their own review of this item (0 before their first),
    /// to send with their next save. Absent for anyone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Every item's self score, reviews and combination (in the rubric's order, reviewers and
/// teams named), with the calling reviewer's own version per item. Units see this once results are on public notice; reviewers and the bureau at
/// any time.
pub async fn items(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<ItemReviewView>, ServiceError> {
    let standing = standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    Sight::of(&standing, ctx.phase).check(Recheck::Review)?;
    let mut items = collect(state, &ctx, unit_id).await?;
    if let Standing::Reviewer { .. } = standing {
        for item in &mut items {
            let own = item.reviews.iter().find(|r| r.reviewer_id == who.token_id);
            item.version = Some(own.map_or(0, |r| r.version));
        }
    }
    Ok(items)
}

/// [`items`] without the access check, for callers that already made it.
pub(super) async fn collect(
    state: &AppState,
    ctx: &super::PeriodContext,
    unit_id: &str,
) -> Result<Vec<ItemReviewView>, ServiceError> {
    let period_id = ctx.period.id.as_str();
    let rubric = ctx.assessment()?;
    let selfs = self_entries(state, period_id, unit_id).await?;
    let mut reviews = reviews_by_item(state, period_id, unit_id).await?;
    let rule = &rubric.combination;
    Ok(assessment::items(rubric)
        .into_iter()
        .map(|item| {
            let code = item.code.clone();
            let rs = reviews.remove(&code).unwrap_or_default();
            // A review confirming a not-applicable claim (or a veto verdict) is no score, and
            // only scores enter the combination.
            let scores: Vec<assessment::ReviewMark> = rs
                .iter()
                .map(|r| assessment::ReviewMark::of(&r.input, r.score))
                .collect();
            let (self_input, self_score) = match selfs.get(&code) {
                Some((input, score)) => (Some(input.clone()), Some(*score)),
                None => (None, None),
            };
            // Until a reviewer scores it, an item fed by the ledger or supervision records (the
            // self entry is at most a claim) or claimed not applicable has no combination: a
            // "暂用自评" line would contradict where its score comes from.
            let claimed = self_input.as_ref().is_some_and(assessment::is_claim);
            let combined = combined(rule, item.max, self_score, &rs)
                .filter(|c| c.reviewed || (item.source.is_none() && !claimed));
            ItemReviewView {
                needs_another_review: assessment::needs_another_review(
                    rule.tolerance,
                    item.max,
                    &scores,
                ),
                title: item.title.clone(),
                max: item.max,
                self_input,
                self_score,
                reviews: rs,
                combined,
                version: None,
                code,
            }
        })
        .collect())
}

/// The unit's self entries by item code.
async fn self_entries(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<BTreeMap<String, (ItemInput, Decimal)>, ServiceError> {
    let Some(a) = store::assessment::self_scores::get(&state.db.pool, period_id, unit_id).await?
    else {
        return Ok(BTreeMap::new());
    };
    Ok(super::self_assessment::stored_items(state, &a.id)
        .await?
        .into_iter()
        .map(|i| (i.code, (i.input, i.score)))
        .collect())
}

/// Every counted review of the unit by item code; a reviewer who has since declared a conflict
/// with the unit no longer counts.
async fn reviews_by_item(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<BTreeMap<String, Vec<ReviewView>>, ServiceError> {
    let conflicted =
        store::assessment::teams::conflicted_reviewers(&state.db.pool, unit_id).await?;
    let rows = store::assessment::reviews::for_unit(&state.db.pool, period_id, unit_id).await?;
    let reviewers: Vec<&str> = rows.iter().map(|r| r.reviewer_id.as_str()).collect();
    let teams: Vec<&str> = rows.iter().map(|r| r.team_id.as_str()).collect();
    let names = Names::of(state, &reviewers, &teams).await?;
    let mut out: BTreeMap<String, Vec<ReviewView>> = BTreeMap::new();
    for r in rows {
        if conflicted.contains(&r.reviewer_id) {
            continue;
        }
        out.entry(r.item_code.clone())
            .or_default()
            .push(ReviewView {
                reviewer_name: names.token(&r.reviewer_id),
                team_name: names.team(&r.team_id),
                reviewer_id: r.reviewer_id,
                team_id: r.team_id,
                input: r.input,
                score: r.score,
                reason_code: r.reason_code.map(|c| c.code().to_owned()),
                comment: r.comment,
                version: r.version,
                updated_at: shown_at(&r.updated_at),
            });
    }
    Ok(out)
}

/// The rubric's combination of a self score and reviews; with no self score the reviews alone
/// (review-overrides semantics) decide.
pub fn combined(
    rule: &crate::domain::rubric::Combination,
    max: Decimal,
    self_score: Option<Decimal>,
    reviews: &[ReviewView],
) -> Option<CombineOutcome> {
    let rs: Vec<Review> = reviews
        .iter()
        .filter(|r| !assessment::is_claim(&r.input))
        .map(|r| Review {
            score: r.score,
            reason: r.comment.clone(),
        })
        .collect();
    match (self_score, rs.is_empty()) {
        (None, true) => None,
        (Some(s), _) => Some(combine(rule, max, s, &rs)),
        (None, false) => {
            let mean = rs.iter().map(|r| r.score).sum::<Decimal>() / Decimal::from(rs.len());
            Some(combine(rule, max, mean, &rs))
        }
    }
}
