//! `/api/v1/companies/:id/conduct-records` and `/api/v1/conduct-records/:id/end`: conduct
//! records (良好 / 不良行为记录) of a company, typed by the `credit` rubric's record kinds.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::CodeLabel;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::DecimalText;
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{Choice, DateText, LineText, ReasonText};
use crate::domain::credit::EndKind;
use crate::domain::credit::record::{MAX_ISSUER, MAX_NOTE, MAX_REFERENCE};
use crate::domain::rubric::credit::Conduct;
use crate::service::credit::records::{self, ConductInput, ConductView, EndInput};
use crate::service::{AppState, shown_at};

/// Conduct record endpoints.
pub struct ConductApi {
    pub state: AppState,
}

/// A new conduct record.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewConductRecord {
    /// The record kind's code in the `credit` rubric in force on `recorded_on` (e.g. `moderate`,
    /// `award-county`; see `GET /api/v1/rubrics/credit/…`).
    pub kind: LineText<64>,
    /// 记录日期 `YYYY-MM-DD` (date of the decision); not after today (Beijing).
    pub recorded_on: DateText,
    /// 文号 (document number); one record per company and document.
    pub reference: LineText<MAX_REFERENCE>,
    /// 发文机关 (issuing body).
    pub issuer: LineText<MAX_ISSUER>,
    /// The points, if typed (optionally signed, at most 4 decimals, never rounded): must be
    /// the kind's (they are set by the rubric, not here).
    #[oai(
        skip_serializing_if_is_none,
        validator(pattern = "^[+-]?(1000(\\.0{1,4})?|[0-9]{1,3}(\\.[0-9]{1,4})?)$")
    )]
    pub points: Option<DecimalText>,
    /// 有效期截止日 `YYYY-MM-DD` when the record says so; otherwise the kind's months.
    #[oai(skip_serializing_if_is_none)]
    pub valid_until: Option<DateText>,
    /// 整改期限 `YYYY-MM-DD` (bad records only).
    #[oai(skip_serializing_if_is_none)]
    pub rectify_by: Option<DateText>,
    /// 备注 (at most 1000 characters; line breaks allowed).
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<ReasonText<MAX_NOTE>>,
}

/// Ending a record early: withdrawn (撤销) or repaired (信用修复).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct EndConductRecord {
    /// The version last read.
    #[oai(validator(minimum(value = "1")))]
    pub version: i64,
    /// `withdrawn` (撤销) or `repaired` (信用修复): the code, the Chinese label, or the
    /// `{code, label}` object.
    pub how: Choice<EndKind>,
    /// The first day it no longer counts, `YYYY-MM-DD`; today (Beijing) when absent.
    #[oai(skip_serializing_if_is_none)]
    pub on: Option<DateText>,
    /// Why (kept with the record and in the audit trail; at most 1000 characters).
    pub reason: ReasonText<1000>,
}

