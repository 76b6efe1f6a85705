//! The list of a batch's invitation codes as a workbook, for the distributor's records: one
//! row per code with its answer link. Written once, when the batch is generated (the codes are
//! stored only as hashes and can never be listed again).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::header_format;

/// A batch as printed above its codes.
pub struct CodeList<'a> {
    /// 轮次.
    pub round: &'a str,
    /// 项目 (its name and code).
    pub project: &'a str,
    /// 发放人.
    pub distributor: &'a str,
    /// The codes, `K7QM3-XPAZ9`.
    pub codes: &'a [String],
    /// `{public_base_url}`: each link is `{base}/s/{code}`.
    pub base_url: &'a str,
}

/// The workbook: 序号, 邀请码, 答题链接, 项目, 发放人.
pub fn code_list(list: &CodeList<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("邀请码")?;
    for (c, (h, w)) in [
        ("序号", 6),
        ("邀请码", 16),
        ("答题链接", 48),
        ("项目", 40),
        ("发放人", 20),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, h, &header_format(false))?;
        ws.set_column_width(c as u16, w)?;
    }
    for (i, code) in list.codes.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, f64::from(r))?;
        ws.write_string(r, 1, code)?;
        ws.write_string(r, 2, format!("{}/s/{code}", list.base_url))?;
        ws.write_string(r, 3, list.project)?;
        ws.write_string(r, 4, list.distributor)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let _ = list.round;
    wb.save_to_buffer()
}
