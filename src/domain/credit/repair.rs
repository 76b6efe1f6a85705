//! Credit repair (信用修复) of a bad conduct record: when a company may apply, by the national
//! rule the `credit` rubric states per record kind — the record's rectification accepted by the
//! bureau, and the kind's minimum publicity period (最短公示期) passed since the record's date —
//! and the states an application goes through.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::labelled::labelled_enum;
use crate::domain::rubric::credit::RecordType;

labelled_enum!(
    /// Where a repair application stands.
    RepairStatus, "信用修复申请状态" {
        /// 待审核.
        Pending = ("pending", "待审核"),
        /// 准予修复: the record stops counting from the decision day.
        Approved = ("approved", "准予修复"),
        /// 不予修复.
        Rejected = ("rejected", "不予修复"),
    }
);

/// What the rule reads of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairFacts {
    /// A bad record (negative points).
    pub bad: bool,
    pub recorded_on: Date,
    /// Ended (withdrawn or repaired) on that day.
    pub ended_on: Option<Date>,
    /// Rectification accepted on that day.
    pub rectified_on: Option<Date>,
    /// The record counts until this day inclusive.
    pub valid_until: Date,
}

/// The first day a company may apply to repair a record of `kind` dated `recorded_on`:
/// `None` when the kind cannot be repaired.
pub fn eligible_from(kind: &RecordType, recorded_on: Date) -> Option<Date> {
    kind.repair_after_months
        .map(|m| recorded_on.saturating_add(i64::from(m).months()))
}

/// Why a company may not apply on `today`, in Chinese, or `Ok` when it may.
pub fn may_apply(kind: &RecordType, r: &RepairFacts, today: Date) -> Result<(), String> {
    if !r.bad {
        return Err("只有不良行为记录可以申请信用修复 (good records need no repair)".into());
    }
    if let Some(on) = r.ended_on {
        return Err(format!("该记录已于 {on} 终止，无需修复 (already ended)"));
    }
    if today > r.valid_until {
        return Err(format!(
            "该记录已于 {} 期满，不再计分，无需修复 (no longer counts)",
            r.valid_until
        ));
    }
    let Some(from) = eligible_from(kind, r.recorded_on) else {
        return Err(format!(
            "“{}”类记录依评价标准不可修复 (not repairable)",
            kind.title
        ));
    };
    if r.rectified_on.is_none() {
        return Err(
            "该记录的整改尚未经住建局验收，验收后方可申请信用修复 (rectification not accepted)"
                .into(),
        );
    }
    if today < from {
        return Err(format!(
            "最短公示期 {} 个月未满，{from} 起方可申请信用修复 (minimum publicity period not over)",
            kind.repair_after_months.unwrap_or_default()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::rubric::credit::Conduct;

    fn kind(months: Option<u32>) -> RecordType {
        RecordType {
            code: "moderate".into(),
            title: "一般不良行为".into(),
            conduct: Conduct::Bad,
            points: dec!(6),
            validity_months: 12,
            blacklist: false,
            repair_after_months: months,
            publicity_max_months: Some(12),
        }
    }

    fn facts() -> RepairFacts {
        RepairFacts {
            bad: true,
            recorded_on: date(2023, 3, 15),
            ended_on: None,
            rectified_on: Some(date(2023, 4, 1)),
            valid_until: date(2024, 3, 14),
        }
    }

    /// Three months from 2023-03-15 is 2023-06-15: refused the day before, allowed that day.
    #[test]
    fn the_minimum_publicity_period_counts_from_the_record_date() {
        let k = kind(Some(3));
        assert_eq!(
            eligible_from(&k, date(2023, 3, 15)),
            Some(date(2023, 6, 15))
        );
        let early = may_apply(&k, &facts(), date(2023, 6, 14)).unwrap_err();
        assert!(early.contains("2023-06-15 起"), "{early}");
        assert_eq!(may_apply(&k, &facts(), date(2023, 6, 15)), Ok(()));
    }

    #[test]
    fn each_precondition_is_named() {
        let k = kind(Some(3));
        let day = date(2023, 7, 1);
        let cases = [
            (
                RepairFacts {
                    rectified_on: None,
                    ..facts()
                },
                "整改尚未",
            ),
            (
                RepairFacts {
                    bad: false,
                    ..facts()
                },
                "只有不良",
            ),
            (
                RepairFacts {
                    ended_on: Some(date(2023, 5, 1)),
                    ..facts()
                },
                "已于 2023-05-01 终止",
            ),
            (
                RepairFacts {
                    valid_until: date(2023, 6, 30),
                    ..facts()
                },
                "期满",
            ),
        ];
        for (f, expected) in cases {
            let message = may_apply(&k, &f, day).unwrap_err();
            assert!(message.contains(expected), "{message}");
        }
        assert!(
            may_apply(&kind(None), &facts(), day)
                .unwrap_err()
                .contains("不可修复")
        );
    }
}
