//! Published snapshots (成果快照): the bureau publishes a period's results as they compute now,
//! as an immutable numbered record with the rubrics' and the inputs' hashes. Publishing again
//! with unchanged inputs would give the same bytes, so it is refused; a changed result is
//! published as the next number with a stated reason and its differences from the previous
//! one — never an edit. Each snapshot opens a public notice (公示) window.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::diff::{Difference, diff};
use super::{PeriodResults, RubricRef, compute_results};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::period::{self, Phase};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, new_id, shown_at};
use crate::store::results::{self as store, SnapshotRow};

/// What the bureau gives when publishing.
#[derive(Debug, Clone, Default)]
pub struct NewSnapshot {
    /// Why it is published again (required after the first).
    pub reason: Option<String>,
    /// First day of the notice (default today, Beijing).
    pub notice_from: Option<Date>,
    /// Working days of notice (default the rubric's `[grading] notice_days`, else the
    /// period's notice length).
    pub notice_days: Option<u32>,
}

/// A published snapshot.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SnapshotView {
    /// The snapshot's id.
    pub id: String,
    /// The period.
    pub period_id: String,
    /// 1, 2, … within the period.
    pub number: i64,
    /// The rubrics used, with their SHA-256.
    pub rubrics: Vec<RubricRef>,
    /// SHA-256 of every input.
    pub inputs_hash: String,
    /// SHA-256 of the published content (the JSON of `content`, byte for byte as stored).
    pub content_hash: String,
    /// Why it was published again (absent for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The content hash of the snapshot it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_hash: Option<String>,
    /// Its differences from the previous snapshot (absent for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<Difference>>,
    /// First day of the public notice (Beijing).
    pub notice_from: Date,
    /// Last day of the public notice (Beijing).
    pub notice_to: Date,
    /// Who published it.
    pub published_by: String,
    /// When, Beijing time with the offset.
    pub published_at: String,
    /// The published results (absent in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<PeriodResults>,
}

/// The period's results as they compute now, with the hash a snapshot of them would carry.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CurrentResults {
    /// SHA-256 of the results' JSON: equal to a snapshot's `content_hash` exactly when
    /// publishing now would give the same bytes.
    pub content_hash: String,
    /// The results.
    pub results: PeriodResults,
}

/// The results computed now, with their content hash.
pub async fn current(state: &AppState, period_id: &str) -> Result<CurrentResults, ServiceError> {
    let results = compute_results(state, period_id).await?.results;
    let (_, content_hash) = content(&results)?;
    Ok(CurrentResults {
        content_hash,
        results,
    })
}

/// The canonical bytes of the results and their SHA-256.
fn content(r: &PeriodResults) -> Result<(String, String), ServiceError> {
    let json = serde_json::to_string(r).map_err(anyhow::Error::from)?;
    let hash = hex::encode(Sha256::digest(json.as_bytes()));
    Ok((json, hash))
}

/// Publishes the period's results as its next snapshot; see the module docs.
#[tracing::instrument(skip(state, who))]
pub async fn publish(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    input: NewSnapshot,
) -> Result<SnapshotView, ServiceError> {
    let ctx = crate::service::assessment::load_period(state, period_id).await?;
    if !matches!(ctx.phase, Phase::Appeal | Phase::Final) {
        return Err(ServiceError::Conflict(format!(
            "考核周期处于{}阶段，公示开始后才能发布考核结果 (results are published from the notice on)",
            ctx.phase.label()
        )));
    }
    let (from, to) = window(state, &ctx, &input)?;
    let results = compute_results(state, period_id).await?.results;
    let (json, content_hash) = content(&results)?;
    let mut tx = state.db.begin().await?;
    let previous = store::latest(&mut tx, period_id).await?;
    let (number, reason, diff) = follow(previous.as_ref(), &content_hash, &results, input.reason)?;
    let row = SnapshotRow {
        id: new_id(),
        period_id: period_id.to_owned(),
        number,
        rubrics_json: serde_json::to_string(&results.rubrics).map_err(anyhow::Error::from)?,
        inputs_hash: results.inputs_hash.clone(),
        content_json: json,
        content_hash,
        reason,
        previous_hash: previous.map(|p| p.content_hash),
        diff_json: diff
            .map(|d| serde_json::to_string(&d))
            .transpose()
            .map_err(anyhow::Error::from)?,
        notice_from: from,
        notice_to: to,
        published_by: who.name.clone(),
        published_at: state.db.clock.stamp(),
    };
    crate::store::insert(&mut tx, &row).await.map_err(|e| {
        if crate::store::is_unique_violation(&e) {
            ServiceError::Conflict("同时有另一次发布，请刷新后重试 (published meanwhile)".into())
        } else {
            e.into()
        }
    })?;
    let view = view(row, false)?;
    let change = Change {
        action: "result_snapshot.publish",
        subject_type: "result_snapshot",
        subject_id: &view.id,
        before: None,
        after: Some(audit::snapshot(&SnapshotView {
            content: None,
            ..view.clone()
        })?),
        reason: view.reason.as_deref(),
    };
    audit::append(&mut tx, &state.db.clock, &Actor::from(who), change).await?;
    tx.commit().await?;
    Ok(SnapshotView {
        content: Some(results),
        ..view
    })
}

