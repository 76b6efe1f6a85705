//! `SpreadsheetUpload`: an uploaded file, as `multipart/form-data` (field `file`) or as the raw
//! body (`.xlsx` or CSV media types, `application/octet-stream`), every one of them listed in
//! the operation's request body in the spec. The edge middleware leaves multipart bodies
//! alone, so the upload limit (`upload_limit`) is enforced here: past it the answer is 413 and
//! reading stops.

use poem::http::StatusCode;
use poem::web::Multipart as PoemMultipart;
use poem::{FromRequest, Request, RequestBody, Result};
use poem_openapi::Multipart;
use poem_openapi::payload::{Binary, ParsePayload, Payload};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry};
use poem_openapi::types::multipart::Upload;
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::api::error::ApiError;
use crate::api::xlsx::XLSX;
use crate::service::AppState;

/// The upload form, for the OpenAPI schema.
#[derive(Debug, Multipart)]
pub struct UploadForm {
    /// The `.xlsx` or `.csv` file.
    pub file: Upload,
}

/// The bytes of an uploaded spreadsheet.
#[derive(Debug)]
pub struct SpreadsheetUpload(pub Vec<u8>);

/// The raw-body media types accepted beside `multipart/form-data` (and declared so).
pub const RAW_TYPES: [&str; 5] = [
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/csv",
    "application/csv",
    "text/plain",
];

impl Payload for SpreadsheetUpload {
    const CONTENT_TYPE: &'static str = "multipart/form-data";

    fn check_content_type(content_type: &str) -> bool {
        content_type.parse::<mime::Mime>().is_ok_and(|m| {
            let essence = m.essence_str();
            essence == "multipart/form-data" || RAW_TYPES.contains(&essence)
        })
    }

    fn schema_ref() -> MetaSchemaRef {
        <UploadForm as Payload>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        <UploadForm as Payload>::register(registry);
    }
}

/// A 415 naming the header and the types an upload accepts: the generic advice (use
/// `application/json`) would be wrong here.
fn unsupported_upload(found: Option<&str>) -> ApiError {
    let found = found.map_or_else(
        || "缺少请求头 Content-Type".to_owned(),
        |c| {
            let shown: String = c.chars().take(100).collect();
            format!("请求头 Content-Type 为 {shown}，此接口不接受")
        },
    );
    let message = format!(
        "{found}；上传文件请使用 multipart/form-data（文件放在字段 file 中），或直接以文件为请求体并注明 \
         text/csv 或 {XLSX}（.xlsx 工作簿） (unsupported content type for an upload)"
    );
    ApiError {
        errors: vec![crate::domain::FieldError::new(
            "Content-Type",
            message.clone(),
        )],
        ..ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
    }
}

/// A 413 naming `field`: the form's `file`, or the `body` when the file is the raw body.
fn too_large(limit: u64, field: &str) -> ApiError {
    let message =
        format!("上传文件超过上限 {limit} 字节，请分批导入 (upload larger than {limit} bytes)");
    ApiError {
        errors: vec![crate::domain::FieldError::new(field, message.clone())],
        ..ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }
}

async fn read_limited(
    reader: impl AsyncRead + Send,
    limit: u64,
    field: &str,
) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    let mut reader = std::pin::pin!(reader.take(limit + 1));
    reader.read_to_end(&mut out).await.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("无法读取上传的文件 (could not read upload): {e}"),
        )
    })?;
    if out.len() as u64 > limit {
        return Err(too_large(limit, field));
    }
    Ok(out)
}

impl ParsePayload for SpreadsheetUpload {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> Result<Self> {
        let limit = request
            .data::<AppState>()
            .map_or(20 << 20, |s| s.settings.upload_limit);
        let declared = request
            .header(poem::http::header::CONTENT_LENGTH)
            .and_then(|v| v.parse::<u64>().ok());
        // Multipart framing adds a little to the file; allow for it before reading.
        let multipart = request
            .content_type()
            .is_some_and(|c| c.starts_with("multipart/"));
        let field = if multipart { "file" } else { "body" };
        if declared.is_some_and(|n| n > limit + 64 * 1024) {
            return Err(too_large(limit, field).into());
        }
        if !multipart {
            let raw = body.take()?.into_async_read();
            return Ok(Self(read_limited(raw, limit, field).await?));
        }
        let mut form = PoemMultipart::from_request(request, body)
            .await
            .map_err(|e| {
                ApiError::malformed(
                    "file",
                    format!("multipart 请求体格式错误 (malformed multipart): {e}"),
                )
            })?;
        loop {
            let field = form.next_field().await.map_err(|e| {
                ApiError::malformed(
                    "file",
                    format!("multipart 请求体格式错误 (malformed multipart): {e}"),
                )
            })?;
            let Some(field) = field else {
                return Err(ApiError::malformed(
                    "file",
                    "缺少文件字段 file (missing field `file`)",
                )
                .into());
            };
            if field.name() == Some("file") {
                return Ok(Self(
                    read_limited(field.into_async_read(), limit, "file").await?,
                ));
            }
        }
    }
}

/// What `poem_openapi::impl_apirequest_for_payload!` writes, except that the request body lists
/// every accepted media type: the form, then each raw type with a binary body.
impl<'a> poem_openapi::ApiExtractor<'a> for SpreadsheetUpload {
    const TYPES: &'static [poem_openapi::ApiExtractorType] =
        &[poem_openapi::ApiExtractorType::RequestObject];

    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Self as Payload>::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        let raw = RAW_TYPES.iter().map(|content_type| MetaMediaType {
            content_type,
            schema: Binary::<Vec<u8>>::schema_ref(),
        });
        let form = MetaMediaType {
            content_type: <Self as Payload>::CONTENT_TYPE,
            schema: <Self as Payload>::schema_ref(),
        };
        Some(MetaRequest {
            description: Some("The .xlsx or .csv file: a multipart form's `file`, or the raw body"),
            content: std::iter::once(form).chain(raw).collect(),
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: poem_openapi::ExtractParamOptions<Self::ParamType>,
    ) -> Result<Self> {
        match request.content_type() {
            Some(content_type) if Self::check_content_type(content_type) => {
                <Self as ParsePayload>::from_request(request, body).await
            }
            found => Err(unsupported_upload(found).into()),
        }
    }
}
