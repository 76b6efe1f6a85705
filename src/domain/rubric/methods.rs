//! Scoring one item by its method. Every score lands in `0..=max` (bonus: `0..=max` before the
//! rubric cap; veto: always 0 points).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::inputs::ItemInput;
use super::model::{Curve, Finding, Item, LatePer, Method};
use crate::domain::FieldError;

/// What scoring one item produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOutcome {
    /// Points, `0..=max`.
    pub score: Decimal,
    /// False when not applicable.
    pub applicable: bool,
    /// Whether a veto fired.
    pub veto: bool,
    /// One line, Chinese with English.
    pub explanation: String,
}

impl ItemOutcome {
    fn scored(score: Decimal, explanation: String) -> Self {
        Self {
            score,
            applicable: true,
            veto: false,
            explanation,
        }
    }
}

/// Scores `item` from `input` (None: the method's default, or an error when it has none).
pub fn score_item(item: &Item, input: Option<&ItemInput>) -> Result<ItemOutcome, FieldError> {
    let field = format!("items.{}", item.code);
    let err = |msg: String| FieldError::new(field.clone(), format!("评分项 {}: {msg}", item.code));
    match (&item.method, input) {
        (_, Some(ItemInput::NotApplicable { reason })) if reason.trim().is_empty() => Err(err(
            "不适用须说明理由 (a not-applicable item needs a reason)".into(),
        )),
        (_, Some(ItemInput::NotApplicable { reason })) => Ok(ItemOutcome {
            score: Decimal::ZERO,
            applicable: false,
            veto: false,
            explanation: format!("不适用：{reason} (not applicable)"),
        }),
        (Method::Veto { .. }, Some(ItemInput::Score(_))) => Err(err(
            "否决项不能直接给分 (a veto item takes `veto`, not `score`)".into(),
        )),
        (_, Some(ItemInput::Score(s))) => {
            in_range(*s, item.max).map_err(err)?;
            Ok(ItemOutcome::scored(
                *s,
                format!("既定得分 {s}/{} (decided score)", item.max),
            ))
        }
        (Method::Points { step }, Some(ItemInput::Points(p))) => {
            points(*p, *step, item.max).map_err(err)
        }
        (Method::Deduction { findings }, i) => {
            let counts = match i {
                None => &BTreeMap::new(),
                Some(ItemInput::Findings(c)) => c,
                Some(other) => return Err(err(mismatch("deduction", "findings", other))),
            };
            deduction(findings, counts, item.max).map_err(err)
        }
        (
            Method::Threshold {
                measure,
                target,
                floor,
                curve,
            },
            Some(ItemInput::Measured(x)),
        ) => threshold(measure, *x, *target, *floor, *curve, item.max).map_err(err),
        (
            Method::Deadline { per, points, cap },
            Some(i @ (ItemInput::Done(_) | ItemInput::NotDone)),
        ) => Ok(deadline(item, i, *per, *points, *cap)),
        (Method::Survey, Some(ItemInput::Index(x))) => survey(*x, item.max).map_err(err),
        (Method::Bonus { awards }, i) => {
            let counts = match i {
                None => &BTreeMap::new(),
                Some(ItemInput::Awards(c)) => c,
                Some(other) => return Err(err(mismatch("bonus", "awards", other))),
            };
            bonus(awards, counts, item.max).map_err(err)
        }
        (Method::Veto { .. }, None | Some(ItemInput::Veto(false))) => Ok(ItemOutcome::scored(
            Decimal::ZERO,
            "未触发否决 (veto not triggered)".into(),
        )),
        (Method::Veto { max_grade }, Some(ItemInput::Veto(true))) => Ok(ItemOutcome {
            score: Decimal::ZERO,
            applicable: true,
            veto: true,
            explanation: match max_grade {
                Some(g) => format!("触发否决，最高评为 {g} (veto: grade capped)"),
                None => "触发一票否决，评为最低等次 (veto: lowest grade)".into(),
            },
        }),
        (m, None) => Err(err(format!("缺少输入 (missing `{}` input)", expected(m)))),
        (m, Some(other)) => Err(err(mismatch(m.name(), expected(m), other))),
    }
}

fn expected(m: &Method) -> &'static str {
    match m {
        Method::Points { .. } => "points",
        Method::Deduction { .. } => "findings",
        Method::Threshold { .. } => "measured",
        Method::Deadline { .. } => "done",
        Method::Survey => "index",
        Method::Bonus { .. } => "awards",
        Method::Veto { .. } => "veto",
    }
}

fn mismatch(method: &str, wanted: &str, got: &ItemInput) -> String {
    format!(
        "方法 {method} 需要 {wanted} 输入，收到 {} (method `{method}` expects a `{wanted}` input, got `{}`)",
        got.name(),
        got.name()
    )
}

fn in_range(x: Decimal, max: Decimal) -> Result<(), String> {
    if x < Decimal::ZERO || x > max {
        return Err(format!(
            "得分 {x} 超出 0–{max} (score {x} is outside 0..{max})"
        ));
    }
    Ok(())
}

