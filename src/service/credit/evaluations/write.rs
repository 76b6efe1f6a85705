//! Opening an evaluation, writing its sheets while a draft, submitting it, and the bureau's
//! acceptance or return. Every step is one transaction with its audit entry (the whole row,
//! sheets included, before and after).

use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::credit::evaluation::{EvaluationStatus, Sheets, check_inspectors, check_sheets};
use crate::domain::ledger::fields;
use crate::domain::rubric::model::{Body, Kind};
use crate::domain::text::{self, Lines};
use crate::service::credit::in_force;
use crate::service::ledger::edit::{current, found};
use crate::service::ledger::writer;
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::credit::evaluations::{self as store, EvaluationRow};
use crate::store::credit::served_on;
use crate::store::is_unique_violation;

use super::{EvaluationView, rubric_of, view::view, writable};

/// A new evaluation: the project, the visit day and the inspectors' names.
#[derive(Debug, Clone)]
pub struct NewEvaluation {
    pub project_id: String,
    pub visit_on: String,
    pub inspectors: Vec<String>,
}

fn invalid(field: &str, message: String) -> ServiceError {
    ServiceError::Invalid(vec![FieldError::new(field, message)])
}

/// Opens a draft evaluation of `project_id`'s visit on `visit_on` (not after today) under the
/// `service-quality` rubric in force that day, for the company serving the project that day.
#[tracing::instrument(skip(state, who, input))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &NewEvaluation,
) -> Result<EvaluationView, ServiceError> {
    let day =
        fields::date("visit_on", &input.visit_on).map_err(|e| ServiceError::Invalid(vec![e]))?;
    if day > state.db.clock.today() {
        return Err(invalid(
            "visit_on",
            format!("检查日期 {day} 晚于今天，不能预先录入 (visit in the future)"),
        ));
    }
    let rubric = in_force(state, Kind::ServiceQuality, day).ok_or_else(|| {
        invalid(
            "visit_on",
            format!("没有适用于 {day} 的物业服务质量检查评分标准（kind = \"service-quality\"）(no rubric in force)"),
        )
    })?;
    let Body::Assessment(a) = &rubric.body else {
        return Err(invalid(
            "visit_on",
            "评分标准类型不符 (not a points rubric)".into(),
        ));
    };
    let inspectors = check_inspectors(&input.inspectors, a.evaluation.inspectors)
        .map_err(ServiceError::Invalid)?;
    let company_id = serving(state, &input.project_id, day, "visit_on").await?;
    let row = draft(state, who, input, &rubric, day, company_id, inspectors);
    let mut tx = state.db.begin().await?;
    writer(&state.db, &Actor::from(who))
        .create(&mut tx, &row, |e| {
            if is_unique_violation(&e) {
                invalid("visit_on", format!("该项目 {day} 已有一份现场测评，请修改那一份 (one evaluation per project and day)"))
            } else {
                e.into()
            }
        })
        .await?;
    tx.commit().await?;
    view(state, row).await
}

/// A new draft with empty sheets.
fn draft(
    state: &AppState,
    who: &Principal,
    input: &NewEvaluation,
    rubric: &crate::domain::rubric::Rubric,
    day: jiff::civil::Date,
    company_id: String,
    inspectors: Vec<String>,
) -> EvaluationRow {
    let at = state.db.clock.stamp();
    EvaluationRow {
        id: new_id(),
        project_id: input.project_id.clone(),
        company_id,
        visit_on: day,
        rubric_id: rubric.header.id.clone(),
        rubric_version: i64::from(rubric.header.version),
        organisation: who.name.clone(),
        created_by: who.has_token().then(|| who.token_id.clone()),
        sheets: Sheets {
            inspectors,
            ..Sheets::default()
        },
        status: EvaluationStatus::Draft,
        submitted_at: None,
        accepted_on: None,
        returned_reason: None,
        version: 1,
        created_at: at.clone(),
        updated_at: at,
    }
}

/// The company serving `project_id` on `day`, or a 422 naming why there is none (the day's
/// `field`; a missing project names `project_id`).
pub(crate) async fn serving(
    state: &AppState,
    project_id: &str,
    day: jiff::civil::Date,
    field: &str,
) -> Result<String, ServiceError> {
    let all = crate::domain::ledger::Visibility::All;
    if crate::store::ledger::projects::find(&state.db.pool, project_id, &all)
        .await?
        .is_none()
    {
        return Err(ServiceError::Absent(FieldError::new(
            "project_id",
            format!("项目 {project_id} 不存在 (no such project)"),
        )));
    }
    let served = served_on(&state.db.pool, day, None).await?;
    served
        .into_iter()
        .find(|s| s.project_id == project_id)
        .map(|s| s.company_id)
        .ok_or_else(|| {
            invalid(
                field,
                format!("项目在 {day} 没有物业服务企业（台账中无覆盖该日的服务期）(no company served the project that day)"),
            )
        })
}

