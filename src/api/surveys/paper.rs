//! `/api/v1/surveys/{round}/paper…`: paper surveys (入户调查) — the round's import template,
//! the import of typed-in paper sheets (all or nothing, as the ledger import), and the
//! annotated copy of a rejected file.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::ledger::import::{AnnotatedCopy, xlsx};
use crate::api::ledger::upload::SpreadsheetUpload;
use crate::service::AppState;
use crate::service::survey::paper::{self, PaperOutcome};

/// Paper-survey endpoints (admin, like the rest of a round's management).
pub struct SurveyPaperApi {
    pub state: AppState,
}

/// What a paper import did (or would do, on a dry run).
#[derive(Debug, Object)]
pub struct PaperImportReport {
    pub dry_run: bool,
    pub round_id: String,
    /// Paper sheets (data rows) accepted: every row of the file.
    pub sheets: u64,
    /// Of which valid by the questionnaire's rules (invalid ones are kept and counted).
    pub valid: u64,
    /// The surveyors named in the file (kept with the import, never with a response).
    pub surveyors: Vec<String>,
    /// SHA-256 of the uploaded file (a file is imported once per round).
    pub file_sha256: String,
    /// The import's record; absent on a dry run.
    #[oai(skip_serializing_if_is_none)]
    pub import_id: Option<String>,
}

impl From<PaperOutcome> for PaperImportReport {
    fn from(o: PaperOutcome) -> Self {
        Self {
            dry_run: o.dry_run,
            round_id: o.round_id,
            sheets: o.sheets as u64,
            valid: o.valid as u64,
            surveyors: o.surveyors,
            file_sha256: o.file_sha256,
            import_id: o.import_id,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Surveys")]
impl SurveyPaperApi {
    /// 下载纸质问卷导入模板 (the round's paper-survey template: 邀请码, 调查日期, 调查员, one
    /// column per question with its option codes explained, 意见建议; admin).
    #[oai(path = "/surveys/:round/paper/template.xlsx", method = "get")]
    async fn template(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
    ) -> ApiResult<crate::api::xlsx::XlsxFile> {
        let bytes = paper::template(&self.state, &caller.who, &round.0).await?;
        Ok(xlsx(bytes, "纸质问卷导入模板.xlsx"))
    }

    /// 导入纸质问卷 (import paper sheets from .xlsx or .csv, all or nothing; admin). Each row
    /// goes through the online answers' rules: the code belongs to this round and is unused,
    /// the answers fit the questionnaire, the validity verdict is kept. Any problem answers
    /// 422 with every problem cell in `problems` and writes nothing; the same file twice is
    /// 409; a round not open is 409; `dry_run=true` checks only.
    #[oai(path = "/surveys/:round/paper/import", method = "post")]
    async fn import(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
        /// Check and count without writing.
        dry_run: Query<Option<bool>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<Json<PaperImportReport>> {
        let dry_run = dry_run.0.unwrap_or(false);
        let outcome = paper::import(&self.state, &caller.who, &round.0, file.0, dry_run).await?;
        Ok(Json(outcome.into()))
    }

    /// 下载纸质问卷标注副本 (re-post the file: problem cells come back filled red with a note,
    /// and a 问题 sheet lists every problem; header `x-problem-count`; admin).
    #[oai(path = "/surveys/:round/paper/import/annotated", method = "post")]
    async fn annotated(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
        file: SpreadsheetUpload,
    ) -> ApiResult<AnnotatedCopy> {
        let (bytes, problems) = paper::annotate(&self.state, &caller.who, &round.0, file.0).await?;
        Ok(AnnotatedCopy::Ok(
            xlsx(bytes, "纸质问卷问题标注.xlsx"),
            problems as u64,
        ))
    }
}
