//! Appeals (申诉) during the public notice: lodged per item by the unit, decided by the bureau
//! or the assigned team. Upheld changes the item's score; rejected keeps the reason.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Standing, load_period_tx, stale, standing, subject, wrong_phase};
use crate::domain::access::Principal;
use crate::domain::access::Role;
use crate::domain::assessment;
use crate::domain::period::{self, Phase};
use crate::domain::review::AppealStatus;
use crate::domain::rubric::ItemInput;
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::appeals::AppealRow};

/// An appeal as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AppealView {
    pub id: String,
    pub period_id: String,
    pub unit_id: String,
    pub item_code: String,
    pub reason: String,
    pub status: AppealStatus,
    pub decided_score: Option<Decimal>,
    /// The method input the decision set, when it gave one (e.g. `{"veto": false}`).
    pub decided_input: Option<ItemInput>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<String>,
    pub version: i64,
}

fn view(r: &AppealRow) -> Result<AppealView, ServiceError> {
    Ok(AppealView {
        id: r.id.clone(),
        period_id: r.period_id.clone(),
        unit_id: r.unit_id.clone(),
        item_code: r.item_code.clone(),
        reason: r.reason.clone(),
        status: r.status,
        decided_score: r.decided_score,
        decided_input: r.decided_input.clone(),
        decision_reason: r.decision_reason.clone(),
        decided_at: r.decided_at.clone(),
        version: r.version,
    })
}

/// The unit lodges an appeal against one item's score within the notice window.
pub async fn lodge(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    reason: &str,
) -> Result<AppealView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "只有被考核单位本身可以申诉 (only the unit itself)".into(),
        ));
    }
    let reason = text::required("reason", reason, 5000, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.phase != Phase::Appeal {
        return Err(wrong_phase("申诉", ctx.phase));
    }
    let notice_end = ctx
        .period
        .appeal_deadline
        .as_deref()
        .map(store::parse_ts)
        .transpose()?;
    if let Some(end) = notice_end.filter(|end| state.db.clock.now() > *end) {
        return Err(ServiceError::Conflict(period::closed_message("申诉", end)));
    }
    if assessment::item(ctx.assessment()?, item_code).is_none() {
        return Err(ServiceError::invalid(
            "item_code",
            format!("考核标准中没有评分项 {item_code} (unknown item)"),
        ));
    }
    let open =
        store::assessment::appeals::for_item_tx(&mut tx, period_id, unit_id, item_code).await?;
    if open.iter().any(|a| a.status != AppealStatus::Rejected) {
        return Err(ServiceError::Conflict(format!(
            "评分项 {item_code} 已有待裁决或已维持的申诉 (one open or upheld appeal per item)"
        )));
    }
    let at = state.db.clock.stamp();
    let row = AppealRow {
        id: uuid::Uuid::now_v7().to_string(),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        item_code: item_code.into(),
        reason,
        status: AppealStatus::Pending,
        decided_score: None,
        decided_input: None,
        decision_reason: None,
        decided_by: None,
        decided_at: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    store::assessment::appeals::insert(&mut tx, &row).await?;
    let v = view(&row)?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "appeal.lodge",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, Some(item_code)),
            before: None,
            after: audit::snapshot(&v),
            reason: Some(&row.reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// What a decision says: upheld with what the item becomes (a method input, or a plain
/// `score`), or rejected (which carries neither).
#[derive(Debug, Clone)]
pub struct Decision {
    /// Upheld (the item changes) or rejected (the reason is kept).
    pub upheld: bool,
    /// A plain decided score (upheld only).
    pub score: Option<Decimal>,
    /// A decided method input, e.g. `{"veto": false}` (upheld only).
    pub input: Option<ItemInput>,
    /// Why; required.
    pub reason: String,
    /// The appeal's version last read.
    pub version: i64,
}

/// The bureau or the assigned team decides a pending appeal; until the period is final the
/// bureau may correct a decision, with a reason (the earlier one stays in the history).
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: &str,
    d: &Decision,
) -> Result<AppealView, ServiceError> {
    let reason = text::required("reason", &d.reason, 5000, Lines::Multi)?;
    let decided = decided_of(d)?;
    // Who may decide is settled before the write transaction opens (it reads other tables).
    let seen = store::assessment::appeals::get(&state.db.pool, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("申诉 {id}")))?;
    may_decide(state, who, &seen).await?;
    let mut tx = state.db.begin().await?;
    let old = store::assessment::appeals::find(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("申诉 {id}")))?;
    if old.version != d.version {
        return Err(stale("申诉", old.version, d.version));
    }
    let correcting = old.status != AppealStatus::Pending;
    if correcting && who.role != Role::Admin {
        return Err(ServiceError::Conflict(
            "该申诉已裁决；更正裁决须由住建局（管理员）写明理由 (already decided; only the bureau corrects)".into(),
        ));
    }
    let ctx = load_period_tx(state, &mut tx, &old.period_id).await?;
    if ctx.phase != Phase::Appeal {
        return Err(wrong_phase(
            if correcting {
                "更正申诉裁决"
            } else {
                "裁决申诉"
            },
            ctx.phase,
        ));
    }
    let item = assessment::item(ctx.assessment()?, &old.item_code)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("appealed item left the rubric")))?;
    let scored = match &decided {
        Some((field, input)) => Some((assessment::check_decided(field, item, input)?, input)),
        None => None,
    };
    let now = state.db.clock.stamp();
    let row = AppealRow {
        status: if d.upheld {
            AppealStatus::Upheld
        } else {
            AppealStatus::Rejected
        },
        decided_score: scored.map(|(s, _)| s),
        decided_input: scored.map(|(_, input)| input.clone()),
        decision_reason: Some(reason.clone()),
        decided_by: Some(who.token_id.clone()),
        decided_at: Some(now.clone()),
        version: old.version + 1,
        updated_at: now,
        ..old.clone()
    };
    if !store::assessment::appeals::decide(&mut tx, &row, old.version).await? {
        return Err(stale("申诉", old.version + 1, old.version));
    }
    let (before, after) = (view(&old)?, view(&row)?);
    let action = match (correcting, d.upheld) {
        (true, _) => "appeal.correct",
        (false, true) => "appeal.uphold",
        (false, false) => "appeal.reject",
    };
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action,
            subject_type: "assessment",
            subject_id: &subject(&row.period_id, &row.unit_id, Some(&row.item_code)),
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The decided input with the field it came from: upheld needs exactly one of `score` and
/// `input`; a rejection may carry neither (nothing is silently dropped).
fn decided_of(d: &Decision) -> Result<Option<(&'static str, ItemInput)>, ServiceError> {
    match (d.upheld, d.score, &d.input) {
        (true, Some(s), None) => Ok(Some(("score", ItemInput::Score(s)))),
        (true, None, Some(i)) => Ok(Some(("input", i.clone()))),
        (true, None, None) => Err(ServiceError::invalid(
            "score",
            "维持申诉时必须给出调整后的得分 score 或该项的输入 input (score or input required when upheld)",
        )),
        (true, Some(_), Some(_)) => Err(ServiceError::invalid(
            "input",
            "score 与 input 只能给出一个 (give either score or input)",
        )),
        (false, None, None) => Ok(None),
        (false, s, _) => Err(ServiceError::invalid(
            if s.is_some() { "score" } else { "input" },
            "驳回申诉时不能给出得分；如需改分请维持申诉 (a rejection carries no score)",
        )),
    }
}

