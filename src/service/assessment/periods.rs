//! Periods: create (bound to a rubric version, with units), move phases, extend a unit's deadline.

use serde::Serialize;

use super::{PeriodContext, load_period, load_period_tx, stale};
use crate::domain::FieldError;
use crate::domain::period::{self, Phase};
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::periods::PeriodRow};

/// What the admin gives to open a period.
#[derive(Debug, Clone)]
pub struct NewPeriod {
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Beijing time, e.g. `2023-06-30` (end of day) or `2023-06-30T18:00`.
    pub self_deadline: String,
    pub review_deadline: String,
    pub unit_ids: Vec<String>,
}

/// A period as shown to clients.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub id: String,
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub rubric_hash: String,
    pub phase: Phase,
    pub self_deadline: String,
    pub review_deadline: String,
    pub appeal_deadline: Option<String>,
    pub version: i64,
}

impl From<&PeriodContext> for PeriodView {
    fn from(c: &PeriodContext) -> Self {
        let p = &c.period;
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            rubric_id: p.rubric_id.clone(),
            rubric_version: p.rubric_version,
            rubric_hash: c.rubric.content_hash().into(),
            phase: c.phase,
            self_deadline: p.self_deadline.clone(),
            review_deadline: p.review_deadline.clone(),
            appeal_deadline: p.appeal_deadline.clone(),
            version: p.version,
        }
    }
}

