//! Supervision items (督查督办) recorded by the bureau; the rubric's supervision item prices them.
//! Deadlines follow the plan (see [`crate::domain::supervision`]): a stated one is kept, the
//! 1-week default may be extended by the bureau with a reason, to at most 1 month.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Standing, load_period_tx, stale, standing, subject};
use crate::domain::access::Principal;
use crate::domain::supervision::{self, SupervisionItem};
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, assessment::supervision::SupervisionRow};

/// A new supervision item.
#[derive(Debug, Clone, Deserialize)]
pub struct NewItem {
    pub title: String,
    pub assigned_on: Date,
    /// The deadline the office stated (规定时限), kept however far away. Absent: 1 week after
    /// assignment, which [`extend`] may push to at most 1 month after it.
    #[serde(default)]
    pub deadline: Option<Date>,
}

/// Extending an item's default deadline.
#[derive(Debug, Clone, Deserialize)]
pub struct Extension {
    /// The new deadline: after the current one, at most 1 month after assignment.
    pub deadline: Date,
    /// Why (kept on the item and in the audit entry).
    pub reason: String,
    /// The item's version last read.
    pub version: i64,
}

/// Progress on an item.
#[derive(Debug, Clone, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub completed_on: Option<Date>,
    #[serde(default)]
    pub feedback_on: Option<Date>,
    #[serde(default)]
    pub sent_back: u32,
    #[serde(default)]
    pub public_criticism: bool,
    #[serde(default)]
    pub summons: bool,
    /// The item's version last read.
    pub version: i64,
}

/// An item as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemView {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    #[serde(flatten)]
    pub item: SupervisionItem,
    /// For an item without a stated deadline: the latest day its deadline may be extended to.
    pub extendable_until: Option<Date>,
    /// Why the default deadline was extended, if it was.
    pub extension_reason: Option<String>,
    pub version: i64,
}

/// The domain item of a stored row.
pub fn item_of(r: &SupervisionRow) -> Result<SupervisionItem, ServiceError> {
    Ok(SupervisionItem {
        assigned_on: r.assigned_on,
        deadline: r.deadline,
        deadline_stated: r.deadline_stated,
        completed_on: r.completed_on,
        feedback_on: r.feedback_on,
        sent_back: r.sent_back,
        public_criticism: r.public_criticism,
        summons: r.summons,
    })
}

fn view(r: &SupervisionRow) -> Result<ItemView, ServiceError> {
    let item = item_of(r)?;
    Ok(ItemView {
        id: r.id.clone(),
        unit_id: r.unit_id.clone(),
        title: r.title.clone(),
        extendable_until: (!item.deadline_stated)
            .then(|| supervision::latest_extension(item.assigned_on)),
        extension_reason: r.extension_reason.clone(),
        item,
        version: r.version,
    })
}

/// Records a new supervision item for a unit of the period (the bureau).
pub async fn create(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    new: &NewItem,
) -> Result<ItemView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::Admin {
        return Err(ServiceError::Refused(
            "只有住建局可以登记督办事项 (only the bureau)".into(),
        ));
    }
    let title = text::required("title", &new.title, 500, Lines::Single)?;
    let deadline = supervision::due_date(new.assigned_on, new.deadline)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    crate::domain::workflow::period_open(ctx.phase, "登记督办事项")?;
    let at = state.db.clock.stamp();
    let row = SupervisionRow {
        id: crate::service::new_id(),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        title,
        assigned_on: new.assigned_on,
        deadline: deadline.due,
        deadline_stated: deadline.stated,
        extension_reason: None,
        completed_on: None,
        feedback_on: None,
        sent_back: 0,
        public_criticism: false,
        summons: false,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    store::assessment::supervision::insert(&mut tx, &row).await?;
    let v = view(&row)?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "supervision.create",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: None,
            after: Some(audit::snapshot(&v)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// Records progress (completion, feedback, send-backs, sanctions) on an item.
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: &str,
    p: &Progress,
) -> Result<ItemView, ServiceError> {
    let actor = &Actor::from(who);
    let mut tx = state.db.begin().await?;
    let old = store::assessment::supervision::find(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("督办事项 {id}")))?;
    let ctx = load_period_tx(state, &mut tx, &old.period_id).await?;
    crate::domain::workflow::period_open(ctx.phase, "更新督办事项")?;
    if old.version != p.version {
        return Err(stale("督办事项", old.version, p.version));
    }
    let progress = supervision::Progress {
        completed_on: p.completed_on,
        feedback_on: p.feedback_on,
        sent_back: p.sent_back,
    };
    supervision::check_progress(old.assigned_on, &progress, &state.calendar)?;
    let mut row = old.clone();
    row.completed_on = p.completed_on;
    row.feedback_on = p.feedback_on;
    row.sent_back = p.sent_back;
    row.public_criticism = p.public_criticism;
    row.summons = p.summons;
    row.version = old.version + 1;
    row.updated_at = state.db.clock.stamp();
    if !store::assessment::supervision::update(&mut tx, &row, old.version).await? {
        return Err(stale("督办事项", old.version + 1, old.version));
    }
    let (before, after) = (view(&old)?, view(&row)?);
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "supervision.update",
            subject_type: "assessment",
            subject_id: &subject(&row.period_id, &row.unit_id, None),
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&after)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Extends the 1-week default deadline of an item assigned without one (附件3 二(二)1: "原则上
/// 1周内办结，最长不超过1个月"); a stated deadline is never extended.
#[tracing::instrument(skip(state, who, ext))]
pub async fn extend(
    state: &AppState,
    who: &Principal,
    id: &str,
    ext: &Extension,
) -> Result<ItemView, ServiceError> {
    let actor = &Actor::from(who);
    let reason = text::required("reason", &ext.reason, 500, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let old = store::assessment::supervision::find(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("督办事项 {id}")))?;
    let ctx = load_period_tx(state, &mut tx, &old.period_id).await?;
    crate::domain::workflow::period_open(ctx.phase, "延长督办时限")?;
    if old.version != ext.version {
        return Err(stale("督办事项", old.version, ext.version));
    }
    let deadline = supervision::extended_deadline(&item_of(&old)?, ext.deadline)?;
    let mut row = old.clone();
    row.deadline = deadline;
    row.extension_reason = Some(reason);
    row.version = old.version + 1;
    row.updated_at = state.db.clock.stamp();
    if !store::assessment::supervision::extend(&mut tx, &row, old.version).await? {
        return Err(stale("督办事项", old.version + 1, old.version));
    }
    let (before, after) = (view(&old)?, view(&row)?);
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "supervision.extend",
            subject_type: "assessment",
            subject_id: &subject(&row.period_id, &row.unit_id, None),
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&after)?),
            reason: row.extension_reason.as_deref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A unit's supervision items.
pub async fn list(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<ItemView>, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    store::assessment::supervision::for_unit(&state.db.pool, period_id, unit_id)
        .await?
        .iter()
        .map(view)
        .collect()
}
