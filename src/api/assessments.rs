//! `/api/v1/periods/{period}/units/{unit}/…`: one unit's self-assessment, evidence, result and
//! history. Who may see or change what is decided by the service's standing rule (own unit /
//! assigned reviewer / bureau).

use std::collections::BTreeMap;

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Attachment, AttachmentType, Json};
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::Tag;
use super::auth::{Allowed, can};
use super::body::{JsonBody, parse};
use super::error::{ApiError, ApiResult};
use super::evidence_upload::EvidenceUpload;
use super::typed::{Raw, ReasonText, Typed, typed};
use crate::domain::number;
use crate::service::AppState;
use crate::service::assessment::{evidence, results, self_assessment};

/// Unit assessment endpoints.
pub struct AssessmentsApi {
    pub state: AppState,
}

/// One item as entered.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ItemEntryBody {
    /// The method's input: `{"points": "3.5"}`, `{"findings": {"overdue": 1}}`, `{"measured": "0.92"}`,
    /// `{"done": "2023-01-30"}`, `"not_done"`, `{"index": "85"}`, `{"awards": {...}}`, `{"veto": false}`,
    /// `{"not_applicable": {"reason": "…"}}`.
    pub input: Raw<crate::domain::rubric::ItemInput>,
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(
        max_length = 2000,
        pattern = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub note: Option<String>,
}

/// Saving self-assessment drafts.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct SaveSelfAssessment {
    /// The self-assessment's version last read (0 before the first save).
    pub version: i64,
    /// Item code → entry. Items not named keep their saved values.
    pub items: BTreeMap<String, ItemEntryBody>,
}

/// A version-only request (submit).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: i64,
}

/// A reason (send back).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub reason: ReasonText<2000>,
}

/// One audited change to a unit's assessment, with the names it concerns.
#[derive(Debug, Object)]
pub struct HistoryEntry {
    /// The audit entry. `before` and `after` are snapshots of whichever record changed (a
    /// self-assessment, a review, an appeal…), so their shape is that record's, not one schema.
    #[oai(flatten)]
    pub entry: super::audit::AuditEntry,
    /// The period's name.
    pub period_name: String,
    /// The unit's name.
    pub unit_name: String,
    /// The item it changed, when it changed one.
    #[oai(skip_serializing_if_is_none)]
    pub item_code: Option<String>,
}

