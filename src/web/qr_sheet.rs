//! The printable A4 sheet of a batch's QR codes: each QR encodes `{public_base_url}/s/{code}`,
//! with the code printed under it for typing and the distributor and project on every page.
//! One HTML page with print CSS (12 codes per A4 page), every QR an inline SVG: it prints from
//! any browser with no outside resource.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use qrcode::QrCode;
use qrcode::render::svg;

/// Codes per A4 page (3 × 4).
const PER_PAGE: usize = 12;

/// The QR of `text` as an SVG element.
fn qr_svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::new(text.as_bytes())?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build())
}

/// The sheet of `codes` (see the module docs).
pub fn qr_sheet(
    heading: &str,
    codes: &[String],
    base_url: &str,
) -> Result<String, qrcode::types::QrError> {
    let mut cells = Vec::with_capacity(codes.len());
    for code in codes {
        cells.push((code.as_str(), qr_svg(&format!("{base_url}/s/{code}"))?));
    }
    Ok(page(heading, &cells, base_url).into_string())
}

fn page(heading: &str, cells: &[(&str, String)], base_url: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                title { "邀请码二维码 " (heading) }
                style { (PreEscaped(CSS)) }
            }
            body {
                @for chunk in cells.chunks(PER_PAGE) {
                    section.sheet {
                        h1 { "住宅小区物业服务满意度调查 · " (heading) }
                        div.grid {
                            @for (code, svg) in chunk {
                                div.cell {
                                    (PreEscaped(svg))
                                    p.code { (code) }
                                    p.hint { "微信扫码答题，或访问 " (base_url) "/s 输入邀请码" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

const CSS: &str = "@page { size: A4; margin: 10mm; }
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; margin: 0; }
.sheet { page-break-after: always; }
h1 { font-size: 12pt; margin: 0 0 4mm; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; }
.cell { border: 1px dashed #888; padding: 3mm; text-align: center; height: 62mm; box-sizing: border-box; }
.cell svg { width: 40mm; height: 40mm; }
.code { font-size: 14pt; font-weight: bold; letter-spacing: 1pt; margin: 1mm 0; font-family: monospace; }
.hint { font-size: 8pt; margin: 0; }";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_code_gets_its_qr_and_its_text() {
        let codes = vec!["K7QM3-XPAZ9".to_owned(); 13];
        let html = qr_sheet("甲小区", &codes, "https://survey.example.cn").unwrap();
        assert_eq!(html.matches("<svg").count(), 13);
        assert_eq!(html.matches("class=\"sheet\"").count(), 2);
        assert!(html.contains("K7QM3-XPAZ9") && html.contains("size: A4"));
    }
}
