//! `EvidenceUpload`: a `multipart/form-data` body with `item_code` and `file`. The edge
//! middleware leaves multipart bodies alone, so the upload limit is enforced here while reading:
//! past it the answer is 413 and reading stops.

use poem::http::StatusCode;
use poem::web::Multipart as PoemMultipart;
use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::Multipart;
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::multipart::Upload;

use super::error::ApiError;
use crate::domain::FieldError;
use crate::service::AppState;

/// The form, for the OpenAPI schema.
#[derive(Debug, Multipart)]
pub struct EvidenceForm {
    /// The rubric item the file supports, e.g. `1.2`.
    pub item_code: String,
    /// The file (PDF, JPEG, PNG, WebP, Excel, Word).
    pub file: Upload,
}

/// An uploaded evidence file.
#[derive(Debug)]
pub struct EvidenceUpload {
    pub item_code: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Payload for EvidenceUpload {
    const CONTENT_TYPE: &'static str = "multipart/form-data";

    fn check_content_type(content_type: &str) -> bool {
        content_type
            .parse::<mime::Mime>()
            .is_ok_and(|m| m.essence_str() == "multipart/form-data")
    }

    fn schema_ref() -> MetaSchemaRef {
        <EvidenceForm as Payload>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        <EvidenceForm as Payload>::register(registry);
    }
}

fn missing(field: &str) -> poem::Error {
    ApiError::malformed(field, format!("缺少表单字段 {field} (missing form field)")).into()
}

/// Most bytes of `item_code` read: an item code is a few characters (the service allows
/// 64), so anything past this is refused without buffering it.
const ITEM_CODE_READ_MAX: u64 = 1024;

/// Reads the `item_code` field, refusing (422) one too long to buffer instead of cutting it.
async fn read_item_code(field: poem::web::Field) -> Result<String> {
    use tokio::io::AsyncReadExt;
    let mut bytes = Vec::new();
    let mut reader = field.into_async_read().take(ITEM_CODE_READ_MAX + 1);
    reader.read_to_end(&mut bytes).await.map_err(|e| {
        ApiError::malformed(
            "item_code",
            format!("无法读取表单 (could not read the form): {e}"),
        )
    })?;
    if bytes.len() as u64 > ITEM_CODE_READ_MAX {
        return Err(ApiError::invalid(vec![FieldError::new(
            "item_code",
            format!("长度超过上限 {ITEM_CODE_READ_MAX} 字节 (too long)"),
        )])
        .into());
    }
    String::from_utf8(bytes).map_err(|_| {
        ApiError::invalid(vec![FieldError::new(
            "item_code",
            "不是有效的 UTF-8 文本 (not UTF-8 text)",
        )])
        .into()
    })
}

impl ParsePayload for EvidenceUpload {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> Result<Self> {
        let limit = request
            .data::<AppState>()
            .map_or(20 * 1024 * 1024, |s| s.settings.upload_limit);
        let bad = |e: &dyn std::fmt::Display| -> poem::Error {
            ApiError::malformed(
                "body",
                format!("无法读取表单 (could not read the form): {e}"),
            )
            .into()
        };
        let mut form = PoemMultipart::from_request(request, body)
            .await
            .map_err(|e| bad(&e))?;
        let (mut item_code, mut file) = (None, None);
        while let Some(field) = form.next_field().await.map_err(|e| bad(&e))? {
            let name = field.name().unwrap_or_default();
            once(name, item_code.is_some(), file.is_some())?;
            match field.name() {
                Some("item_code") => item_code = Some(read_item_code(field).await?),
                Some("file") => {
                    let name = field.file_name().unwrap_or("evidence").to_owned();
                    let mut bytes = Vec::new();
                    let mut reader = field.into_async_read();
                    let mut limited = tokio::io::AsyncReadExt::take(&mut reader, limit + 1);
                    tokio::io::AsyncReadExt::read_to_end(&mut limited, &mut bytes)
                        .await
                        .map_err(|e| bad(&e))?;
                    if bytes.len() as u64 > limit {
                        return Err(ApiError::new(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            format!("文件超过上限 {limit} 字节 (file larger than {limit} bytes)"),
                        )
                        .into());
                    }
                    file = Some((name, bytes));
                }
                Some(other) => {
                    return Err(ApiError::invalid(vec![FieldError::new(
                        other,
                        "未知的表单字段 (unknown form field)",
                    )])
                    .into());
                }
                None => {}
            }
        }
        let item_code = item_code.ok_or_else(|| missing("item_code"))?;
        let (file_name, bytes) = file.ok_or_else(|| missing("file"))?;
        Ok(Self {
            item_code,
            file_name,
            bytes,
        })
    }
}

/// 422 for a second `item_code` or `file` part: one file per upload, and a second part would
/// otherwise silently replace the first.
fn once(name: &str, have_item_code: bool, have_file: bool) -> poem::Result<()> {
    if (name == "item_code" && have_item_code) || (name == "file" && have_file) {
        return Err(ApiError::invalid(vec![FieldError::new(
            name,
            "每次只能上传一个文件、填写一个检查项，该字段重复 (field given twice)",
        )])
        .into());
    }
    Ok(())
}

poem_openapi::impl_apirequest_for_payload!(EvidenceUpload,);
