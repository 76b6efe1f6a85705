//! Correcting a period before 定稿: its deadlines, notice length, units' plan roles and
//! optional rules, always with a reason and an audit entry. A period created with the plan's
//! own (past) dates is made usable this way.

use crate::domain::access::Principal;
use std::collections::BTreeMap;

use super::create::{bind_units, check_options};
use super::{PeriodView, view_tx};
use crate::domain::FieldError;
use crate::domain::period::{self};
use crate::domain::text::{self, Lines};
use crate::service::assessment::{PeriodContext, load_period_tx, stale};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx, assessment::periods::PeriodRow};

/// What the admin changes; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct Amendment {
    /// Beijing time, as when creating.
    pub self_deadline: Option<String>,
    pub review_deadline: Option<String>,
    /// Working days of public notice; during the notice its end moves with it.
    pub notice_days: Option<u32>,
    /// Unit id → plan role (`None`: no role), for the units named.
    pub roles: Option<BTreeMap<String, Option<String>>>,
    /// The complete list of enabled optional rules.
    pub options: Option<Vec<String>>,
    /// Why (required).
    pub reason: String,
    /// The period's version last read.
    pub version: i64,
}

/// Amends a period that is not final.
#[tracing::instrument(skip(state, input))]
pub async fn amend(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    input: &Amendment,
) -> Result<PeriodView, ServiceError> {
    let actor = &Actor::from(who);
    let reason = text::required("reason", &input.reason, 500, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.period.version != input.version {
        return Err(stale("考核周期", ctx.period.version, input.version));
    }
    crate::domain::workflow::period_open(ctx.phase, "修改考核周期")?;
    // Roles and optional rules decide what units fill in and how it is scored: they are
    // settled before the re-check starts, never changed under published results.
    if (input.roles.is_some() || input.options.is_some())
        && !crate::domain::workflow::plan_open(ctx.phase)
    {
        return Err(ServiceError::Conflict(format!(
            "方案角色和可选规则只能在复核开始前修改（当前处于{}阶段）(roles and options are fixed once the re-check starts)",
            ctx.phase.label()
        )));
    }
    let before = view_tx(&mut tx, &ctx).await?;
    let mut row = amended_row(state, &ctx, input)?;
    check_extensions(&mut tx, &row).await?;
    if let Some(chosen) = &input.roles {
        rebind(&mut tx, &ctx, chosen).await?;
    }
    row.version += 1;
    row.updated_at = state.db.clock.stamp();
    if !store::assessment::periods::update(&mut tx, &row, input.version).await? {
        return Err(stale("考核周期", input.version + 1, input.version));
    }
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let after = view_tx(&mut tx, &ctx).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.amend",
            subject_type: "period",
            subject_id: period_id,
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&after)?),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The period row with the amendment applied (all field problems reported together).
fn amended_row(
    state: &AppState,
    ctx: &PeriodContext,
    input: &Amendment,
) -> Result<PeriodRow, ServiceError> {
    let mut row = ctx.period.clone();
    let mut errors = Vec::new();
    let mut set = |field: &str, given: &Option<String>, slot: &mut String| {
        if let Some(text) = given {
            match period::parse_deadline(field, text) {
                Ok(ts) => *slot = store::ts(ts),
                Err(e) => errors.push(e),
            }
        }
    };
    set(
        "self_deadline",
        &input.self_deadline,
        &mut row.self_deadline,
    );
    set(
        "review_deadline",
        &input.review_deadline,
        &mut row.review_deadline,
    );
    if errors.is_empty() {
        let s = store::parse_ts(&row.self_deadline)?;
        let r = store::parse_ts(&row.review_deadline)?;
        errors.extend(period::check_deadlines(s, r).err());
    }
    if let Some(days) = input.notice_days {
        match period::check_notice_days(days) {
            Err(e) => errors.push(e),
            Ok(()) => renotice(state, &mut row, days)?,
        }
    }
    if let Some(options) = &input.options {
        match check_options(&ctx.rubric, options) {
            Ok(set) => row.options = set,
            Err(e) => errors.extend(e),
        }
    }
    let nothing = input.self_deadline.is_none()
        && input.review_deadline.is_none()
        && input.notice_days.is_none()
        && input.roles.is_none()
        && input.options.is_none();
    if nothing {
        errors.push(FieldError::new(
            "reason",
            "没有要修改的内容 (nothing to amend)",
        ));
    }
    match errors.is_empty() {
        true => Ok(row),
        false => Err(ServiceError::Invalid(errors)),
    }
}

/// A new notice length; once the notice has begun its end moves with it.
fn renotice(state: &AppState, row: &mut PeriodRow, days: u32) -> Result<(), ServiceError> {
    row.notice_days = days;
    if let Some(start) = &row.notice_started_at {
        let start = store::parse_ts(start)?;
        row.appeal_deadline = Some(store::ts(period::notice_end(start, days, &state.calendar)?));
    }
    Ok(())
}

/// No unit's extension may end at or after the (new) review deadline.
async fn check_extensions(tx: &mut Tx, row: &PeriodRow) -> Result<(), ServiceError> {
    let members = store::assessment::periods::members(&mut **tx, &row.id).await?;
    let late: Vec<String> = members
        .iter()
        .filter(|m| {
            m.self_deadline
                .as_deref()
                .is_some_and(|d| d >= row.review_deadline.as_str())
        })
        .map(|m| m.name.clone())
        .collect();
    if late.is_empty() {
        return Ok(());
    }
    Err(ServiceError::invalid(
        "review_deadline",
        format!(
            "复核截止时间不能早于已批准的延期（{}）(an extension ends after it)",
            late.join("、")
        ),
    ))
}

/// Re-binds the named units (the others keep their roles) and checks the whole binding.
async fn rebind(
    tx: &mut Tx,
    ctx: &PeriodContext,
    chosen: &BTreeMap<String, Option<String>>,
) -> Result<(), ServiceError> {
    let members = store::assessment::periods::members(&mut **tx, &ctx.period.id).await?;
    let mut all: BTreeMap<String, Option<String>> = members
        .iter()
        .map(|m| (m.unit_id.clone(), m.plan_role.clone()))
        .collect();
    for (unit, role) in chosen {
        all.insert(unit.clone(), role.clone());
    }
    let ids: Vec<String> = members.iter().map(|m| m.unit_id.clone()).collect();
    for b in bind_units(tx, &ctx.rubric, &ids, &all).await? {
        store::assessment::periods::set_role(tx, &ctx.period.id, &b.unit_id, b.role.as_deref())
            .await?;
    }
    Ok(())
}
