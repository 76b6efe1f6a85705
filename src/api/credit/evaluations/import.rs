//! `/api/v1/evaluations/import…`: the third-party firm's evaluation results workbook — its
//! template, the import (all or nothing, like the ledger and paper-survey imports) and the
//! annotated copy of a rejected file.
//!
//! Authorised as `DecideEvaluations`, not `WriteCredit`: an imported evaluation is stored
//! already accepted, and accepting an evaluation is that permission's decision; the bureau
//! alone holds it, as it alone may accept one typed in.

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
use crate::service::credit::evaluations::import::{
    self, EvaluationImportOutcome, EvaluationImportRecord,
};

/// Evaluation import endpoints (admin).
pub struct EvaluationImportApi {
    pub state: AppState,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl EvaluationImportApi {
    /// 下载现场测评结果导入模板 (the results template: one row per finding, measure, veto or
    /// 不适用 item of a visit, and a guide listing the items and finding codes of the
    /// service-quality rubric in force on `on`; admin).
    #[oai(path = "/evaluations/import/template", method = "get")]
    async fn template(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        /// The visits' day, e.g. `2023-05-10`: the guide lists the rubric in force that day
        /// (default today).
        on: Query<Option<DateText>>,
    ) -> ApiResult<crate::api::xlsx::XlsxFile> {
        let on = on.0.map(|d| d.0);
        let bytes = import::template(&self.state, &caller.who, on.as_deref()).await?;
        Ok(xlsx(bytes, "现场测评结果导入模板.xlsx"))
    }

    /// 导入现场测评结果 (import the third-party firm's results from .xlsx or .csv, all or
    /// nothing; admin). Rows group by project and visit date into one evaluation each, checked
    /// as one typed in, and stored **accepted** by the importing admin on `accepted_on` (from
    /// which the evaluations count and the objection window runs). An evaluation already there with the same sheets is left as
    /// it is, so re-importing a file changes nothing; different sheets for the same project and
    /// day are a row problem. Any problem answers 422 with every problem cell and writes
    /// nothing; `dry_run=true` checks only.
    #[oai(path = "/evaluations/import", method = "post")]
    async fn import(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        /// Check and count without writing.
        dry_run: Query<Option<bool>>,
        /// 采纳日期 `YYYY-MM-DD`: the day the results were accepted (results delivered late
        /// count from it); not before any visit in the file, not after today; today when absent.
        accepted_on: Query<Option<DateText>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<Json<Typed<EvaluationImportOutcome>>> {
        let dry_run = dry_run.0.unwrap_or(false);
        let on = accepted_on.0.map(|d| d.0);
        typed(import::import(&self.state, &caller.who, file.0, dry_run, on.as_deref()).await?)
    }

    /// 现场测评结果导入记录 (every import that created or accepted evaluations, newest first:
    /// file hash, rows, counts, who and when; admin).
    #[oai(path = "/evaluations/imports", method = "get")]
    async fn imports(
        &self,
        caller: Allowed<can::DecideEvaluations>,
    ) -> ApiResult<Json<Typed<Vec<EvaluationImportRecord>>>> {
        typed(import::list(&self.state, &caller.who).await?)
    }

    /// 下载现场测评结果标注副本 (re-post the file: problem cells come back filled red with a
    /// note, and a 问题 sheet lists every problem; header `x-problem-count`; admin).
    #[oai(path = "/evaluations/import/annotated", method = "post")]
    async fn annotated(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        /// The acceptance day the import would use (see the import); today when absent.
        accepted_on: Query<Option<DateText>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<AnnotatedCopy> {
        let on = accepted_on.0.map(|d| d.0);
        let (bytes, problems) =
            import::annotate(&self.state, &caller.who, file.0, on.as_deref()).await?;
        Ok(AnnotatedCopy::Ok(
            xlsx(bytes, "现场测评结果问题标注.xlsx"),
            problems as u64,
        ))
    }
}
