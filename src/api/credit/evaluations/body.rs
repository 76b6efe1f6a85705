//! Request bodies of the evaluation endpoints, and their reading into the domain's sheets
//! (a measured value is read exactly, against the bounds of a measure).

use poem_openapi::Object;
use serde::Deserialize;

use crate::api::body::DecimalText;
use crate::api::typed::{DateText, LineText, ReasonText};
use crate::domain::FieldError;
use crate::domain::credit::evaluation::MAX_INSPECTOR;
use crate::domain::credit::evaluation::{Exemption, Finding, Measure, Sheets, Veto};
use crate::domain::number::{MEASURED, decimal};
use crate::service::ServiceError;

/// A new evaluation of a project's visit.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewEvaluation {
    /// The project (项目 id).
    #[oai(validator(min_length = 1, max_length = 64))]
    pub project_id: String,
    /// 检查日期 `YYYY-MM-DD`, not after today (Beijing); decides the rubric and the company.
    pub visit_on: DateText,
    /// 检查人员: one name per sheet, at most the rubric's `[evaluation] inspectors` (2), each
    /// named once.
    #[oai(validator(min_items = 1, max_items = 2, unique_items))]
    pub inspectors: Vec<LineText<MAX_INSPECTOR>>,
}

fn one() -> u32 {
    1
}

/// A finding (扣分问题) on a sheet.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct FindingLine {
    /// 检查表序号: the inspector's place in `inspectors`, from 1 (default 1).
    #[serde(default = "one")]
    #[oai(default = "one", validator(minimum(value = "1"), maximum(value = "2")))]
    pub sheet: u32,
    /// Item code, e.g. `2.2`.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub item: String,
    /// Finding code of the item, e.g. `broken-light`.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub finding: String,
    /// 次数 1–999 (default 1).
    #[serde(default = "one")]
    #[oai(
        default = "one",
        validator(minimum(value = "1"), maximum(value = "999"))
    )]
    pub count: u32,
    /// 情况说明.
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<ReasonText<500>>,
    /// 位置 (building, unit, spot).
    #[oai(skip_serializing_if_is_none)]
    pub location: Option<ReasonText<500>>,
    /// 现场照片: ids of this evaluation's photos (`POST /api/v1/evaluations/{id}/photos` under
    /// the same item), at most 9, each once.
    #[serde(default)]
    #[oai(default, validator(max_items = 9, unique_items))]
    pub photos: Vec<LineText<64>>,
}

/// A measured value of a threshold item (e.g. 6.2 投诉按时办结率 `0.92`).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct MeasureLine {
    #[serde(default = "one")]
    #[oai(default = "one", validator(minimum(value = "1"), maximum(value = "2")))]
    pub sheet: u32,
    #[oai(validator(min_length = 1, max_length = 64))]
    pub item: String,
    /// The value in the item's unit (a share 0–1 where the rubric says so): 0–100, at most
    /// 6 decimals, read exactly.
    #[oai(validator(pattern = "^(100(\\.0{1,6})?|[0-9]{1,2}(\\.[0-9]{1,6})?)$"))]
    pub value: DecimalText,
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<ReasonText<500>>,
}

/// A triggered veto item (否决项), with what happened.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct VetoLine {
    #[serde(default = "one")]
    #[oai(default = "one", validator(minimum(value = "1"), maximum(value = "2")))]
    pub sheet: u32,
    #[oai(validator(min_length = 1, max_length = 64))]
    pub item: String,
    pub note: ReasonText<500>,
}

/// An item that does not apply (不适用), with why.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NotApplicableLine {
    #[serde(default = "one")]
    #[oai(default = "one", validator(minimum(value = "1"), maximum(value = "2")))]
    pub sheet: u32,
    #[oai(validator(min_length = 1, max_length = 64))]
    pub item: String,
    pub reason: ReasonText<500>,
}

/// The sheets of a draft, replaced whole.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SheetsBody {
    /// The version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// 检查人员, one per sheet, each named once.
    #[oai(validator(min_items = 1, max_items = 2, unique_items))]
    pub inspectors: Vec<LineText<MAX_INSPECTOR>>,
    #[serde(default)]
    #[oai(default, validator(max_items = 500))]
    pub findings: Vec<FindingLine>,
    #[serde(default)]
    #[oai(default, validator(max_items = 500))]
    pub measures: Vec<MeasureLine>,
    #[serde(default)]
    #[oai(default, validator(max_items = 500))]
    pub vetoes: Vec<VetoLine>,
    #[serde(default)]
    #[oai(default, validator(max_items = 500))]
    pub not_applicable: Vec<NotApplicableLine>,
}

fn text(t: Option<ReasonText<500>>) -> Option<String> {
    t.map(|t| t.0)
}

/// The measures, each value read exactly within a measure's bounds.
fn measures(lines: Vec<MeasureLine>) -> Result<Vec<Measure>, ServiceError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut out = Vec::new();
    for (i, m) in lines.into_iter().enumerate() {
        let field = format!("measures[{i}].value");
        match decimal(&field, m.value.as_str(), MEASURED) {
            Ok(value) => out.push(Measure {
                sheet: m.sheet,
                item: m.item,
                value,
                note: text(m.note),
            }),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

impl SheetsBody {
    /// The domain's sheets; a measured value that is not a number in range names its field.
    pub fn sheets(self) -> Result<(i64, Sheets), ServiceError> {
        let measures = measures(self.measures)?;
        let sheets = Sheets {
            inspectors: self.inspectors.into_iter().map(|n| n.0).collect(),
            findings: self
                .findings
                .into_iter()
                .map(|f| Finding {
                    sheet: f.sheet,
                    item: f.item,
                    finding: f.finding,
                    count: f.count,
                    note: text(f.note),
                    location: text(f.location),
                    photos: f.photos.into_iter().map(|p| p.0).collect(),
                })
                .collect(),
            measures,
            vetoes: self
                .vetoes
                .into_iter()
                .map(|v| Veto {
                    sheet: v.sheet,
                    item: v.item,
                    note: v.note.0,
                })
                .collect(),
            exemptions: self
                .not_applicable
                .into_iter()
                .map(|x| Exemption {
                    sheet: x.sheet,
                    item: x.item,
                    reason: x.reason.0,
                })
                .collect(),
        };
        Ok((self.version, sheets))
    }
}

/// A status step against the version last read.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
}

/// Accepting a submitted evaluation.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// 采纳日期 `YYYY-MM-DD`: the day the bureau accepted the results (from the visit day to
    /// today; today when absent). The evaluation counts from it, and the company's objection
    /// window runs from it.
    #[oai(skip_serializing_if_is_none)]
    pub on: Option<DateText>,
}

/// Returning a submitted evaluation to the inspector.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// 退回原因.
    pub reason: ReasonText<500>,
}

/// A company's objection to one finding.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewObjection {
    /// The finding's `index` in the evaluation (from 0).
    #[oai(validator(minimum(value = "0"), maximum(value = "499")))]
    pub finding: u32,
    /// 异议理由.
    pub reason: ReasonText<1000>,
}

/// The bureau's decision on an objection.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ObjectionDecision {
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// `true`: 成立 (the finding stops counting); `false`: 不成立.
    pub uphold: bool,
    /// 决定理由.
    pub reason: ReasonText<1000>,
}
