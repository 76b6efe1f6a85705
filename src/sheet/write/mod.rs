//! Writing workbooks: the import template ([`template`]) and the annotated copy of an
//! uploaded file ([`annotated`]).

mod annotated;
mod codes;
mod template;

use rust_xlsxwriter::{Color, Format, FormatBorder};

pub use annotated::annotated;
pub use codes::{CodeList, code_list};
pub use template::template;

/// A header cell's look: bold on light blue, with required columns in red.
pub(crate) fn header_format(required: bool) -> Format {
    let f = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    if required {
        f.set_font_color(Color::RGB(0xC00000))
    } else {
        f
    }
}
