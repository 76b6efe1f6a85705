//! `/api/v1/conduct-records/import…`: conduct records from a workbook — the template, the import
//! (all or nothing, like the ledger, evaluation and complaint imports) and the annotated copy
//! of a rejected file. The bureau only.

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
use crate::service::credit::records_import::{self as import, ConductImportOutcome};

/// Conduct record import endpoints (admin).
pub struct ConductImportApi {
    pub state: AppState,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ConductImportApi {
    /// 下载信用记录导入模板 (one row per record, a dropdown of record kinds, and a guide listing
    /// the kinds of the credit rubric in force on `on` with their points and months; admin).
    #[oai(path = "/conduct-records/import/template", method = "get")]
    async fn template(
        &self,
        caller: Allowed<can::WriteCredit>,
        /// The records' day, e.g. `2023-06-01` (default today).
        on: Query<Option<DateText>>,
    ) -> ApiResult<crate::api::xlsx::XlsxFile> {
        let on = on.0.map(|d| d.0);
        let bytes = import::template(&self.state, &caller.who, on.as_deref()).await?;
        Ok(xlsx(bytes, "信用记录导入模板.xlsx"))
    }

    /// 导入信用记录 (import conduct records from .xlsx or .csv, all or nothing; admin). Each row
    /// is checked as one typed in; a record already there with the same content is left as it
    /// is, so re-importing a file changes nothing; a document number naming a different record
    /// of the company is a row problem. Any problem answers 422 with every problem cell and
    /// writes nothing; `dry_run=true` checks only.
    #[oai(path = "/conduct-records/import", method = "post")]
    async fn import(
        &self,
        caller: Allowed<can::WriteCredit>,
        /// Check and count without writing.
        dry_run: Query<Option<bool>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<Json<Typed<ConductImportOutcome>>> {
        let dry_run = dry_run.0.unwrap_or(false);
        typed(import::import(&self.state, &caller.who, file.0, dry_run).await?)
    }

    /// 下载信用记录标注副本 (re-post the file: problem cells come back filled red with a note,
    /// and a 问题 sheet lists every problem; header `x-problem-count`; admin).
    #[oai(path = "/conduct-records/import/annotated", method = "post")]
    async fn annotated(
        &self,
        caller: Allowed<can::WriteCredit>,
        file: SpreadsheetUpload,
    ) -> ApiResult<AnnotatedCopy> {
        let (bytes, problems) = import::annotate(&self.state, &caller.who, file.0).await?;
        Ok(AnnotatedCopy::Ok(
            xlsx(bytes, "信用记录问题标注.xlsx"),
            problems as u64,
        ))
    }
}
