//! [`XlsxFile`]: an `.xlsx` download served as what it is —
//! `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, not
//! `application/octet-stream` — with its Chinese name in `Content-Disposition` as RFC 6266 asks:
//! `filename*=UTF-8''…` (RFC 5987 percent-encoding) beside an ASCII `filename` for old clients.

use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::{Binary, Payload};
use poem_openapi::registry::{
    MetaHeader, MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry,
};
use poem_openapi::types::Type;

/// The media type of an `.xlsx` workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook to download, named.
#[derive(Debug)]
pub struct XlsxFile {
    bytes: Vec<u8>,
    name: String,
}

impl XlsxFile {
    /// `bytes` downloaded as `name` (e.g. `邀请码-….xlsx`).
    pub fn new(bytes: Vec<u8>, name: impl Into<String>) -> Self {
        Self {
            bytes,
            name: name.into(),
        }
    }

    /// The `Content-Disposition` value: see [`disposition`].
    pub fn disposition(&self) -> String {
        disposition("attachment", &self.name)
    }
}

/// A `Content-Disposition` value: `kind` (`attachment`, `inline`), an ASCII fallback name
/// (every other character as `_`), and the full name percent-encoded as UTF-8 (RFC 5987).
pub fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' => c,
            _ => '_',
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

impl Payload for XlsxFile {
    const CONTENT_TYPE: &'static str = XLSX;

    fn schema_ref() -> MetaSchemaRef {
        Binary::<Vec<u8>>::schema_ref()
    }
}

impl IntoResponse for XlsxFile {
    fn into_response(self) -> Response {
        let disposition = self.disposition();
        Response::builder()
            .header(CONTENT_TYPE, XLSX)
            .header(CONTENT_DISPOSITION, disposition)
            .body(self.bytes)
    }
}

impl ApiResponse for XlsxFile {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "The workbook (.xlsx)",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: XLSX,
                    schema: Self::schema_ref(),
                }],
                headers: vec![MetaHeader {
                    name: "Content-Disposition".to_owned(),
                    description: Some(
                        "attachment; filename*=UTF-8''<the Chinese name> (RFC 5987)".to_owned(),
                    ),
                    required: true,
                    deprecated: false,
                    schema: String::schema_ref(),
                }],
            }],
        }
    }

    fn register(_registry: &mut Registry) {}
}

#[cfg(test)]
mod tests {
    use super::XlsxFile;

    #[test]
    fn a_chinese_name_is_sent_as_rfc_5987_with_an_ascii_fallback() {
        let f = XlsxFile::new(vec![], "邀请码-b1.xlsx");
        assert_eq!(
            f.disposition(),
            "attachment; filename=\"___-b1.xlsx\"; filename*=UTF-8''%E9%82%80%E8%AF%B7%E7%A0%81-b1.xlsx"
        );
        assert!(f.disposition().is_ascii());
    }
}
