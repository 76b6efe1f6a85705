//! Re-checks (复查复核): each reviewer's score per item with a reason, and the combined view
//! with flags for a further reviewer.
//!
//! Each reviewer's entry on an item carries its own version, so reviewers never block one
//! another: only the same reviewer saving from a stale read is refused (409).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Sight, Standing, load_period, load_period_tx, stale, standing, subject, wrong_phase};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::period::Phase;
use crate::domain::review::{ReasonCode, Recheck, SelfStatus, check_review_reason};
use crate::domain::rubric::{CombineOutcome, ItemInput, Review, combine, score_item};
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::reviews::ReviewRow};

/// A reviewer's entry for one item.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub reviewer_id: String,
    pub team_id: String,
    pub input: ItemInput,
    pub score: Decimal,
    pub reason_code: Option<String>,
    pub comment: Option<String>,
    /// This review's own version (1 after its first save).
    pub version: i64,
    pub updated_at: String,
}

/// One item's self score, reviews and what the rubric's rule makes of them.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReviewView {
    pub code: String,
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

/// Records (or replaces) the caller's review of one item.
#[tracing::instrument(skip(state, who, entry))]
pub async fn record(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    entry: &ReviewEntry,
) -> Result<ItemReviewView, ServiceError> {
    let Standing::Reviewer { team_id } = standing(&state.db, who, period_id, unit_id).await? else {
        return Err(ServiceError::Refused(
            "只有被指派的考核组成员可以复核 (only an assigned reviewer)".into(),
        ));
    };
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.phase != Phase::Review {
        return Err(wrong_phase("复核", ctx.phase));
    }
    let due = store::parse_ts(&ctx.period.review_deadline)?;
    if state.db.clock.now() > due {
        return Err(ServiceError::Conflict(
            crate::domain::period::closed_message("复核", due),
        ));
    }
    let rubric = ctx.assessment()?;
    let field = format!("items.{item_code}");
    let item = assessment::item(rubric, item_code).ok_or_else(|| {
        ServiceError::invalid(
            &field,
            format!("考核标准中没有评分项 {item_code} (unknown item)"),
        )
    })?;
    if assessment::is_supervision_item(item) || assessment::is_criticism_veto(item) {
        return Err(ServiceError::invalid(
            &field,
            "该项由督查督办记录计算，无需复核打分 (computed from supervision items)",
        ));
    }
    let unit = super::member(&mut *tx, period_id, unit_id).await?;
    assessment::check_enabled(&field, item, &ctx.options)?;
    assessment::check_entered_input(&format!("{field}.input"), unit.duty(item), &entry.input)?;
    let submitted = store::assessment::self_scores::find(&mut tx, period_id, unit_id)
        .await?
        .is_some_and(|a| a.status == SelfStatus::Submitted);
    if !submitted {
        return Err(ServiceError::Conflict(
            "该单位尚未提交自评（或已退回补正），暂不能复核 (self-assessment not submitted)".into(),
        ));
    }
    let score = score_item(item, Some(&entry.input))?.score;
    let reason_code = entry
        .reason_code
        .as_deref()
        .map(str::parse::<ReasonCode>)
        .transpose()
        .map_err(|m| ServiceError::invalid(format!("{field}.reason_code"), m))?;
    let comment = text::optional(
        &format!("{field}.comment"),
        entry.comment.as_deref(),
        2000,
        Lines::Multi,
    )?;
    let self_score = self_score_of(&mut tx, period_id, unit_id, item_code).await?;
    check_review_reason(
        item_code,
        item.max,
        rubric.combination.tolerance,
        self_score,
        score,
        reason_code,
        comment.as_deref(),
    )?;

    let at = state.db.clock.stamp();
    let existing =
        store::assessment::reviews::find(&mut tx, period_id, unit_id, item_code, &who.token_id)
            .await?;
    // Only the caller's own entry is versioned against: another reviewer's save is no conflict.
    let current = existing.as_ref().map_or(0, |r| r.version);
    let stale_own = |current| {
        stale(
            &format!("您对评分项 {item_code} 的复核"),
            current,
            entry.version,
        )
    };
    if current != entry.version {
        return Err(stale_own(current));
    }
    let row = ReviewRow {
        id: existing
            .as_ref()
            .map_or_else(|| uuid::Uuid::now_v7().to_string(), |r| r.id.clone()),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        item_code: item_code.into(),
        reviewer_id: who.token_id.clone(),
        team_id,
        input: entry.input.clone(),
        score,
        reason_code: reason_code.map(|r| r.as_str().to_owned()),
        comment,
        version: current + 1,
        created_at: existing
            .as_ref()
            .map_or_else(|| at.clone(), |r| r.created_at.clone()),
        updated_at: at,
    };
    let saved = match &existing {
        // A concurrent first save by the same reviewer loses on the unique key (PostgreSQL;
        // SQLite's write lock serialises the two and the second sees the first).
        None => match store::assessment::reviews::insert(&mut tx, &row).await {
            Err(e) if store::is_unique_violation(&e) => false,
            done => done.map(|()| true)?,
        },
        Some(old) => store::assessment::reviews::update(&mut tx, &row, old.version).await?,
    };
    if !saved {
        return Err(stale_own(current + 1));
    }
    let snap = |r: &ReviewRow| audit::snapshot(&(&r.score, &r.reason_code, &r.comment));
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "review.save",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, Some(item_code)),
            before: existing.as_ref().and_then(snap),
            after: snap(&row),
            reason: row.comment.as_deref(),
        },
    )
    .await?;
    store::rubrics::mark_scored(
        &mut tx,
        &ctx.period.rubric_id,
        ctx.period.rubric_version,
        &row.updated_at,
    )
    .await?;
    tx.commit().await?;
    let all = items(state, who, period_id, unit_id).await?;
    all.into_iter()
        .find(|i| i.code == item_code)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("reviewed item vanished")))
}

