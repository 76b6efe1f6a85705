//! Who may touch a unit's assessment ([`standing`]) and what of its re-check they may see
//! ([`Sight`]), decided once for every read and write path.

use crate::domain::FieldError;
use crate::domain::access::{Principal, Role};
use crate::domain::period::Phase;
use crate::domain::review::{self, Recheck};
use crate::service::assessment::{PeriodContext, load_period, subject};
use crate::service::{AppState, ServiceError};
use crate::store::{self, Db, audit::AuditRow};

/// How the caller stands towards one unit's assessment in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The housing bureau.
    Admin,
    /// The unit itself.
    OwnUnit,
    /// A reviewer whose team is assigned to the unit.
    Reviewer {
        /// The reviewer's team.
        team_id: String,
    },
}

fn hidden(unit_id: &str) -> ServiceError {
    ServiceError::NotFound(format!("单位 {unit_id} 的考核记录"))
}

/// Decides how `who` stands towards `unit_id` in `period_id` (see the module docs).
pub async fn standing(
    db: &Db,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Standing, ServiceError> {
    let standing = match who.role {
        Role::Admin => Standing::Admin,
        Role::Unit if who.unit_id.as_deref() == Some(unit_id) => Standing::OwnUnit,
        Role::Unit => return Err(hidden(unit_id)),
        Role::Reviewer => Standing::Reviewer {
            team_id: who.team_id.clone().ok_or_else(|| hidden(unit_id))?,
        },
        Role::Company | Role::Inspector => {
            return Err(ServiceError::Refused(format!(
                "角色 {} 无权查看考核记录 (not allowed)",
                who.role
            )));
        }
    };
    // Membership first, for everyone: nothing is read or written about a unit in a period it
    // does not take part in, whoever asks.
    if store::assessment::periods::find_unit(&db.pool, period_id, unit_id)
        .await?
        .is_none()
    {
        return Err(ServiceError::Absent(FieldError::new(
            "unit_id",
            format!("考核周期中没有该单位 {unit_id} (unit not in period)"),
        )));
    }
    if let Standing::Reviewer { team_id } = &standing {
        reviewer_may_recheck(db, who, period_id, team_id, unit_id).await?;
    }
    Ok(standing)
}

/// A reviewer re-checks only units assigned to their team, never their own unit nor one they
/// declared a conflict with.
async fn reviewer_may_recheck(
    db: &Db,
    who: &Principal,
    period_id: &str,
    team_id: &str,
    unit_id: &str,
) -> Result<(), ServiceError> {
    if !store::assessment::teams::is_assigned(&db.pool, period_id, team_id, unit_id).await? {
        return Err(hidden(unit_id));
    }
    if who.unit_id.as_deref() == Some(unit_id) {
        return Err(ServiceError::Refused(
            "复核人员不得复核本单位 (a reviewer never re-checks their own unit)".into(),
        ));
    }
    if let Some(reason) =
        store::assessment::teams::conflict(&db.pool, &who.token_id, unit_id).await?
    {
        return Err(ServiceError::Refused(format!(
            "已申报利益冲突，不得复核该单位：{reason} (declared conflict of interest)"
        )));
    }
    Ok(())
}

/// What of a unit's re-check ([`Recheck`]) one caller may see in one phase: all of it, except
/// the unit itself before the public notice. Every read path asks this, and only this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sight {
    hides_recheck: bool,
}

impl Sight {
    /// The sight of a caller standing as `standing` while the period is in `phase`.
    pub fn of(standing: &Standing, phase: Phase) -> Self {
        Self {
            hides_recheck: *standing == Standing::OwnUnit && !review::unit_sees_recheck(phase),
        }
    }

    /// Whether the re-check is hidden from the caller (then so is all it produced).
    pub fn hides_recheck(self) -> bool {
        self.hides_recheck
    }

    /// Refuses (403) a read of `work` while it is hidden from the caller.
    pub fn check(self, work: Recheck) -> Result<(), ServiceError> {
        if !self.hides_recheck {
            return Ok(());
        }
        Err(ServiceError::Refused(format!(
            "{}在公示后才向单位公开 (visible from the public notice on)",
            work.label()
        )))
    }

    /// Whether an audit entry may be shown to the caller.
    pub fn shows_entry(self, row: &AuditRow) -> bool {
        !(self.hides_recheck && review::is_recheck_entry(&row.action, &row.actor_role))
    }

    /// Whether an evidence file (by its `attached_to` code) may be shown to the caller.
    pub fn shows_evidence(self, attached_to: &str) -> bool {
        !(self.hides_recheck && review::is_recheck_evidence(attached_to))
    }
}

/// One audited change to a unit's assessment, its period, unit and item named.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The entry (its instant in Beijing time).
    pub entry: crate::service::audit::AuditEntryView,
    /// The period's name.
    pub period_name: String,
    /// The unit's name.
    pub unit_name: String,
    /// The item it changed, when it changed one.
    pub item_code: Option<String>,
}

/// Audited changes to a unit's assessment (or one item), oldest first, for those who may see it.
pub async fn history(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    item: Option<&str>,
) -> Result<Vec<HistoryEntry>, ServiceError> {
    let sight = sight(state, who, period_id, unit_id).await?;
    let (period_name, unit_name) =
        crate::service::names::period_and_unit(state, period_id, unit_id).await?;
    let prefix = subject(period_id, unit_id, item);
    let mut rows = store::audit::for_subject_tree(&state.db.pool, "assessment", &prefix).await?;
    rows.retain(|r| sight.shows_entry(r));
    let unit_subject = subject(period_id, unit_id, None);
    rows.into_iter()
        .map(|r| {
            let item_code = r
                .subject_id
                .strip_prefix(&unit_subject)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(str::to_owned);
            Ok(HistoryEntry {
                entry: r.try_into()?,
                period_name: period_name.clone(),
                unit_name: unit_name.clone(),
                item_code,
            })
        })
        .collect()
}

/// Checks `who` may see the unit's assessment and tells what of its re-check they may see.
pub async fn sight(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Sight, ServiceError> {
    Ok(sight_in(state, who, period_id, unit_id).await?.0)
}

/// [`sight`], with the period it was decided in.
pub async fn sight_in(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<(Sight, PeriodContext), ServiceError> {
    let st = standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    Ok((Sight::of(&st, ctx.phase), ctx))
}