impl From<crate::service::assessment::HistoryEntry> for HistoryEntry {
    fn from(h: crate::service::assessment::HistoryEntry) -> Self {
        Self {
            entry: h.entry.into(),
            period_name: h.period_name,
            unit_name: h.unit_name,
            item_code: h.item_code,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Assessments")]
impl AssessmentsApi {
    /// 查看自评 (a unit's self-assessment with its status, deadline and items).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/self-assessment",
        method = "get"
    )]
    async fn self_assessment(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<self_assessment::SelfAssessmentView>>> {
        let who = &caller.who;
        typed(self_assessment::view(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 保存自评草稿 (save draft scores; all items or none; 409 after submission or the deadline).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/self-assessment",
        method = "put"
    )]
    async fn save(
        &self,
        caller: Allowed<can::SelfAssess>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<SaveSelfAssessment>,
    ) -> ApiResult<Json<Typed<self_assessment::SelfAssessmentView>>> {
        let who = &caller.who;
        let mut items = BTreeMap::new();
        for (code, e) in body.0.items {
            let field = format!("items.{code}.input");
            number::check_item_input(&field, &e.input.value)
                .map_err(|e| ApiError::invalid(vec![e]))?;
            let input = parse(&field, e.input.value)?;
            items.insert(
                code,
                self_assessment::ItemEntry {
                    input,
                    note: e.note,
                },
            );
        }
        typed(
            self_assessment::save(
                &self.state,
                who,
                &period_id.0,
                &unit_id.0,
                body.0.version,
                &items,
            )
            .await?,
        )
    }

    /// 提交自评 (submit; 409 when already submitted or late).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/self-assessment/submit",
        method = "post"
    )]
    async fn submit(
        &self,
        caller: Allowed<can::SelfAssess>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<VersionOnly>,
    ) -> ApiResult<Json<Typed<self_assessment::SelfAssessmentView>>> {
        let who = &caller.who;
        typed(
            self_assessment::submit(&self.state, who, &period_id.0, &unit_id.0, body.0.version)
                .await?,
        )
    }

    /// 退回补正 (send a submitted self-assessment back for correction, with the reason).
    #[oai(
        path = "/periods/:period_id/units/:unit_id/self-assessment/send-back",
        method = "post"
    )]
    async fn send_back(
        &self,
        caller: Allowed<can::SendBack>,
        period_id: Path<String>,
        unit_id: Path<String>,
        body: JsonBody<Reason>,
    ) -> ApiResult<Json<Typed<self_assessment::SelfAssessmentView>>> {
        let who = &caller.who;
        typed(
            self_assessment::send_back(
                &self.state,
                who,
                &period_id.0,
                &unit_id.0,
                &body.0.reason.0,
            )
            .await?,
        )
    }

    /// 上传佐证材料 (attach evidence to an item: multipart fields `item_code` and `file`;
    /// PDF, images, Excel, Word, judged by content).
    #[oai(path = "/periods/:period_id/units/:unit_id/evidence", method = "post")]
    async fn upload(
        &self,
        caller: Allowed<can::AttachEvidence>,
        period_id: Path<String>,
        unit_id: Path<String>,
        upload: EvidenceUpload,
    ) -> ApiResult<Json<Typed<evidence::EvidenceView>>> {
        let who = &caller.who;
        let u = upload;
        typed(
            evidence::upload(
                &self.state,
                who,
                &period_id.0,
                &unit_id.0,
                &u.item_code,
                &u.file_name,
                &u.bytes,
            )
            .await?,
        )
    }

    /// 佐证材料列表 (evidence attached to a unit's items).
    #[oai(path = "/periods/:period_id/units/:unit_id/evidence", method = "get")]
    async fn evidence(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<Vec<evidence::EvidenceView>>>> {
        let who = &caller.who;
        typed(evidence::list(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 下载佐证材料 (download one file, for those who may see the item).
    #[oai(path = "/evidence/:id", method = "get")]
    async fn download(
        &self,
        caller: Allowed<can::ReadAssessments>,
        id: Path<String>,
    ) -> ApiResult<Attachment<Vec<u8>>> {
        let who = &caller.who;
        let (view, bytes) = evidence::download(&self.state, who, &id.0).await?;
        Ok(Attachment::new(bytes)
            .attachment_type(AttachmentType::Attachment)
            .filename(view.file_name))
    }

    /// 考核结果 (the unit's result with the full calculation trace; units see it from the notice on).
    #[oai(path = "/periods/:period_id/units/:unit_id/result", method = "get")]
    async fn result(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
    ) -> ApiResult<Json<Typed<results::UnitResult>>> {
        let who = &caller.who;
        typed(results::unit_result(&self.state, who, &period_id.0, &unit_id.0).await?)
    }

    /// 变更历史 (every audited change to a unit's assessment, or to one item).
    #[oai(path = "/periods/:period_id/units/:unit_id/history", method = "get")]
    async fn history(
        &self,
        caller: Allowed<can::ReadAssessments>,
        period_id: Path<String>,
        unit_id: Path<String>,
        /// Only this item.
        item: Query<Option<String>>,
    ) -> ApiResult<Json<Vec<HistoryEntry>>> {
        let who = &caller.who;
        let rows = crate::service::assessment::history(
            &self.state,
            who,
            &period_id.0,
            &unit_id.0,
            item.0.as_deref(),
        )
        .await?;
        Ok(Json(rows.into_iter().map(HistoryEntry::from).collect()))
    }
}