fn points(p: Decimal, step: Decimal, max: Decimal) -> Result<ItemOutcome, String> {
    in_range(p, max)?;
    if !(p % step).is_zero() {
        return Err(format!(
            "得分 {p} 不是步长 {step} 的整数倍 (score {p} is not a multiple of step {step})"
        ));
    }
    Ok(ItemOutcome::scored(
        p,
        format!("评分 {p}/{max} (points given)"),
    ))
}

/// Σ points × count over `counts`, refusing unknown codes, and a readable breakdown.
fn tally(
    list: &[Finding],
    counts: &BTreeMap<String, u32>,
) -> Result<(Decimal, Vec<String>), String> {
    let mut sum = Decimal::ZERO;
    let mut parts = Vec::new();
    for (code, n) in counts {
        let f = list
            .iter()
            .find(|f| &f.code == code)
            .ok_or_else(|| format!("未知代码 {code} (unknown code)"))?;
        if *n > 0 {
            sum += f.points * Decimal::from(*n);
            parts.push(format!("{}×{n}", f.title));
        }
    }
    Ok((sum, parts))
}

fn deduction(
    findings: &[Finding],
    counts: &BTreeMap<String, u32>,
    max: Decimal,
) -> Result<ItemOutcome, String> {
    let (off, parts) = tally(findings, counts)?;
    let score = (max - off).max(Decimal::ZERO);
    let what = if parts.is_empty() {
        "无扣分".to_owned()
    } else {
        parts.join("，")
    };
    Ok(ItemOutcome::scored(
        score,
        format!("{what}：扣 {off}，扣完为止 → {score}/{max} (deductions, never below 0)"),
    ))
}

fn bonus(
    awards: &[Finding],
    counts: &BTreeMap<String, u32>,
    max: Decimal,
) -> Result<ItemOutcome, String> {
    let (sum, parts) = tally(awards, counts)?;
    let score = sum.min(max);
    let what = if parts.is_empty() {
        "无加分".to_owned()
    } else {
        parts.join("，")
    };
    Ok(ItemOutcome::scored(
        score,
        format!("{what}：加 {sum}，本项上限 {max} → {score} (bonus, item cap)"),
    ))
}

fn threshold(
    measure: &str,
    x: Decimal,
    target: Decimal,
    floor: Decimal,
    curve: Curve,
    max: Decimal,
) -> Result<ItemOutcome, String> {
    if x < Decimal::ZERO {
        return Err(format!(
            "{measure} 不能为负 (measured value must not be negative)"
        ));
    }
    let share = if x >= target {
        Decimal::ONE
    } else if x < floor {
        Decimal::ZERO
    } else {
        let t = (x - floor) / (target - floor);
        match curve {
            Curve::Linear => t,
            // 功效系数法: 60 + 40 × t, as a percentage of the item's points.
            Curve::Efficacy => (Decimal::from(60) + Decimal::from(40) * t) / Decimal::ONE_HUNDRED,
        }
    };
    let score = max * share;
    let how = match curve {
        Curve::Linear => "linear",
        Curve::Efficacy => "efficacy",
    };
    Ok(ItemOutcome::scored(
        score,
        format!("{measure} {x}（目标 {target}，下限 {floor}，{how}）→ {score}/{max} (threshold)"),
    ))
}

fn deadline(
    item: &Item,
    input: &ItemInput,
    per: LatePer,
    points: Decimal,
    cap: Decimal,
) -> ItemOutcome {
    let (ItemInput::Done(done), Some(due)) = (input, item.deadline) else {
        return ItemOutcome::scored(Decimal::ZERO, format!("未完成 → 0/{} (not done)", item.max));
    };
    let days = done.since(due).map(|s| s.get_days()).unwrap_or(0);
    if days <= 0 {
        return ItemOutcome::scored(
            item.max,
            format!(
                "{done} 完成，期限 {due} → {}/{} (on time)",
                item.max, item.max
            ),
        );
    }
    let (units, unit) = match per {
        LatePer::Day => (days, "天"),
        // Each started week counts: 8 days late is 2 weeks.
        LatePer::Week => ((days + 6) / 7, "周"),
    };
    let off = (points * Decimal::from(units)).min(cap);
    let score = (item.max - off).max(Decimal::ZERO);
    ItemOutcome::scored(
        score,
        format!(
            "{done} 完成，逾期 {units} {unit}，扣 {off}（上限 {cap}）→ {score}/{} (late)",
            item.max
        ),
    )
}

fn survey(index: Decimal, max: Decimal) -> Result<ItemOutcome, String> {
    if index < Decimal::ZERO || index > Decimal::ONE_HUNDRED {
        return Err(format!(
            "满意度指数 {index} 须在 0–100 之间 (index must be 0..100)"
        ));
    }
    let score = max * index / Decimal::ONE_HUNDRED;
    Ok(ItemOutcome::scored(
        score,
        format!("满意度指数 {index} × {max}/100 → {score} (survey)"),
    ))
}
