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

/// Most codes in one batch.
pub const MAX_BATCH: u32 = 5000;

/// What a project's next batch may be: one code per household, so the codes already issued
/// for it in the round and this batch never exceed its households (more valid answers than
/// households would be answers the households cannot have given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchRoom {
    /// 户数 N when the round opened.
    pub households: u32,
    /// Codes already issued for the project in the round.
    pub issued: u32,
}

/// A batch's size: the requested count, or the required sample plus the reserve (capped by
/// the households left); at least [`MIN_BATCH`] — fewer only when fewer households are left,
/// so a small estate can still be surveyed — and at most [`MAX_BATCH`].
pub fn batch_size(
    requested: Option<u32>,
    required: u32,
    reserve_percent: u32,
    room: BatchRoom,
) -> Result<u32, FieldError> {
    let left = room.households.saturating_sub(room.issued);
    if left == 0 {
        return Err(FieldError::new(
            "codes",
            format!(
                "该项目住户 {} 户，本轮已发邀请码 {} 个（每户一个），不能再发 (every household has a code)",
                room.households, room.issued
            ),
        ));
    }
    let count = requested.unwrap_or_else(|| codes_for(required, reserve_percent).min(left));
    let (low, high) = (MIN_BATCH.min(left), MAX_BATCH.min(left));
    if (low..=high).contains(&count) {
        return Ok(count);
    }
    Err(FieldError::new(
        "codes",
        format!(
            "本批邀请码须为 {low}–{high} 个（住户 {} 户，本轮已发 {} 个，每户一个；批次太小会暴露住户）\
             (batch of {low} to {high} codes)",
            room.households, room.issued
        ),
    ))
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
        let room = BatchRoom {
            households: 1000,
            issued: 0,
        };
        assert!(batch_size(Some(9), 278, 20, room).is_err());
        assert_eq!(batch_size(None, 278, 20, room), Ok(334));
        // Never more codes than households: the default is capped, a request beyond is refused.
        let small = BatchRoom {
            households: 20,
            issued: 0,
        };
        assert_eq!(batch_size(None, 19, 20, small), Ok(20));
        assert!(batch_size(Some(24), 19, 20, small).is_err());
        let topped = BatchRoom {
            households: 20,
            issued: 20,
        };
        assert!(batch_size(None, 19, 20, topped).is_err());
        // An estate of 5 households gets a batch of 5.
        let tiny = BatchRoom {
            households: 5,
            issued: 0,
        };
        assert_eq!(batch_size(None, 5, 20, tiny), Ok(5));
    }
}