/// A new snapshot's number, reason and differences from the previous one.
type Following = (i64, Option<String>, Option<Vec<Difference>>);

/// The number, reason and differences of the snapshot following `previous`: refused when
/// nothing changed, or when a reason is missing for a second snapshot.
fn follow(
    previous: Option<&SnapshotRow>,
    hash: &str,
    results: &PeriodResults,
    reason: Option<String>,
) -> Result<Following, ServiceError> {
    let Some(p) = previous else {
        return Ok((1, reason, None));
    };
    if p.content_hash == hash {
        return Err(ServiceError::Conflict(format!(
            "考核结果与第 {} 号快照完全相同（输入未变），无需再次发布 (unchanged)",
            p.number
        )));
    }
    let Some(reason) = reason else {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "reason",
            format!(
                "已发布第 {} 号快照，再次发布须说明原因 (a new snapshot states why)",
                p.number
            ),
        )]));
    };
    let old: PeriodResults = serde_json::from_str(&p.content_json)
        .map_err(|e| anyhow::anyhow!("stored snapshot {}: {e}", p.id))?;
    Ok((p.number + 1, Some(reason), Some(diff(&old, results))))
}

/// The notice window: from the given day (not before today) for the given, the rubric's or
/// the period's number of working days.
fn window(
    state: &AppState,
    ctx: &crate::service::assessment::PeriodContext,
    input: &NewSnapshot,
) -> Result<(Date, Date), ServiceError> {
    let today = state.db.clock.today();
    let from = input.notice_from.unwrap_or(today);
    if from < today {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "notice_from",
            format!(
                "公示开始日期 {from} 不能早于今天 {today} (the notice cannot start in the past)"
            ),
        )]));
    }
    let rubric_days = ctx.assessment()?.grading.notice_days;
    let days = input
        .notice_days
        .or(rubric_days)
        .unwrap_or(ctx.period.notice_days);
    period::check_notice_days(days)?;
    Ok((from, state.calendar.add_working_days(from, days)?))
}

/// A stored snapshot as shown; `with_content` adds the published results.
fn view(row: SnapshotRow, with_content: bool) -> Result<SnapshotView, ServiceError> {
    let bad = |e: serde_json::Error| anyhow::anyhow!("stored snapshot {}: {e}", row.id);
    Ok(SnapshotView {
        rubrics: serde_json::from_str(&row.rubrics_json).map_err(bad)?,
        diff: row
            .diff_json
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(bad)?,
        content: if with_content {
            Some(serde_json::from_str(&row.content_json).map_err(bad)?)
        } else {
            None
        },
        published_at: shown_at(&row.published_at),
        id: row.id,
        period_id: row.period_id,
        number: row.number,
        inputs_hash: row.inputs_hash,
        content_hash: row.content_hash,
        reason: row.reason,
        previous_hash: row.previous_hash,
        notice_from: row.notice_from,
        notice_to: row.notice_to,
        published_by: row.published_by,
    })
}

/// Every snapshot of a period, oldest first, without their content.
pub async fn list(state: &AppState, period_id: &str) -> Result<Vec<SnapshotView>, ServiceError> {
    crate::service::assessment::load_row(state, period_id).await?;
    store::of_period(&state.db.pool, period_id)
        .await?
        .into_iter()
        .map(|r| view(r, false))
        .collect()
}

/// One snapshot with its content (404 for an unknown number).
pub async fn get(
    state: &AppState,
    period_id: &str,
    number: i64,
) -> Result<SnapshotView, ServiceError> {
    crate::service::assessment::load_row(state, period_id).await?;
    let row = store::of_period(&state.db.pool, period_id)
        .await?
        .into_iter()
        .find(|r| r.number == number)
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期的第 {number} 号成果快照")))?;
    view(row, true)
}

/// The stored snapshots of a period (for the public notice).
pub(super) async fn rows(
    state: &AppState,
    period_id: &str,
) -> Result<Vec<SnapshotRow>, ServiceError> {
    Ok(store::of_period(&state.db.pool, period_id).await?)
}