async fn self_score_of(
    tx: &mut store::Tx,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
) -> Result<Option<Decimal>, ServiceError> {
    let Some(a) = store::assessment::self_scores::find(tx, period_id, unit_id).await? else {
        return Ok(None);
    };
    let scores = store::assessment::self_scores::scores_tx(tx, &a.id).await?;
    let found = scores.into_iter().find(|s| s.item_code == item_code);
    Ok(found.map(|s| s.score))
}

/// Every item's self score, reviews and combination, with the calling reviewer's own version
/// per item. Units see this once results are on public notice; reviewers and the bureau at
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
    let selfs: BTreeMap<String, (ItemInput, Decimal)> =
        match store::assessment::self_scores::get(&state.db.pool, period_id, unit_id).await? {
            None => BTreeMap::new(),
            Some(a) => super::self_assessment::stored_items(state, &a.id)
                .await?
                .into_iter()
                .map(|i| (i.code, (i.input, i.score)))
                .collect(),
        };
    // A reviewer who has since declared a conflict with the unit no longer counts.
    let conflicted =
        store::assessment::teams::conflicted_reviewers(&state.db.pool, unit_id).await?;
    let mut reviews: BTreeMap<String, Vec<ReviewView>> = BTreeMap::new();
    for r in store::assessment::reviews::for_unit(&state.db.pool, period_id, unit_id)
        .await?
        .into_iter()
        .filter(|r| !conflicted.contains(&r.reviewer_id))
    {
        reviews
            .entry(r.item_code.clone())
            .or_default()
            .push(ReviewView {
                reviewer_id: r.reviewer_id,
                team_id: r.team_id,
                input: r.input,
                score: r.score,
                reason_code: r.reason_code,
                comment: r.comment,
                version: r.version,
                updated_at: r.updated_at,
            });
    }
    let rule = &rubric.combination;
    Ok(assessment::items(rubric)
        .into_iter()
        .map(|item| {
            let code = item.code.clone();
            let rs = reviews.remove(&code).unwrap_or_default();
            // A review confirming a not-applicable claim is no score: `None` here, and it does
            // not enter the combination.
            let scores: Vec<Option<Decimal>> = rs
                .iter()
                .map(|r| (!assessment::is_claim(&r.input)).then_some(r.score))
                .collect();
            let (self_input, self_score) = match selfs.get(&code) {
                Some((input, score)) => (Some(input.clone()), Some(*score)),
                None => (None, None),
            };
            let combined = combined(rule, item.max, self_score, &rs);
            ItemReviewView {
                needs_another_review: assessment::needs_another_review(
                    rule.tolerance,
                    item.max,
                    &scores,
                ),
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