/// The unit never decides its own appeal; a reviewer of the item never decides its appeal.
async fn may_decide(state: &AppState, who: &Principal, a: &AppealRow) -> Result<(), ServiceError> {
    match standing(&state.db, who, &a.period_id, &a.unit_id).await? {
        Standing::OwnUnit => Err(ServiceError::Refused(
            "单位不能裁决自己的申诉 (only the bureau or the team)".into(),
        )),
        Standing::Reviewer { .. } => {
            let reviews =
                store::assessment::reviews::for_unit(&state.db.pool, &a.period_id, &a.unit_id)
                    .await?;
            if reviews
                .iter()
                .any(|r| r.item_code == a.item_code && r.reviewer_id == who.token_id)
            {
                return Err(ServiceError::Refused(
                    "复核过该项的人员不能裁决针对该项的申诉 (a reviewer of the item cannot decide its appeal)".into(),
                ));
            }
            Ok(())
        }
        Standing::Admin => Ok(()),
    }
}

/// What an upheld appeal decided: its stored input, or its plain decided score.
pub fn decided_input(a: &AppealRow) -> Result<ItemInput, ServiceError> {
    if let Some(input) = &a.decided_input {
        return Ok(input.clone());
    }
    let score = a
        .decided_score
        .ok_or_else(|| anyhow::anyhow!("upheld appeal {} has no score", a.id))?;
    Ok(ItemInput::Score(score))
}

/// A unit's appeals.
pub async fn list(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<AppealView>, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    store::assessment::appeals::for_unit(&state.db.pool, period_id, unit_id)
        .await?
        .iter()
        .map(view)
        .collect()
}