/// Replaces the sheets of a draft (against the version last read); the inspectors may change
/// too. Returns the evaluation with its score so far.
#[tracing::instrument(skip(state, who, sheets))]
pub async fn save_sheets(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    sheets: &Sheets,
) -> Result<EvaluationView, ServiceError> {
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    writable(who, &before)?;
    current(&before, version)?;
    in_status(&before, EvaluationStatus::Draft, "修改检查表")?;
    let rubric = rubric_of(state, &before)?;
    let Body::Assessment(a) = &rubric.body else {
        return Err(invalid(
            "sheets",
            "评分标准类型不符 (not a points rubric)".into(),
        ));
    };
    let inspectors = check_inspectors(&sheets.inspectors, a.evaluation.inspectors);
    let checked = check_sheets(a, sheets);
    let (inspectors, checked) = match (inspectors, checked) {
        (Ok(i), Ok(c)) => (i, c),
        (i, c) => {
            let errors = i.err().into_iter().chain(c.err()).flatten().collect();
            return Err(ServiceError::Invalid(errors));
        }
    };
    super::photos::named_exist(&mut tx, &before.id, &checked).await?;
    let after = EvaluationRow {
        sheets: Sheets {
            inspectors,
            ..checked
        },
        ..before.clone()
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    tx.commit().await?;
    view(state, after).await
}

/// The acceptance day `raw` names (today when absent), between the visit day and today.
fn accepted_on(
    state: &AppState,
    row: &EvaluationRow,
    raw: Option<&str>,
) -> Result<jiff::civil::Date, ServiceError> {
    let today = state.db.clock.today();
    let Some(raw) = raw else {
        return Ok(today);
    };
    let day = fields::date("on", raw).map_err(|e| ServiceError::Invalid(vec![e]))?;
    if day < row.visit_on || day > today {
        return Err(invalid(
            "on",
            format!(
                "采纳日期 {day} 须在检查日期 {} 与今天 {today} 之间 (between the visit and today)",
                row.visit_on
            ),
        ));
    }
    Ok(day)
}

fn in_status(
    row: &EvaluationRow,
    wanted: EvaluationStatus,
    doing: &str,
) -> Result<(), ServiceError> {
    if row.status == wanted {
        return Ok(());
    }
    Err(ServiceError::Conflict(format!(
        "现场测评当前为“{}”，只有“{}”状态可以{doing} (wrong status)",
        row.status.label(),
        wanted.label()
    )))
}

/// What a status step does.
#[derive(Debug, Clone)]
pub enum Step {
    /// The inspector submits a complete draft.
    Submit,
    /// The bureau accepts a submitted evaluation on `on` (`YYYY-MM-DD`, from the visit day to
    /// today; today when absent): it counts from that day.
    Accept { on: Option<String> },
    /// The bureau returns a submitted evaluation to draft, with why.
    Return { reason: String },
}

/// Moves an evaluation one step (against the version last read).
#[tracing::instrument(skip(state, who))]
pub async fn step(
    state: &AppState,
    who: &Principal,
    id: &str,
    version: i64,
    step: &Step,
) -> Result<EvaluationView, ServiceError> {
    let mut tx = state.db.begin().await?;
    let before = found(store::find_tx(&mut tx, id).await?, id)?;
    current(&before, version)?;
    let at = state.db.clock.stamp();
    let after = match step {
        Step::Submit => {
            writable(who, &before)?;
            in_status(&before, EvaluationStatus::Draft, "提交")?;
            if let Err(missing) = super::score_of(state, &before, &[])? {
                return Err(ServiceError::Invalid(missing));
            }
            EvaluationRow {
                status: EvaluationStatus::Submitted,
                submitted_at: Some(at.clone()),
                ..before.clone()
            }
        }
        Step::Accept { on } => {
            in_status(&before, EvaluationStatus::Submitted, "采纳")?;
            let accepted_on = accepted_on(state, &before, on.as_deref())?;
            // The visit is scored under this version from now on: it may no longer change.
            crate::store::rubrics::mark_scored(
                &mut tx,
                &before.rubric_id,
                before.rubric_version,
                &at,
            )
            .await?;
            EvaluationRow {
                status: EvaluationStatus::Accepted,
                accepted_on: Some(accepted_on),
                ..before.clone()
            }
        }
        Step::Return { reason } => {
            in_status(&before, EvaluationStatus::Submitted, "退回")?;
            let reason = text::required("reason", reason, 500, Lines::Multi)
                .map_err(|e| ServiceError::Invalid(vec![e]))?;
            EvaluationRow {
                status: EvaluationStatus::Draft,
                submitted_at: None,
                returned_reason: Some(reason),
                ..before.clone()
            }
        }
    };
    let after = writer(&state.db, &Actor::from(who))
        .update(&mut tx, before, after, version, ServiceError::from)
        .await?;
    super::kept::keep(&mut tx, state, &after).await?;
    tx.commit().await?;
    view(state, after).await
}