/// A conduct record.
#[derive(Debug, Object)]
#[oai(rename = "CompanyConductRecord")]
pub struct ConductRecord {
    pub id: String,
    pub company_id: String,
    /// The company's name.
    pub company_name: String,
    /// The rubric the record was typed by.
    pub rubric_id: String,
    pub rubric_version: i64,
    /// The kind's code and title.
    pub kind: CodeLabel,
    /// 良好行为 or 不良行为.
    pub conduct: CodeLabel,
    pub recorded_on: String,
    /// 文号.
    pub reference: String,
    /// 发文机关.
    pub issuer: String,
    /// Signed points: + good conduct, − bad.
    pub points: String,
    /// Last day it counts (unless ended earlier).
    pub valid_until: String,
    #[oai(skip_serializing_if_is_none)]
    pub rectify_by: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<String>,
    /// The first day it no longer counted, when withdrawn or repaired.
    #[oai(skip_serializing_if_is_none)]
    pub ended_on: Option<String>,
    /// 撤销 or 信用修复.
    #[oai(skip_serializing_if_is_none)]
    pub end_kind: Option<CodeLabel>,
    #[oai(skip_serializing_if_is_none)]
    pub end_reason: Option<String>,
    /// 整改验收日期: the day the bureau accepted the rectification (bad records).
    #[oai(skip_serializing_if_is_none)]
    pub rectified_on: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub rectification_note: Option<String>,
    /// The first day the company may apply for credit repair (the kind's minimum publicity
    /// period from the record's date); absent when the kind cannot be repaired.
    #[oai(skip_serializing_if_is_none)]
    pub repair_from: Option<String>,
    pub version: i64,
    /// Beijing time with the offset.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<ConductView> for ConductRecord {
    fn from(v: ConductView) -> Self {
        let r = v.row;
        let conduct = match v.conduct {
            Conduct::Good => CodeLabel::of("good", "良好行为"),
            Conduct::Bad => CodeLabel::of("bad", "不良行为"),
        };
        let end_kind = r.end_kind.as_deref().map(|k| match k.parse::<EndKind>() {
            Ok(k) => CodeLabel::of(k.code(), k.label()),
            Err(_) => CodeLabel::of(k, k),
        });
        Self {
            id: r.id,
            company_id: r.company_id,
            company_name: v.company_name,
            rubric_id: r.rubric_id,
            rubric_version: r.rubric_version,
            kind: CodeLabel::of(&r.kind, &v.kind_title),
            conduct,
            recorded_on: r.recorded_on.to_string(),
            reference: r.reference,
            issuer: r.issuer,
            points: r.points.to_string(),
            valid_until: r.valid_until.to_string(),
            rectify_by: r.rectify_by.map(|d| d.to_string()),
            note: r.note,
            ended_on: r.ended_on.map(|d| d.to_string()),
            end_kind,
            end_reason: r.end_reason,
            rectified_on: r.rectified_on.map(|d| d.to_string()),
            rectification_note: r.rectification_note,
            repair_from: v.repair_from.map(|d| d.to_string()),
            version: r.version,
            created_at: shown_at(&r.created_at),
            updated_at: shown_at(&r.updated_at),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ConductApi {
    /// 登记信用记录 (record a good or bad conduct record of a company).
    #[oai(path = "/companies/:id/conduct-records", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteCredit>,
        id: Path<String>,
        body: JsonBody<NewConductRecord>,
    ) -> ApiResult<Json<ConductRecord>> {
        let b = body.0;
        let input = ConductInput {
            kind: b.kind.0,
            recorded_on: b.recorded_on.0,
            reference: b.reference.0,
            issuer: b.issuer.0,
            points: b.points.map(|p| p.0),
            valid_until: b.valid_until.map(|d| d.0),
            rectify_by: b.rectify_by.map(|d| d.0),
            note: b.note.map(|n| n.0),
        };
        let v = records::create(&self.state, &caller.who, &id.0, &input).await?;
        Ok(Json(v.into()))
    }

    /// 企业信用记录 (a company's conduct records, newest first, ended ones included).
    #[oai(path = "/companies/:id/conduct-records", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadCredit>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<ConductRecord>>> {
        let rows = records::list(&self.state, &caller.who, &id.0).await?;
        Ok(Json(rows.into_iter().map(ConductRecord::from).collect()))
    }

    /// 撤销或信用修复 (end a record early: it stays, with the day, how and why).
    #[oai(path = "/conduct-records/:id/end", method = "post")]
    async fn end(
        &self,
        caller: Allowed<can::WriteCredit>,
        id: Path<String>,
        body: JsonBody<EndConductRecord>,
    ) -> ApiResult<Json<ConductRecord>> {
        let b = body.0;
        let how = EndKind::parse("how", &b.how.code())
            .map_err(|e| crate::api::error::ApiError::invalid(vec![e]))?;
        let input = EndInput {
            version: b.version,
            how,
            on: b.on.map(|d| d.0),
            reason: b.reason.0,
        };
        let v = records::end(&self.state, &caller.who, &id.0, &input).await?;
        Ok(Json(v.into()))
    }
}
