//! Recording one reviewer's re-check of one item: who may, when, what the entry must carry
//! (the method's input; a reason past the tolerance), and the versioned save with its audit
//! entry.

use rust_decimal::Decimal;

use super::{ItemReviewView, ReviewEntry, items};
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::review::{ReasonCode, SelfStatus, check_review_reason};
use crate::domain::rubric::model::Item;
use crate::domain::rubric::score_item;
use crate::domain::text::{self, Lines};
use crate::service::assessment::{
    PeriodContext, Standing, load_period_tx, member, stale, standing, subject,
};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx, assessment::reviews::ReviewRow};

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
    let due = store::parse_ts(&ctx.period.review_deadline)?;
    crate::domain::workflow::review_open(ctx.phase, due, state.db.clock.now())?;
    let item = checked_item(&mut tx, &ctx, unit_id, item_code, entry).await?;
    let checked = checked_entry(&mut tx, &ctx, unit_id, item, entry).await?;
    let target = Target {
        period_id,
        unit_id,
        item_code,
        team_id,
    };
    let (old, row) = save(state, &mut tx, who, &target, entry, checked).await?;
    let snap =
        |r: &ReviewRow| audit::snapshot(&(&r.score, r.reason_code.map(|c| c.code()), &r.comment));
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "review.save",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, Some(item_code)),
            before: old.as_ref().map(snap).transpose()?,
            after: Some(snap(&row)?),
            reason: row.comment.as_deref(),
        },
    )
    .await?;
    let (rubric_id, version) = (&ctx.period.rubric_id, ctx.period.rubric_version);
    store::rubrics::mark_scored(&mut tx, rubric_id, version, &row.updated_at).await?;
    tx.commit().await?;
    items(state, who, period_id, unit_id)
        .await?
        .into_iter()
        .find(|i| i.code == item_code)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("reviewed item vanished")))
}

/// The item, if the rubric has it and the entry fits the unit's duty and the period's rules,
/// and the unit has submitted (reviews wait for the submission).
async fn checked_item<'a>(
    tx: &mut Tx,
    ctx: &'a PeriodContext,
    unit_id: &str,
    item_code: &str,
    entry: &ReviewEntry,
) -> Result<&'a Item, ServiceError> {
    let field = format!("items.{item_code}");
    let item = assessment::item(ctx.assessment()?, item_code).ok_or_else(|| {
        ServiceError::invalid(
            &field,
            format!("考核标准中没有评分项 {item_code} (unknown item)"),
        )
    })?;
    let unit = member(&mut **tx, &ctx.period.id, unit_id).await?;
    let rule = assessment::Entry {
        item,
        duty: unit.duty(item),
        options: &ctx.options,
        by_reviewer: true,
    };
    assessment::check_entry(&field, rule, &entry.input)?;
    let submitted = store::assessment::self_scores::find(tx, &ctx.period.id, unit_id)
        .await?
        .is_some_and(|a| a.status == SelfStatus::Submitted);
    if !submitted {
        return Err(ServiceError::Conflict(
            "该单位尚未提交自评（或已退回补正），暂不能复核 (self-assessment not submitted)".into(),
        ));
    }
    Ok(item)
}

/// What a checked entry will store.
struct Checked {
    score: Decimal,
    reason_code: Option<ReasonCode>,
    comment: Option<String>,
}

/// Scores the entry and checks its reason against the self score: a claim only confirms the
/// unit's own; past the rubric's tolerance a reason code and a comment are required.
async fn checked_entry(
    tx: &mut Tx,
    ctx: &PeriodContext,
    unit_id: &str,
    item: &Item,
    entry: &ReviewEntry,
) -> Result<Checked, ServiceError> {
    let field = format!("items.{}", item.code);
    let score = score_item(item, Some(&entry.input))?.score;
    let reason_code = entry
        .reason_code
        .as_deref()
        .map(|r| ReasonCode::parse(&format!("{field}.reason_code"), r))
        .transpose()?;
    let comment = text::optional(
        &format!("{field}.comment"),
        entry.comment.as_deref(),
        2000,
        Lines::Multi,
    )?;
    let (self_score, claimed) = self_entry(tx, &ctx.period.id, unit_id, &item.code).await?;
    // A reviewer confirms a unit's claim; they do not raise one the unit never made.
    if assessment::is_claim(&entry.input) && !claimed {
        return Err(ServiceError::invalid(
            format!("{field}.input"),
            "单位未申报该项不适用，复核人员不能改为不适用，请按计分方法评分 (only a unit's claim can be confirmed)",
        ));
    }
    let tolerance = ctx.assessment()?.combination.tolerance;
    check_review_reason(
        &item.code,
        item.max,
        tolerance,
        self_score,
        score,
        reason_code,
        comment.as_deref(),
    )?;
    Ok(Checked {
        score,
        reason_code,
        comment,
    })
}

/// The unit's self entry for one item: its score and whether it claims the item does not
/// apply.
async fn self_entry(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
) -> Result<(Option<Decimal>, bool), ServiceError> {
    let Some(a) = store::assessment::self_scores::find(tx, period_id, unit_id).await? else {
        return Ok((None, false));
    };
    let scores = store::assessment::self_scores::scores_tx(tx, &a.id).await?;
    let Some(found) = scores.into_iter().find(|s| s.item_code == item_code) else {
        return Ok((None, false));
    };
    Ok((Some(found.score), assessment::is_claim(&found.input)))
}

/// Which review is written.
struct Target<'a> {
    period_id: &'a str,
    unit_id: &'a str,
    item_code: &'a str,
    team_id: String,
}

/// Writes the caller's review against the version they last read (only their own entry is
/// versioned: another reviewer's save is no conflict). Returns the old row and the new one.
async fn save(
    state: &AppState,
    tx: &mut Tx,
    who: &Principal,
    t: &Target<'_>,
    entry: &ReviewEntry,
    c: Checked,
) -> Result<(Option<ReviewRow>, ReviewRow), ServiceError> {
    let existing =
        store::assessment::reviews::find(tx, t.period_id, t.unit_id, t.item_code, &who.token_id)
            .await?;
    let current = existing.as_ref().map_or(0, |r| r.version);
    let stale_own = |current| {
        let what = format!("您对评分项 {} 的复核", t.item_code);
        stale(&what, current, entry.version)
    };
    if current != entry.version {
        return Err(stale_own(current));
    }
    let at = state.db.clock.stamp();
    let row = ReviewRow {
        id: existing
            .as_ref()
            .map_or_else(crate::service::new_id, |r| r.id.clone()),
        period_id: t.period_id.into(),
        unit_id: t.unit_id.into(),
        item_code: t.item_code.into(),
        reviewer_id: who.token_id.clone(),
        team_id: t.team_id.clone(),
        input: entry.input.clone(),
        score: c.score,
        reason_code: c.reason_code,
        comment: c.comment,
        version: current + 1,
        created_at: existing
            .as_ref()
            .map_or_else(|| at.clone(), |r| r.created_at.clone()),
        updated_at: at,
    };
    let saved = match &existing {
        // A concurrent first save by the same reviewer loses on the unique key (PostgreSQL;
        // SQLite's write lock serialises the two and the second sees the first).
        None => match store::assessment::reviews::insert(tx, &row).await {
            Err(e) if store::is_unique_violation(&e) => false,
            done => done.map(|()| true)?,
        },
        Some(old) => store::assessment::reviews::update(tx, &row, old.version).await?,
    };
    if !saved {
        return Err(stale_own(current + 1));
    }
    Ok((existing, row))
}
