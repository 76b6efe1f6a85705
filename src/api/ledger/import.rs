//! `/api/v1/ledger/…`: the import template, imports (all or nothing), and the annotated copy.

use poem_openapi::param::Query;
use poem_openapi::payload::Json;

use crate::api::xlsx::XlsxFile;
use poem_openapi::{Object, OpenApi};

use super::upload::SpreadsheetUpload;
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::service::AppState;
use crate::service::ledger::import::{self, Counts, ImportOutcome};

/// Import endpoints.
pub struct ImportApi {
    pub state: AppState,
}

/// Created / updated / unchanged records of one kind.
#[derive(Debug, Object)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl From<Counts> for ImportCounts {
    fn from(c: Counts) -> Self {
        Self {
            created: c.created as u64,
            updated: c.updated as u64,
            unchanged: c.unchanged as u64,
        }
    }
}

/// What an import did (or would do, on a dry run).
#[derive(Debug, Object)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read.
    pub rows: u64,
    pub companies: ImportCounts,
    pub communities_created: u64,
    pub projects: ImportCounts,
    pub service_periods: ImportCounts,
    /// 承接查验 rows, matched by project code and date.
    pub handover_inspections: ImportCounts,
    /// SHA-256 of the uploaded file.
    pub file_sha256: String,
}

impl From<ImportOutcome> for ImportReport {
    fn from(o: ImportOutcome) -> Self {
        Self {
            dry_run: o.dry_run,
            rows: o.rows as u64,
            companies: o.companies.into(),
            communities_created: o.communities_created as u64,
            projects: o.projects.into(),
            service_periods: o.service_periods.into(),
            handover_inspections: o.handover_inspections.into(),
            file_sha256: o.file_sha256,
        }
    }
}

/// `bytes` as a downloaded workbook named `name` (served as `.xlsx`, the name per RFC 5987).
pub(crate) fn xlsx(bytes: Vec<u8>, name: &str) -> XlsxFile {
    XlsxFile::new(bytes, name)
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl ImportApi {
    /// 下载导入模板 (download the import template): Chinese headers, dropdowns, example rows.
    #[oai(path = "/ledger/template.xlsx", method = "get")]
    async fn template(&self, _caller: Allowed<can::WriteLedger>) -> ApiResult<XlsxFile> {
        Ok(xlsx(
            import::template(&self.state).await?,
            "台账导入模板.xlsx",
        ))
    }

    /// 导入台账 (import the ledger from .xlsx or .csv), all or nothing. Any problem answers 422
    /// with every problem cell in `problems` and writes nothing; `dry_run=true` checks only.
    #[oai(path = "/ledger/import", method = "post")]
    async fn import(
        &self,
        caller: Allowed<can::WriteLedger>,
        /// Check and count without writing.
        dry_run: Query<Option<bool>>,
        file: SpreadsheetUpload,
    ) -> ApiResult<Json<ImportReport>> {
        let who = &caller.who;
        let outcome = import::import(&self.state, who, file.0, dry_run.0.unwrap_or(false)).await?;
        Ok(Json(outcome.into()))
    }

    /// 下载标注副本 (annotated copy): re-post the file; problem cells come back filled red with
    /// a note, and a 问题 sheet lists every problem (header `x-problem-count`).
    #[oai(path = "/ledger/import/annotated", method = "post")]
    async fn annotated(
        &self,
        _caller: Allowed<can::WriteLedger>,
        file: SpreadsheetUpload,
    ) -> ApiResult<AnnotatedCopy> {
        let (bytes, problems) = import::annotate(&self.state, file.0).await?;
        Ok(AnnotatedCopy::Ok(
            xlsx(bytes, "台账导入问题标注.xlsx"),
            problems as u64,
        ))
    }
}

/// The annotated copy with its problem count.
#[derive(Debug, poem_openapi::ApiResponse)]
pub enum AnnotatedCopy {
    /// The annotated workbook.
    #[oai(status = 200)]
    Ok(XlsxFile, #[oai(header = "x-problem-count")] u64),
}
