//! Deciding an appeal (维持 with a score or input / 驳回 with a reason), and the bureau's
//! correction of a decision before 定稿.

use rust_decimal::Decimal;

use super::{AppealView, Context, snapshot_of};
use crate::domain::access::{Principal, Role};
use crate::domain::assessment;
use crate::domain::review::AppealStatus;
use crate::domain::rubric::ItemInput;
use crate::domain::text::{self, Lines};
use crate::domain::workflow;
use crate::service::assessment::{Standing, load_period_tx, stale, standing, subject};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::appeals::AppealRow};

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
    let status = old.status;
    let correcting = status != AppealStatus::Pending;
    let ctx = load_period_tx(state, &mut tx, &old.period_id).await?;
    workflow::decision_open(ctx.phase, status, who.role == Role::Admin)?;
    let item = assessment::item(ctx.assessment()?, &old.item_code)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("appealed item left the rubric")))?;
    let scored = match &decided {
        Some((field, input)) => Some((assessment::check_decided(field, item, input)?, input)),
        None => None,
    };
    let row = decided_row(&old, d.upheld, scored, &reason, who, state.db.clock.stamp())?;
    if !store::assessment::appeals::decide(&mut tx, &row, old.version).await? {
        return Err(stale("申诉", old.version + 1, old.version));
    }
    let (before, after) = (snapshot_of(&old), snapshot_of(&row));
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
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&after)?),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    let cx = Context::of(state, &row.period_id, &row.unit_id, &[&row]).await?;
    Ok(cx.view(&row))
}

/// The appeal row as decided (its version bumped): status, the decided points and input, who,
/// when and why.
fn decided_row(
    old: &AppealRow,
    upheld: bool,
    scored: Option<(Decimal, &ItemInput)>,
    reason: &str,
    who: &Principal,
    now: String,
) -> Result<AppealRow, ServiceError> {
    let status = if upheld {
        AppealStatus::Upheld
    } else {
        AppealStatus::Rejected
    };
    Ok(AppealRow {
        status,
        decided_score: scored.map(|(s, _)| s),
        decided_input: scored.map(|(_, input)| input.clone()),
        decision_reason: Some(reason.to_owned()),
        decided_by: Some(who.token_id.clone()),
        decided_at: Some(now.clone()),
        version: old.version + 1,
        updated_at: now,
        ..old.clone()
    })
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
