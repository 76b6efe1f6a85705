//! `/api/v1/complaints/import…`: the complaints workbook (e.g. the 12345 hotline's monthly
//! work-order export) — its template, the import (all or nothing, like the ledger and
//! evaluation imports) and the annotated copy of a rejected file. The bureau only.

use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::ledger::import::{AnnotatedCopy, xlsx};
use crate::api::ledger::upload::SpreadsheetUpload;
use crate::api::typed::{DateText, Typed, typed};
use crate::service::AppState;
use crate::service::credit::complaints::import::{self, ComplaintImportOutcome};

/// Complaint import endpoints (admin).
pub struct ComplaintImportApi {
    pub state: AppState,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ComplaintImportApi {
    /// 下载信访投诉导入模板 (the complaints template: one row per complaint, dropdowns for the
    /// channel, category and outcome, and a guide listing the channels with their time limits
    /// and the categories in force on `on`; admin).
    #[oai(path = "/complaints/import/template", method = "get")]
    async fn template(
        &self,
        caller: Allowed<can::WriteComplaints>,
        /// The complaints' day, e.g. `2023-05-02`: the guide lists the rules in force that day
        /// (default today).
        on: Query<Option<DateText>>,
    ) -> ApiResult<crate::api::xlsx::XlsxFile> {
        let on = on.0.map(|d| d.0);
        let bytes = import::template(&self.state, &caller.who, on.as_deref()).await?;
        Ok(xlsx(bytes, "信访投诉导入模板.xlsx"))
    }

    /// 导入信访投诉 (import complaints from .xlsx or .csv, all or nothing; admin). Each row is
    /// checked as one typed in. A complaint already there with the same content is left as it
    /// is, so re-importing a file changes nothing; one stored open that the file shows resolved
    /// is resolved; a number naming a different complaint is a row problem. Any problem answers
    /// 422 with every problem cell and writes nothing; `dry_run=true` checks only.
    #[oai(path = "/complaints/import", method = "post")]
    async fn import(
        &self,
        caller: Allowed<can::WriteComplaints>,
        /// Check and count without writing.
        dry_run: Query<Option<bool>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<Json<Typed<ComplaintImportOutcome>>> {
        let dry_run = dry_run.0.unwrap_or(false);
        typed(import::import(&self.state, &caller.who, file.0, dry_run).await?)
    }

    /// 下载信访投诉标注副本 (re-post the file: problem cells come back filled red with a note,
    /// and a 问题 sheet lists every problem; header `x-problem-count`; admin).
    #[oai(path = "/complaints/import/annotated", method = "post")]
    async fn annotated(
        &self,
        caller: Allowed<can::WriteComplaints>,
        file: SpreadsheetUpload,
    ) -> ApiResult<AnnotatedCopy> {
        let (bytes, problems) = import::annotate(&self.state, &caller.who, file.0).await?;
        Ok(AnnotatedCopy::Ok(
            xlsx(bytes, "信访投诉问题标注.xlsx"),
            problems as u64,
        ))
    }
}
