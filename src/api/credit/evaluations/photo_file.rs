//! [`PhotoFile`]: an on-site photo served as the image it is (`image/png`, …, the type judged
//! by content at upload), shown inline, with `nosniff` so a browser never second-guesses it.

use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::{Binary, Payload};
use poem_openapi::registry::{MetaHeader, MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;

use crate::api::xlsx::disposition;

/// The image types a photo may be (what `domain::evidence::photo_type` accepts).
const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// A photo to show.
#[derive(Debug)]
pub struct PhotoFile {
    /// The image's bytes.
    pub bytes: Vec<u8>,
    /// Its stored media type.
    pub mime: String,
    /// The name it was uploaded under.
    pub name: String,
}

impl IntoResponse for PhotoFile {
    fn into_response(self) -> Response {
        // Only a type the upload judged an image is served as one; anything else stored
        // (never expected) goes out as opaque bytes.
        let mime = if IMAGE_TYPES.contains(&self.mime.as_str()) {
            self.mime.as_str()
        } else {
            "application/octet-stream"
        };
        Response::builder()
            .header(CONTENT_TYPE, mime)
            .header(CONTENT_DISPOSITION, disposition("inline", &self.name))
            .header(X_CONTENT_TYPE_OPTIONS, "nosniff")
            .body(self.bytes)
    }
}

impl ApiResponse for PhotoFile {
    fn meta() -> MetaResponses {
        let header = |name: &str, description: &str| MetaHeader {
            name: name.to_owned(),
            description: Some(description.to_owned()),
            required: true,
            deprecated: false,
            schema: String::schema_ref(),
        };
        MetaResponses {
            responses: vec![MetaResponse {
                description: "The photo, as the image type judged at upload",
                status: Some(200),
                status_range: None,
                content: IMAGE_TYPES
                    .iter()
                    .map(|content_type| MetaMediaType {
                        content_type,
                        schema: Binary::<Vec<u8>>::schema_ref(),
                    })
                    .collect(),
                headers: vec![
                    header(
                        "Content-Disposition",
                        "inline; filename*=UTF-8''<the uploaded name> (RFC 5987)",
                    ),
                    header("X-Content-Type-Options", "nosniff"),
                ],
            }],
        }
    }

    fn register(_registry: &mut Registry) {}
}
