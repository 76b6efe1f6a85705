//! An on-site evaluation (第三方现场测评) of one project's visit against a `service-quality`
//! rubric: the inspectors' sheets (one per inspector, at most the rubric's `[evaluation]
//! inspectors`), each a list of findings per deduction item and of items marked 不适用 with a
//! reason; the checks that name the wrong field; and the visit's score — each sheet scored by
//! the rubric, the sheets combined by the rubric's rule, findings whose objection was upheld
//! left out ([`score`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::labelled::labelled_enum;

mod check;
mod score;
#[cfg(test)]
mod tests;

pub use check::{check_inspectors, check_sheets};
pub use score::{VisitScore, score};

/// Longest inspector name, in characters.
pub const MAX_INSPECTOR: usize = 50;
/// Longest note, location or reason, in characters.
pub const MAX_NOTE: usize = 500;
/// Most occurrences of one finding on one sheet (a count beyond is a typing error).
pub const MAX_COUNT: u32 = 999;
/// Most photos one finding names.
pub const MAX_PHOTOS: usize = 9;
/// Most findings and exemptions on one evaluation.
pub const MAX_LINES: usize = 500;

labelled_enum!(
    /// Where an evaluation stands: the inspector edits a draft, submits it, the bureau accepts
    /// it (or returns it to draft with a reason). Only an accepted evaluation counts.
    EvaluationStatus, "测评状态" {
        /// 草稿: the inspector is still filling it in.
        Draft = ("draft", "草稿"),
        /// 已提交: waiting for the bureau.
        Submitted = ("submitted", "已提交"),
        /// 已采纳: counts for project quality and credit; objections open.
        Accepted = ("accepted", "已采纳"),
    }
);

labelled_enum!(
    /// Where a company's objection (异议) to a finding stands.
    ObjectionStatus, "异议状态" {
        /// 待决定: lodged, the bureau has not decided.
        Pending = ("pending", "待决定"),
        /// 成立: upheld; the finding no longer counts.
        Upheld = ("upheld", "成立"),
        /// 不成立: rejected; the finding still counts.
        Rejected = ("rejected", "不成立"),
    }
);

/// A finding on an inspector's sheet: a deduction item's finding seen `count` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based sheet (inspector) number.
    pub sheet: u32,
    /// Item code, e.g. `2.2`.
    pub item: String,
    /// Finding code in that item, e.g. `broken-light`.
    pub finding: String,
    /// Occurrences (1–[`MAX_COUNT`]).
    pub count: u32,
    /// What was seen.
    pub note: Option<String>,
    /// Where (building, unit, spot).
    pub location: Option<String>,
    /// Photos (现场照片) of this evaluation that show it, by id (uploaded first, under the
    /// finding's item).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
}

/// An item an inspector marked 不适用 (e.g. no elevators), with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    /// 1-based sheet number.
    pub sheet: u32,
    /// Item code.
    pub item: String,
    /// Why it does not apply.
    pub reason: String,
}

/// A measured value for a threshold item (e.g. 6.2 投诉按时办结率 0.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// 1-based sheet number.
    pub sheet: u32,
    /// Item code.
    pub item: String,
    /// The value, in the item's unit (a share 0–1 where the rubric says so).
    pub value: Decimal,
    /// How it was measured.
    pub note: Option<String>,
}

/// A veto item the inspector found triggered (e.g. 8.1 重大安全事故), with what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Veto {
    /// 1-based sheet number.
    pub sheet: u32,
    /// Item code.
    pub item: String,
    /// What happened (required: a veto decides the grade).
    pub note: String,
}

/// Everything the inspectors wrote for one visit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sheets {
    /// The inspectors' names, one per sheet, in sheet order.
    pub inspectors: Vec<String>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub vetoes: Vec<Veto>,
    #[serde(default)]
    pub exemptions: Vec<Exemption>,
}

impl Sheets {
    /// Lines on all sheets.
    pub fn lines(&self) -> usize {
        self.findings.len() + self.measures.len() + self.vetoes.len() + self.exemptions.len()
    }
}