/// Opens a new period in the draft phase.
#[tracing::instrument(skip(state, input), fields(name = %input.name))]
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: &NewPeriod,
) -> Result<PeriodView, ServiceError> {
    let mut errors = Vec::new();
    let name = text::required("name", &input.name, 100, Lines::Single)
        .map_err(|e| errors.push(e))
        .ok();
    let rubric = state.rubrics.get(&input.rubric_id, input.rubric_version);
    match &rubric {
        None => errors.push(FieldError::new(
            "rubric_id",
            format!(
                "考核标准 {} 第 {} 版不存在 (no such rubric)",
                input.rubric_id, input.rubric_version
            ),
        )),
        Some(r) if r.assessment().is_none() => errors.push(FieldError::new(
            "rubric_id",
            format!(
                "考核标准 {} 不是打分类考核标准 (not a points rubric)",
                input.rubric_id
            ),
        )),
        Some(_) => {}
    }
    let self_deadline = period::parse_deadline("self_deadline", &input.self_deadline)
        .map_err(|e| errors.push(e))
        .ok();
    let review_deadline = period::parse_deadline("review_deadline", &input.review_deadline)
        .map_err(|e| errors.push(e))
        .ok();
    if matches!((self_deadline, review_deadline), (Some(s), Some(r)) if r <= s) {
        errors.push(FieldError::new(
            "review_deadline",
            "复核截止时间必须晚于自评截止时间 (review after self-assessment)",
        ));
    }
    if input.unit_ids.is_empty() {
        errors.push(FieldError::new(
            "unit_ids",
            "至少需要一个被考核单位 (at least one unit)",
        ));
    }
    let (Some(name), Some(self_deadline), Some(review_deadline), true) =
        (name, self_deadline, review_deadline, errors.is_empty())
    else {
        return Err(ServiceError::Invalid(errors));
    };
    let at = state.db.clock.stamp();
    let row = PeriodRow {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        rubric_id: input.rubric_id.clone(),
        rubric_version: i64::from(input.rubric_version),
        phase: Phase::Draft.as_str().into(),
        self_deadline: store::ts(self_deadline),
        review_deadline: store::ts(review_deadline),
        appeal_deadline: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    let mut tx = state.db.begin().await?;
    store::assessment::periods::insert(&mut tx, &row).await?;
    for (i, unit_id) in input.unit_ids.iter().enumerate() {
        if store::ledger::units::find_tx(&mut tx, unit_id)
            .await?
            .is_none()
        {
            return Err(ServiceError::invalid(
                format!("unit_ids[{i}]"),
                format!("被考核单位 {unit_id} 不存在 (no such unit)"),
            ));
        }
        store::assessment::periods::add_unit(&mut tx, &row.id, unit_id).await?;
    }
    let ctx = load_period_tx(state, &mut tx, &row.id).await?;
    let view = PeriodView::from(&ctx);
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.create",
            subject_type: "period",
            subject_id: &row.id,
            before: None,
            after: audit::snapshot(&(&view, &input.unit_ids)),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// Moves a period one phase forward. Entering the appeal phase starts the public notice,
/// which lasts `notice_days` working days.
#[tracing::instrument(skip(state))]
pub async fn advance(
    state: &AppState,
    actor: &Actor,
    period_id: &str,
    to: &str,
    version: i64,
    notice_days: u32,
) -> Result<PeriodView, ServiceError> {
    let to: Phase = to
        .parse()
        .map_err(|m: String| ServiceError::invalid("to", m))?;
    if !(1..=30).contains(&notice_days) {
        return Err(ServiceError::invalid(
            "notice_days",
            "公示期应为 1 至 30 个工作日 (1 to 30 working days)",
        ));
    }
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if ctx.period.version != version {
        return Err(stale("考核周期", ctx.period.version, version));
    }
    period::check_transition(ctx.phase, to).map_err(ServiceError::Conflict)?;
    let before = PeriodView::from(&ctx);
    let mut row = ctx.period.clone();
    row.phase = to.as_str().into();
    row.version += 1;
    row.updated_at = state.db.clock.stamp();
    if to == Phase::Appeal {
        row.appeal_deadline = Some(store::ts(period::notice_end(
            state.db.clock.now(),
            notice_days,
            &state.calendar,
        )));
    }
    if !store::assessment::periods::update(&mut tx, &row, version).await? {
        return Err(stale("考核周期", version + 1, version));
    }
    let after_ctx = PeriodContext {
        period: row,
        phase: to,
        rubric: ctx.rubric.clone(),
    };
    let after = PeriodView::from(&after_ctx);
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.phase",
            subject_type: "period",
            subject_id: period_id,
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Extends one unit's self-assessment deadline, with a reason.
#[tracing::instrument(skip(state, reason))]
pub async fn extend(
    state: &AppState,
    actor: &Actor,
    period_id: &str,
    unit_id: &str,
    deadline: &str,
    reason: &str,
) -> Result<(), ServiceError> {
    let reason = text::required("reason", reason, 500, Lines::Multi)?;
    let deadline = period::parse_deadline("self_deadline", deadline)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let current = store::assessment::periods::find_unit(&mut *tx, period_id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))?;
    let deadline = store::ts(deadline);
    let current_deadline = current
        .self_deadline
        .clone()
        .unwrap_or_else(|| ctx.period.self_deadline.clone());
    if deadline <= current_deadline {
        return Err(ServiceError::invalid(
            "self_deadline",
            "延期后的截止时间必须晚于当前截止时间 (must be later than the current deadline)",
        ));
    }
    if deadline >= ctx.period.review_deadline {
        return Err(ServiceError::invalid(
            "self_deadline",
            "延期不能晚于复核截止时间 (must end before the review deadline)",
        ));
    }
    store::assessment::periods::extend(&mut tx, period_id, unit_id, &deadline, &reason).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.extend",
            subject_type: "assessment",
            subject_id: &super::subject(period_id, unit_id, None),
            before: audit::snapshot(&current.self_deadline.unwrap_or(ctx.period.self_deadline)),
            after: audit::snapshot(&deadline),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Reads a period.
pub async fn get(state: &AppState, period_id: &str) -> Result<PeriodView, ServiceError> {
    Ok(PeriodView::from(&load_period(state, period_id).await?))
}

/// Lists periods, newest first.
pub async fn list(state: &AppState) -> Result<Vec<PeriodView>, ServiceError> {
    let mut out = Vec::new();
    for row in store::assessment::periods::list(&state.db.pool).await? {
        out.push(PeriodView::from(&super::context(state, row)?));
    }
    Ok(out)
}
