//! Each review team's written report (书面报告) on a unit: text plus structured findings.

use serde::{Deserialize, Serialize};

use super::{Standing, load_period_tx, stale, standing, subject};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::review::Recheck;
use crate::domain::text::{self, Lines};
use crate::service::audit::{self, Change};
use crate::service::names::Names;
use crate::service::{Actor, AppState, ServiceError, shown_at};
use crate::store::{self, assessment::reviews::ReportRow};

/// A team's written report (书面报告) on a unit, with structured findings.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReportEntry {
    pub body: String,
    #[serde(default)]
    pub findings: serde_json::Value,
    /// The report's version last read (0 for a new report).
    pub version: i64,
}

/// A stored report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportView {
    pub id: String,
    pub team_id: String,
    /// The team's name.
    pub team_name: String,
    pub body: String,
    pub findings: serde_json::Value,
    pub version: i64,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl ReportView {
    fn new(r: ReportRow, names: &Names) -> Self {
        Self {
            team_name: names.team(&r.team_id),
            id: r.id,
            team_id: r.team_id,
            body: r.body,
            findings: r.findings,
            version: r.version,
            updated_at: shown_at(&r.updated_at),
        }
    }
}

/// Longest report text, in characters (a long written report, 书面报告).
const BODY_MAX: usize = 20_000;
/// Longest structured findings, in characters of their JSON text: as long as the report.
const FINDINGS_MAX: usize = 20_000;
/// Longest text inside the structured findings, in characters (as long as a note).
const FINDING_TEXT_MAX: usize = 2_000;

/// Structured findings are an array or object, at most [`FINDINGS_MAX`] characters of JSON,
/// each text in them at most [`FINDING_TEXT_MAX`] characters without control characters
/// other than line breaks and tabs.
fn check_findings(findings: &serde_json::Value) -> Result<(), ServiceError> {
    if !matches!(
        findings,
        serde_json::Value::Null | serde_json::Value::Array(_) | serde_json::Value::Object(_)
    ) {
        return Err(
            FieldError::new("findings", "结构化问题须为数组或对象 (array or object)").into(),
        );
    }
    let length = findings.to_string().chars().count();
    if length > FINDINGS_MAX {
        return Err(FieldError::new(
            "findings",
            format!("结构化问题长度为 {length} 个字符，超过上限 {FINDINGS_MAX} (too long)"),
        )
        .into());
    }
    Ok(text::json_strings(
        "findings",
        findings,
        FINDING_TEXT_MAX,
        Lines::Multi,
    )?)
}

/// The report row to write: a new one, or the old one's next version.
fn report_row(
    old: Option<&ReportRow>,
    period_id: &str,
    unit_id: &str,
    team_id: String,
    body: String,
    entry: &ReportEntry,
    state: &AppState,
) -> Result<ReportRow, ServiceError> {
    let at = state.db.clock.stamp();
    Ok(ReportRow {
        id: old.map_or_else(crate::service::new_id, |r| r.id.clone()),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        team_id,
        body,
        findings: entry.findings.clone(),
        version: old.map_or(0, |r| r.version) + 1,
        created_at: old.map_or_else(|| at.clone(), |r| r.created_at.clone()),
        updated_at: at,
    })
}

/// Writes (or rewrites) the caller's team's report on a unit.
pub async fn write_report(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    entry: &ReportEntry,
) -> Result<ReportView, ServiceError> {
    let Standing::Reviewer { team_id } = standing(&state.db, who, period_id, unit_id).await? else {
        return Err(ServiceError::Refused(
            "只有被指派的考核组可以撰写复核报告 (only an assigned team)".into(),
        ));
    };
    let body = text::required("body", &entry.body, BODY_MAX, Lines::Multi)?;
    check_findings(&entry.findings)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    crate::domain::workflow::report_open(ctx.phase)?;
    let old =
        store::assessment::reviews::find_report(&mut tx, period_id, unit_id, &team_id).await?;
    let current = old.as_ref().map_or(0, |r| r.version);
    if current != entry.version {
        return Err(stale("复核报告", current, entry.version));
    }
    let row = report_row(
        old.as_ref(),
        period_id,
        unit_id,
        team_id,
        body,
        entry,
        state,
    )?;
    if !store::assessment::reviews::save_report(&mut tx, &row, old.as_ref().map(|r| r.version))
        .await?
    {
        return Err(stale("复核报告", current + 1, current));
    }
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "review.report",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: old.as_ref().map(|r| audit::snapshot(&r.body)).transpose()?,
            after: Some(audit::snapshot(&(&row.body, &row.findings.to_string()))?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    let names = Names::of(state, &[], &[row.team_id.as_str()]).await?;
    Ok(ReportView::new(row, &names))
}

/// Reports on a unit, for those who may see its assessment (the unit from the notice on).
pub async fn reports(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<ReportView>, ServiceError> {
    super::sight(state, who, period_id, unit_id)
        .await?
        .check(Recheck::Report)?;
    let rows = store::assessment::reviews::reports(&state.db.pool, period_id, unit_id).await?;
    let teams: Vec<&str> = rows.iter().map(|r| r.team_id.as_str()).collect();
    let names = Names::of(state, &[], &teams).await?;
    Ok(rows
        .into_iter()
        .map(|r| ReportView::new(r, &names))
        .collect())
}
