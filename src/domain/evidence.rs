//! Evidence (佐证材料) files: which types are accepted, judged by content, not by name.

use serde::Serialize;

/// An accepted evidence type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum EvidenceType {
    /// PDF document.
    Pdf,
    /// JPEG photo.
    Jpeg,
    /// PNG image.
    Png,
    /// WebP image.
    Webp,
    /// Excel workbook (.xlsx).
    Xlsx,
    /// Legacy Excel or Word file (.xls/.doc, OLE compound file).
    LegacyOffice,
    /// Word document (.docx).
    Docx,
}

impl EvidenceType {
    /// The MIME type served on download.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::LegacyOffice => "application/vnd.ms-excel",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// What an evidence file backs up: who attached it, and so who may see it when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachedTo {
    /// The unit's self score (佐证材料 for 自评).
    SelfScore,
    /// A reviewer's re-check: part of the re-check, hidden from the unit until the notice.
    Review,
    /// Attached by the bureau.
    Bureau,
}

impl AttachedTo {
    /// Code stored in `evidence_links.attached_to`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfScore => "self",
            Self::Review => "review",
            Self::Bureau => "bureau",
        }
    }
}

/// Identifies an evidence file by its leading bytes; `Err` names what was found instead.
pub fn classify(bytes: &[u8]) -> Result<EvidenceType, String> {
    let found = infer::get(bytes);
    let t = match found.map(|k| k.mime_type()) {
        Some("application/pdf") => EvidenceType::Pdf,
        Some("image/jpeg") => EvidenceType::Jpeg,
        Some("image/png") => EvidenceType::Png,
        Some("image/webp") => EvidenceType::Webp,
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") => {
            EvidenceType::Xlsx
        }
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document") => {
            EvidenceType::Docx
        }
        Some("application/vnd.ms-excel" | "application/msword" | "application/x-ole-storage") => {
            EvidenceType::LegacyOffice
        }
        other => {
            return Err(format!(
                "文件类型 {} 不被接受，只接受 PDF、JPEG、PNG、WebP、Excel、Word (unsupported evidence type)",
                other.unwrap_or("未知")
            ));
        }
    };
    Ok(t)
}

/// Identifies an on-site photo (现场照片): JPEG, PNG or WebP only; `Err` says, photos first,
/// what was found instead.
pub fn photo_type(bytes: &[u8]) -> Result<EvidenceType, String> {
    match classify(bytes) {
        Ok(t @ (EvidenceType::Jpeg | EvidenceType::Png | EvidenceType::Webp)) => Ok(t),
        _ => {
            let found = infer::get(bytes).map_or("未知类型", |k| k.mime_type());
            Err(format!(
                "现场照片只接受 JPEG、PNG、WebP 图片，上传的文件为 {found} (photos must be JPEG, PNG or WebP images)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_an_image_and_anything_else_is_named_photos_first() {
        assert_eq!(
            photo_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok(EvidenceType::Png)
        );
        for other in [&b"%PDF-1.7\n"[..], b"plain text"] {
            let e = photo_type(other).unwrap_err();
            assert!(e.starts_with("现场照片只接受 JPEG、PNG、WebP 图片"), "{e}");
            assert!(!e.contains("evidence"), "{e}");
        }
    }

    #[test]
    fn judged_by_content() {
        assert_eq!(
            classify(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            Ok(EvidenceType::Pdf)
        );
        assert_eq!(
            classify(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok(EvidenceType::Png)
        );
        assert_eq!(
            classify(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Ok(EvidenceType::Jpeg)
        );
        assert!(classify(b"MZ\x90\0 an executable pretending to be a pdf").is_err());
        assert!(classify(b"plain text").is_err());
    }
}
