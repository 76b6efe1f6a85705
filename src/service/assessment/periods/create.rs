//! Opening a period: a name, a points rubric version, deadlines in Beijing time, the units
//! taking part (each bound to a plan role), the optional rules enabled and the notice length.

use crate::domain::access::Principal;
use std::collections::{BTreeMap, BTreeSet};

use super::{PeriodView, view_tx};
use crate::domain::FieldError;
use crate::domain::period::{self, Phase};
use crate::domain::roles::{self, Binding, UnitFacts};
use crate::domain::rubric::Rubric;
use crate::domain::text::{self, Lines};
use crate::service::assessment::load_period_tx;
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{self, Tx, assessment::periods::PeriodRow};

/// What the admin gives to open a period.
#[derive(Debug, Clone, Default)]
pub struct NewPeriod {
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Beijing time, e.g. `2023-06-30` (end of day) or `2023-06-30T18:00`.
    pub self_deadline: String,
    pub review_deadline: String,
    pub unit_ids: Vec<String>,
    /// Unit id → plan role name (`None`: no role); units not named bind by their ledger name.
    pub roles: BTreeMap<String, Option<String>>,
    /// Optional rules to enable (item codes, `inflation`).
    pub options: Vec<String>,
    /// Working days of public notice (default 3).
    pub notice_days: Option<u32>,
}

