//! Generating a batch straight into a printable form: a workbook listing the codes, or an A4
//! sheet of QR codes. The codes exist only in this answer (they are stored as hashes), so the
//! format is chosen when the batch is generated.

use poem_openapi::param::Path;
use poem_openapi::payload::Html;
use poem_openapi::{ApiResponse, OpenApi};

use super::{NewBatchBody, batch_input};
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::service::survey::batches;
use crate::service::{AppState, ServiceError};
use crate::sheet::write::{CodeList, code_list};

/// Batch exports.
pub struct SurveyExportsApi {
    pub state: AppState,
}

/// Pages and files carrying live codes: no browser or proxy may keep a copy.
pub(super) const NO_STORE: &str = "no-store";

/// The code list as a workbook, never cached.
#[derive(Debug, ApiResponse)]
pub enum CodeListFile {
    /// The workbook.
    #[oai(status = 200)]
    Ok(
        crate::api::xlsx::XlsxFile,
        #[oai(header = "Cache-Control")] String,
    ),
}

/// The printable QR sheet, never cached.
#[derive(Debug, ApiResponse)]
pub enum QrSheetPage {
    /// The page.
    #[oai(status = 200)]
    Ok(Html<String>, #[oai(header = "Cache-Control")] String),
}

fn fault<E: std::error::Error + Send + Sync + 'static>(e: E) -> ServiceError {
    ServiceError::Internal(anyhow::Error::new(e).context("writing the code list"))
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Surveys")]
impl SurveyExportsApi {
    /// 生成邀请码批次并下载清单 (generate a batch as an .xlsx list: code, answer link, project,
    /// distributor; admin). The codes are not shown again; the answer is never cached.
    #[oai(path = "/surveys/:round/batches/xlsx", method = "post")]
    async fn xlsx(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
        body: JsonBody<NewBatchBody>,
    ) -> ApiResult<CodeListFile> {
        let g =
            batches::generate(&self.state, &caller.who, &round.0, &batch_input(body.0)?).await?;
        let bytes = code_list(&CodeList {
            round: &round.0,
            project: &g.project_name,
            distributor: &g.batch.distributor,
            codes: &g.codes,
            base_url: &self.state.settings.public_base_url,
        })
        .map_err(fault)?;
        let file = crate::api::xlsx::XlsxFile::new(bytes, format!("邀请码-{}.xlsx", g.batch.id));
        Ok(CodeListFile::Ok(file, NO_STORE.into()))
    }

    /// 生成邀请码批次并打印二维码 (generate a batch as a printable A4 page of QR codes, each
    /// opening `{public_base_url}/s/{code}`, the code printed under it; admin; never cached).
    #[oai(path = "/surveys/:round/batches/qr", method = "post")]
    async fn qr(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
        body: JsonBody<NewBatchBody>,
    ) -> ApiResult<QrSheetPage> {
        let g =
            batches::generate(&self.state, &caller.who, &round.0, &batch_input(body.0)?).await?;
        let heading = format!("{}　发放人：{}", g.project_name, g.batch.distributor);
        let base = &self.state.settings.public_base_url;
        let page = crate::web::qr_sheet::qr_sheet(&heading, &g.codes, base).map_err(fault)?;
        Ok(QrSheetPage::Ok(Html(page), NO_STORE.into()))
    }
}
