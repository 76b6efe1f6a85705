//! `/api/v1/evaluations/:id/photos` and `/api/v1/evaluation-photos/:id`: photos (现场照片) of an
//! on-site evaluation — uploaded by its inspector while a draft, under the item they document,
//! named by findings; listed and downloaded by whoever may read the evaluation.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use super::photo_file::PhotoFile;
use poem_openapi::{Object, OpenApi};

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::evidence_upload::EvidenceUpload;
use crate::domain::evidence::photo_type;
use crate::service::credit::evaluations::photos;
use crate::service::{AppState, ServiceError, shown_at};
use crate::store::credit::evaluation_photos::PhotoRow;

/// Evaluation photo endpoints.
pub struct EvaluationPhotoApi {
    pub state: AppState,
}

/// A photo of an evaluation.
#[derive(Debug, Object)]
pub struct EvaluationPhoto {
    pub id: String,
    pub evaluation_id: String,
    /// The rubric item it documents.
    pub item_code: String,
    pub file_name: String,
    /// `image/jpeg`, `image/png` or `image/webp`, judged by content.
    pub mime: String,
    /// Bytes.
    pub size: i64,
    pub sha256: String,
    /// Beijing time with the offset.
    pub uploaded_at: String,
}

impl From<PhotoRow> for EvaluationPhoto {
    fn from(p: PhotoRow) -> Self {
        Self {
            uploaded_at: shown_at(&p.uploaded_at),
            id: p.id,
            evaluation_id: p.evaluation_id,
            item_code: p.item_code,
            file_name: p.file_name,
            mime: p.mime,
            size: p.size,
            sha256: p.sha256,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl EvaluationPhotoApi {
    /// 上传现场照片 (multipart fields `item_code` — the item the photo documents — and `file`,
    /// a JPEG, PNG or WebP image judged by content; the inspector of a draft, or the bureau).
    /// A finding then names the photo's id in `photos`.
    #[oai(path = "/evaluations/:id/photos", method = "post")]
    async fn upload(
        &self,
        caller: Allowed<can::WriteEvaluations>,
        id: Path<String>,
        upload: EvidenceUpload,
    ) -> ApiResult<Json<EvaluationPhoto>> {
        let u = upload;
        // Named as a photo before the service's own check (which speaks of evidence types).
        photo_type(&u.bytes).map_err(ServiceError::Unsupported)?;
        let p = photos::upload(
            &self.state,
            &caller.who,
            &id.0,
            &u.item_code,
            &u.file_name,
            &u.bytes,
        )
        .await?;
        Ok(Json(p.into()))
    }

    /// 现场照片列表 (an evaluation's photos, as uploaded).
    #[oai(path = "/evaluations/:id/photos", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadEvaluations>,
        id: Path<String>,
    ) -> ApiResult<Json<Vec<EvaluationPhoto>>> {
        let all = photos::list(&self.state, &caller.who, &id.0).await?;
        Ok(Json(all.into_iter().map(EvaluationPhoto::from).collect()))
    }

    /// 下载现场照片 (one photo, for whoever may read its evaluation).
    #[oai(path = "/evaluation-photos/:id", method = "get")]
    async fn download(
        &self,
        caller: Allowed<can::ReadEvaluations>,
        id: Path<String>,
    ) -> ApiResult<PhotoFile> {
        let (photo, bytes) = photos::download(&self.state, &caller.who, &id.0).await?;
        Ok(PhotoFile {
            bytes,
            mime: photo.mime,
            name: photo.file_name,
        })
    }
}