/// Opens a new period in the draft phase.
#[tracing::instrument(skip(state, input), fields(name = %input.name))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &NewPeriod,
) -> Result<PeriodView, ServiceError> {
    let actor = &Actor::from(who);
    let c = checked(state, input)?;
    let at = state.db.clock.stamp();
    let row = PeriodRow {
        id: crate::service::new_id(),
        name: c.name,
        rubric_id: input.rubric_id.clone(),
        rubric_version: i64::from(input.rubric_version),
        phase: Phase::Draft,
        self_deadline: store::ts(c.self_deadline),
        review_deadline: store::ts(c.review_deadline),
        appeal_deadline: None,
        options: c.options,
        notice_days: c.notice_days,
        notice_started_at: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    };
    let rubric = c.rubric;
    let mut tx = state.db.begin().await?;
    store::assessment::periods::insert(&mut tx, &row).await?;
    let bindings = bind_units(&mut tx, &rubric, &input.unit_ids, &input.roles).await?;
    for b in &bindings {
        store::assessment::periods::add_unit(&mut tx, &row.id, &b.unit_id, b.role.as_deref())
            .await?;
    }
    let ctx = load_period_tx(state, &mut tx, &row.id).await?;
    let view = view_tx(&mut tx, &ctx).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        actor,
        Change {
            action: "period.create",
            subject_type: "period",
            subject_id: &row.id,
            before: None,
            after: Some(audit::snapshot(&view)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// A new period's fields, checked.
struct Checked {
    name: String,
    rubric: std::sync::Arc<Rubric>,
    self_deadline: jiff::Timestamp,
    review_deadline: jiff::Timestamp,
    notice_days: u32,
    options: BTreeSet<String>,
}

/// Checks every field of a new period, reporting all problems together.
fn checked(state: &AppState, input: &NewPeriod) -> Result<Checked, ServiceError> {
    let mut errors = Vec::new();
    let mut keep = |e: FieldError| errors.push(e);
    let name = text::required("name", &input.name, 100, Lines::Single)
        .map_err(&mut keep)
        .ok();
    let rubric = rubric_of(state, input).map_err(&mut keep).ok();
    let self_deadline = period::parse_deadline("self_deadline", &input.self_deadline)
        .map_err(&mut keep)
        .ok();
    let review_deadline = period::parse_deadline("review_deadline", &input.review_deadline)
        .map_err(&mut keep)
        .ok();
    if let (Some(s), Some(r)) = (self_deadline, review_deadline) {
        period::check_deadlines(s, r).map_err(&mut keep).ok();
    }
    let notice_days = input
        .notice_days
        .unwrap_or(crate::domain::period::DEFAULT_NOTICE_DAYS);
    period::check_notice_days(notice_days)
        .map_err(&mut keep)
        .ok();
    if input.unit_ids.is_empty() {
        keep(FieldError::new(
            "unit_ids",
            "至少需要一个被考核单位 (at least one unit)",
        ));
    }
    let options = match &rubric {
        Some(r) => check_options(r, &input.options)
            .map_err(|e| e.into_iter().for_each(&mut keep))
            .ok(),
        None => None,
    };
    match (name, rubric, self_deadline, review_deadline, options) {
        (Some(name), Some(rubric), Some(s), Some(r), Some(options)) if errors.is_empty() => {
            Ok(Checked {
                name,
                rubric,
                self_deadline: s,
                review_deadline: r,
                notice_days,
                options,
            })
        }
        _ => Err(ServiceError::Invalid(errors)),
    }
}

fn rubric_of(state: &AppState, input: &NewPeriod) -> Result<std::sync::Arc<Rubric>, FieldError> {
    let (id, version) = (&input.rubric_id, input.rubric_version);
    match state.rubrics.get(id, version) {
        None => Err(FieldError::new(
            "rubric_id",
            format!("考核标准 {id} 第 {version} 版不存在 (no such rubric)"),
        )),
        Some(r) if r.assessment().is_none() => Err(FieldError::new(
            "rubric_id",
            format!("考核标准 {id} 不是打分类考核标准 (not a points rubric)"),
        )),
        Some(r) => Ok(r),
    }
}

/// The enabled optional rules: each must be one the rubric declares optional.
pub(super) fn check_options(
    rubric: &Rubric,
    given: &[String],
) -> Result<BTreeSet<String>, Vec<FieldError>> {
    let known = rubric
        .assessment()
        .map(|a| a.optional_rules())
        .unwrap_or_default();
    let mut errors = Vec::new();
    for (i, code) in given.iter().enumerate() {
        if !known.iter().any(|(k, _)| k == code) {
            let list: Vec<String> = known.iter().map(|(k, t)| format!("{k}（{t}）")).collect();
            errors.push(FieldError::new(
                format!("options[{i}]"),
                format!(
                    "“{code}”不是该考核标准的可选规则；可选：{} (not an optional rule)",
                    if list.is_empty() {
                        "无".into()
                    } else {
                        list.join("、")
                    }
                ),
            ));
        }
    }
    match errors.is_empty() {
        true => Ok(given.iter().cloned().collect()),
        false => Err(errors),
    }
}

/// Binds the period's units to the rubric's plan roles (see [`roles::bind`]); an unknown unit
/// is refused naming its place in `unit_ids`.
pub(super) async fn bind_units(
    tx: &mut Tx,
    rubric: &Rubric,
    unit_ids: &[String],
    chosen: &BTreeMap<String, Option<String>>,
) -> Result<Vec<Binding>, ServiceError> {
    let mut rows = Vec::with_capacity(unit_ids.len());
    let mut errors = Vec::new();
    for (i, unit_id) in unit_ids.iter().enumerate() {
        match store::ledger::units::find_tx(tx, unit_id).await? {
            Some(u)
                if rows
                    .iter()
                    .any(|r: &store::ledger::units::UnitRow| r.id == u.id) =>
            {
                errors.push(FieldError::new(
                    format!("unit_ids[{i}]"),
                    format!("单位 {} 重复 (listed twice)", u.name),
                ));
            }
            Some(u) => rows.push(u),
            None => errors.push(FieldError::new(
                format!("unit_ids[{i}]"),
                format!("被考核单位 {unit_id} 不存在 (no such unit)"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let facts: Vec<UnitFacts<'_>> = rows
        .iter()
        .map(|u| UnitFacts {
            id: &u.id,
            name: &u.name,
            unit_type: u.unit_type.code(),
        })
        .collect();
    let declared = rubric
        .assessment()
        .map(|a| a.roles.as_slice())
        .unwrap_or(&[]);
    roles::bind(declared, &facts, chosen).map_err(ServiceError::Invalid)
}
