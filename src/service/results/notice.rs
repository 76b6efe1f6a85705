//! The public notice (公示) of a period's results: the latest snapshot whose notice has begun,
//! as the public reads it without a token — unit, total, grade, rank — during the window and
//! after it (a notice once begun stays readable; the window only says whether objections are
//! still being taken).

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PeriodResults;
use crate::service::{AppState, ServiceError};

/// One unit on the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NoticeRow {
    /// The unit's name.
    pub unit_name: String,
    /// Its total.
    pub total: Decimal,
    /// Its grade.
    pub grade: String,
    /// Its rank.
    pub rank: u32,
}

/// A period's public notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NoticeView {
    /// The period.
    pub period_id: String,
    /// Its name.
    pub period_name: String,
    /// The snapshot shown.
    pub snapshot_number: i64,
    /// SHA-256 of the snapshot's content, to check a copy.
    pub content_hash: String,
    /// First day of the notice (Beijing).
    pub notice_from: Date,
    /// Last day of the notice (Beijing).
    pub notice_to: Date,
    /// 公示中 during the window, 公示期满 after it.
    pub status: String,
    /// Every unit in rank order.
    pub units: Vec<NoticeRow>,
}

/// The notice of `period_id` (no token): 404 until a snapshot's notice has begun.
pub async fn public_notice(state: &AppState, period_id: &str) -> Result<NoticeView, ServiceError> {
    let today = state.db.clock.today();
    let not_yet = || {
        ServiceError::Absent(crate::domain::FieldError::new(
            "period_id",
            format!("考核周期 {period_id} 的考核结果尚未公示 (no notice has begun)"),
        ))
    };
    let row = super::snapshots::rows(state, period_id)
        .await?
        .into_iter()
        .rev()
        .find(|r| r.notice_from <= today)
        .ok_or_else(not_yet)?;
    let content: PeriodResults = serde_json::from_str(&row.content_json)
        .map_err(|e| anyhow::anyhow!("stored snapshot {}: {e}", row.id))?;
    Ok(NoticeView {
        period_id: content.period_id,
        period_name: content.period_name,
        snapshot_number: row.number,
        content_hash: row.content_hash,
        notice_from: row.notice_from,
        notice_to: row.notice_to,
        status: if today <= row.notice_to {
            "公示中"
        } else {
            "公示期满"
        }
        .to_owned(),
        units: content
            .units
            .into_iter()
            .map(|s| NoticeRow {
                unit_name: s.unit_name,
                total: s.total,
                grade: s.grade,
                rank: s.rank,
            })
            .collect(),
    })
}
