//! Per-batch anomaly flags: what looks wrong in a batch of codes' answers, without
//! identifying anyone and without dropping a single response. Thresholds are assumptions —
//! for the bureau to confirm; each flag says what it measured.

use std::collections::BTreeMap;

use serde::Serialize;

/// A batch is judged only with at least this many answers (fewer say nothing).
pub const MIN_ANSWERS: usize = 5;
/// Bunched: more than this share of the batch's answers finished in one hour.
pub const BUNCHED_SHARE: f64 = 0.5;
/// Identical vectors: at least this share of answers repeat another answer's exact vector.
pub const IDENTICAL_SHARE: f64 = 0.3;
/// Flat: a respondent whose answers' variance is below this (points², 0–100 scale) is flat;
/// the batch is flagged when at least `FLAT_SHARE` of its answers are flat.
pub const FLAT_VARIANCE: f64 = 50.0;
/// See [`FLAT_VARIANCE`].
pub const FLAT_SHARE: f64 = 0.5;
/// Fast: at least this share of answers took under a third of the round's median time.
pub const FAST_SHARE: f64 = 0.3;

/// One answer as the flags see it.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The coarse hour bucket it was finished in; `None` for a paper sheet (a surveyor's day
    /// at the doors is bunched by nature, and its date is all that is known).
    pub bucket: Option<String>,
    /// Seconds taken; `None` for a paper sheet (nobody timed it).
    pub seconds: Option<u32>,
    /// Answer values in question order (None: unanswered).
    pub values: Vec<Option<f64>>,
}

crate::domain::labelled::labelled_enum!(
    /// What a flag says looks wrong in a batch.
    FlagKind, "批次异常类型" {
        /// Most answers finished in one hour.
        Bunched = ("bunched", "集中在同一小时提交"),
        /// Many answers repeat another's exact vector.
        Identical = ("identical", "答案完全相同"),
        /// Many respondents gave nearly the same answer to every question.
        Flat = ("flat", "各题答案几乎无差别"),
        /// Many answers took far less than the round's median time.
        Fast = ("fast", "用时过短"),
    }
);

/// A raised flag: its code and Chinese label (as every enumeration in responses), and what
/// was measured.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Flag {
    /// `bunched`, `identical`, `flat` or `fast`.
    pub code: &'static str,
    /// The code's Chinese label.
    pub label: &'static str,
    /// What was measured, in Chinese.
    pub detail: String,
}

/// The flags of one batch's answers; `round_median` is the median seconds over the round.
pub fn batch_flags(answers: &[Answered], round_median: Option<f64>) -> Vec<Flag> {
    let n = answers.len();
    if n < MIN_ANSWERS {
        return Vec::new();
    }
    let share = |k: usize| k as f64 / n as f64;
    let mut flags = Vec::new();
    let mut buckets: BTreeMap<&str, usize> = BTreeMap::new();
    let mut vectors: BTreeMap<String, usize> = BTreeMap::new();
    for a in answers {
        if let Some(bucket) = &a.bucket {
            *buckets.entry(bucket).or_default() += 1;
        }
        *vectors.entry(format!("{:?}", a.values)).or_default() += 1;
    }
    let top = buckets.values().copied().max().unwrap_or(0);
    if share(top) > BUNCHED_SHARE {
        flags.push(flag(
            FlagKind::Bunched,
            format!("{top}/{n} 份在同一小时内提交"),
        ));
    }
    let repeated: usize = vectors.values().filter(|c| **c > 1).sum();
    if share(repeated) >= IDENTICAL_SHARE {
        flags.push(flag(
            FlagKind::Identical,
            format!("{repeated}/{n} 份答案与另一份完全相同"),
        ));
    }
    let flat = answers.iter().filter(|a| is_flat(&a.values)).count();
    if share(flat) >= FLAT_SHARE {
        flags.push(flag(
            FlagKind::Flat,
            format!("{flat}/{n} 份各题答案几乎没有差别"),
        ));
    }
    if let Some(median) = round_median {
        let fast = answers
            .iter()
            .filter(|a| a.seconds.is_some_and(|s| f64::from(s) < median / 3.0))
            .count();
        if share(fast) >= FAST_SHARE {
            flags.push(flag(
                FlagKind::Fast,
                format!("{fast}/{n} 份用时不到全轮中位数 {median:.0} 秒的三分之一"),
            ));
        }
    }
    flags
}

fn flag(kind: FlagKind, detail: String) -> Flag {
    Flag {
        code: kind.code(),
        label: kind.label(),
        detail,
    }
}

/// Whether the answered values have (population) variance below [`FLAT_VARIANCE`].
fn is_flat(values: &[Option<f64>]) -> bool {
    let v: Vec<f64> = values.iter().flatten().copied().collect();
    if v.len() < 2 {
        return false;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
    var < FLAT_VARIANCE
}

/// The median of `seconds` (None when empty).
pub fn median(seconds: &mut [u32]) -> Option<f64> {
    seconds.sort_unstable();
    let n = seconds.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(seconds[n / 2])),
        _ => Some((f64::from(seconds[n / 2 - 1]) + f64::from(seconds[n / 2])) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(bucket: &str, seconds: u32, values: &[f64]) -> Answered {
        Answered {
            bucket: Some(bucket.into()),
            seconds: Some(seconds),
            values: values.iter().map(|v| Some(*v)).collect(),
        }
    }

    fn codes(flags: &[Flag]) -> Vec<&str> {
        flags.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_varied_batch_raises_nothing() {
        let batch: Vec<Answered> = (0..6)
            .map(|i| {
                answer(
                    &format!("h{i}"),
                    300 + i,
                    &[100.0, 0.0, f64::from(i) * 10.0],
                )
            })
            .collect();
        assert!(batch_flags(&batch, Some(300.0)).is_empty());
    }

    #[test]
    fn each_flag_is_raised_by_its_pattern() {
        let same: Vec<Answered> = (0..6)
            .map(|_| answer("h1", 30, &[80.0, 80.0, 70.0]))
            .collect();
        assert_eq!(
            codes(&batch_flags(&same, Some(300.0))),
            ["bunched", "identical", "flat", "fast"]
        );
        let labels: Vec<&str> = batch_flags(&same, Some(300.0))
            .iter()
            .map(|f| f.label)
            .collect();
        assert_eq!(labels, FlagKind::labels());
    }

    #[test]
    fn paper_sheets_are_neither_bunched_nor_fast() {
        let paper: Vec<Answered> = (0..6)
            .map(|i| Answered {
                bucket: None,
                seconds: None,
                values: vec![Some(100.0), Some(0.0), Some(f64::from(i) * 10.0)],
            })
            .collect();
        assert!(batch_flags(&paper, Some(300.0)).is_empty());
    }

    #[test]
    fn small_batches_are_not_judged_and_medians_are_exact() {
        let few: Vec<Answered> = (0..4).map(|_| answer("h", 1, &[80.0, 80.0])).collect();
        assert!(batch_flags(&few, Some(300.0)).is_empty());
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
