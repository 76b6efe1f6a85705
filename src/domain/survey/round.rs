//! A survey round's window (Beijing time) and who may distribute its codes.

use jiff::Timestamp;

use crate::domain::FieldError;
use crate::domain::labelled::labelled_enum;
use crate::domain::period::{parse_deadline, show};

/// Smallest batch of codes: a batch never identifies a household.
pub const MIN_BATCH: u32 = 10;

/// Default reserve share added to the required sample when generating codes
/// (assumption — for the bureau to confirm: codes lost or refused at the door).
pub const DEFAULT_RESERVE_PERCENT: u32 = 20;

/// Where a round stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Not yet open.
    NotOpen,
    /// Accepting answers.
    Open,
    /// Closed: accepts nothing.
    Closed,
}

/// The window of a round opening at `opens` and closing at `closes` (exclusive).
pub fn window(opens: Timestamp, closes: Timestamp, now: Timestamp) -> Window {
    if now < opens {
        Window::NotOpen
    } else if now < closes {
        Window::Open
    } else {
        Window::Closed
    }
}

/// Reads the open and close instants (Beijing time: `2026-06-20` means the start of that day
/// for the open and its end for the close, `2026-06-20T08:00` an exact time); the close must
/// follow the open.
pub fn parse_window(opens: &str, closes: &str) -> Result<(Timestamp, Timestamp), Vec<FieldError>> {
    let o = crate::domain::period::parse_start("opens_at", opens);
    let c = parse_deadline("closes_at", closes);
    match (o, c) {
        (Ok(o), Ok(c)) if c > o => Ok((o, c)),
        (Ok(o), Ok(_)) => Err(vec![FieldError::new(
            "closes_at",
            format!(
                "结束时间须晚于开始时间 {} (closes before it opens)",
                show(o)
            ),
        )]),
        (o, c) => Err([o.err(), c.err()].into_iter().flatten().collect()),
    }
}

labelled_enum!(
    /// Who hands out a batch of codes (never the company being rated).
    DistributorKind, "发放人类型" {
        /// A community grid worker.
        GridWorker = ("grid_worker", "社区网格员"),
        /// A town or park office.
        TownOffice = ("town_office", "镇（园区）办"),
        /// The third-party survey firm.
        ThirdParty = ("third_party", "第三方调查机构"),
        /// Someone else named by the bureau.
        Other = ("other", "其他"),
    }
);

/// A batch's size: at least [`MIN_BATCH`], at most 5,000.
pub fn check_batch_size(codes: u32) -> Result<(), FieldError> {
    if (MIN_BATCH..=5000).contains(&codes) {
        Ok(())
    } else {
        Err(FieldError::new(
            "codes",
            format!(
                "每批邀请码须为 {MIN_BATCH}–5000 个，批次太小会暴露住户 (batch of {MIN_BATCH} to 5000 codes)"
            ),
        ))
    }
}

/// Codes to generate for a project: its required sample plus the reserve share, rounded up.
pub fn codes_for(required: u32, reserve_percent: u32) -> u32 {
    let extra = (u64::from(required) * u64::from(reserve_percent)).div_ceil(100);
    u32::try_from(u64::from(required) + extra).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn window_and_reserve() {
        let (o, c) = parse_window("2026-06-15T08:00", "2026-06-20").unwrap();
        assert_eq!(window(o, c, o), Window::Open);
        assert_eq!(window(o, c, c), Window::Closed);
        assert!(parse_window("2026-06-20", "2026-06-15").is_err());
        // A bare date opens at the start of its day (Beijing) and closes at its end.
        let (o, c) = parse_window("2026-06-15", "2026-06-15").unwrap();
        assert_eq!(o.to_string(), "2026-06-14T16:00:00Z");
        assert_eq!(c.to_string(), "2026-06-15T15:59:59Z");
        let e = parse_window("yesterday", "2026-06-15").unwrap_err();
        assert!(e[0].message.contains("开始时间"), "{e:?}");
        assert_eq!(codes_for(278, 20), 278 + 56);
        assert_eq!(codes_for(30, 10), 33);
        assert!(check_batch_size(9).is_err());
    }
}
