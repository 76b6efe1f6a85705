//! An evaluation as the API shows it: names with ids, statuses as `{code, label}`, each
//! finding with its titles, points and objection, and the score with every sheet's trace.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::FieldError;
use crate::domain::credit::evaluation::{
    EvaluationStatus, Exemption, Measure, ObjectionStatus, Veto, VisitScore,
};
use crate::service::credit::evaluations::{EvaluationView, FindingState};
use crate::service::{shown_at, shown_at_opt};

/// An on-site evaluation.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Evaluation {
    pub id: String,
    pub project_id: String,
    pub project_name: String,
    /// The company serving the project on the visit day.
    pub company_id: String,
    pub company_name: String,
    /// 检查日期.
    pub visit_on: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    /// 检查机构 (the inspector token's name).
    pub organisation: String,
    /// 检查人员, one per sheet.
    pub inspectors: Vec<String>,
    pub status: EvaluationStatus,
    /// Beijing time with the offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// 采纳日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_on: Option<String>,
    /// The last day the company may object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objection_until: Option<String>,
    /// Why the bureau last returned it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned_reason: Option<String>,
    pub findings: Vec<FindingOut>,
    pub measures: Vec<MeasureOut>,
    pub vetoes: Vec<VetoOut>,
    pub not_applicable: Vec<NotApplicableOut>,
    /// The visit's score without upheld findings; absent while the sheets are incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<VisitScore>,
    /// What the sheets still lack before they can be submitted.
    pub missing: Vec<FieldError>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A finding with its titles and objection.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FindingOut {
    /// What an objection names.
    pub index: usize,
    pub sheet: u32,
    pub item: String,
    pub item_title: String,
    pub finding: String,
    pub finding_title: String,
    pub count: u32,
    /// Points per occurrence.
    #[schemars(with = "crate::domain::number::schema::Points")]
    pub points: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Ids of its photos (download: `GET /api/v1/evaluation-photos/{id}`).
    pub photos: Vec<String>,
    /// False once an objection to it is upheld.
    pub counts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objection: Option<ObjectionOut>,
}

/// A company's objection and the bureau's decision.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ObjectionOut {
    pub id: String,
    pub reason: String,
    pub filed_on: String,
    pub status: ObjectionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<String>,
    pub version: i64,
}

/// A measured value.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MeasureOut {
    pub sheet: u32,
    pub item: String,
    #[schemars(with = "crate::domain::number::schema::Measured")]
    pub value: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A triggered veto.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct VetoOut {
    pub sheet: u32,
    pub item: String,
    pub note: String,
}

/// An item marked 不适用.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NotApplicableOut {
    pub sheet: u32,
    pub item: String,
    pub reason: String,
}

fn finding(f: FindingState) -> FindingOut {
    FindingOut {
        index: f.index,
        sheet: f.finding.sheet,
        item: f.finding.item,
        item_title: f.item_title,
        finding: f.finding.finding,
        finding_title: f.finding_title,
        count: f.finding.count,
        points: f.points,
        note: f.finding.note,
        location: f.finding.location,
        photos: f.finding.photos,
        counts: f.counts,
        objection: f.objection.map(|o| ObjectionOut {
            id: o.id,
            reason: o.reason,
            filed_on: o.filed_on.to_string(),
            status: o.status,
            decision_reason: o.decision_reason,
            decided_on: o.decided_on.map(|d| d.to_string()),
            version: o.version,
        }),
    }
}

impl From<EvaluationView> for Evaluation {
    fn from(v: EvaluationView) -> Self {
        let r = v.row;
        let s = r.sheets;
        Self {
            id: r.id,
            project_id: r.project_id,
            project_name: v.project_name,
            company_id: r.company_id,
            company_name: v.company_name,
            visit_on: r.visit_on.to_string(),
            rubric_id: r.rubric_id,
            rubric_version: r.rubric_version,
            organisation: r.organisation,
            inspectors: s.inspectors,
            status: r.status,
            submitted_at: shown_at_opt(r.submitted_at.as_deref()),
            accepted_on: r.accepted_on.map(|d| d.to_string()),
            objection_until: v.objection_until.map(|d| d.to_string()),
            returned_reason: r.returned_reason,
            findings: v.findings.into_iter().map(finding).collect(),
            measures: s
                .measures
                .into_iter()
                .map(|m: Measure| MeasureOut {
                    sheet: m.sheet,
                    item: m.item,
                    value: m.value,
                    note: m.note,
                })
                .collect(),
            vetoes: s
                .vetoes
                .into_iter()
                .map(|x: Veto| VetoOut {
                    sheet: x.sheet,
                    item: x.item,
                    note: x.note,
                })
                .collect(),
            not_applicable: s
                .exemptions
                .into_iter()
                .map(|x: Exemption| NotApplicableOut {
                    sheet: x.sheet,
                    item: x.item,
                    reason: x.reason,
                })
                .collect(),
            score: v.score,
            missing: v.missing,
            version: r.version,
            created_at: shown_at(&r.created_at),
            updated_at: shown_at(&r.updated_at),
        }
    }
}
