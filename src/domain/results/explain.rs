//! A unit's result explained from the raw input to its rank, as one list of steps: each item
//! (its input, where it came from, its score), each category, the weights and re-normalisation,
//! the bonus, each deduction, the rounding, the total, the grade and the quota, the rank.
//! The steps that add points (top-level categories as weighted into the total, the bonus,
//! minus each deduction, the rounding) always sum to the total exactly ([`Explanation::sum`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Standing;
use crate::domain::rubric::inputs::ItemInput;
use crate::domain::rubric::model::Assessment;
use crate::domain::rubric::{Rubric, ScoreResult};

/// What a step explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// One item: its input, source and score.
    Item,
    /// One category's sum (top-level ones add their weighted share to the total).
    Category,
    /// Weights and re-normalisation applied to the categories.
    Weights,
    /// The bonus, capped.
    Bonus,
    /// One deduction from the total.
    Deduction,
    /// The rubric's rounding of the total.
    Rounding,
    /// The total.
    Total,
    /// One grade rule (band, category minimum, veto, quota).
    Grade,
    /// The rank among the period's units.
    Rank,
}

/// One step of an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// What the step explains.
    pub stage: Stage,
    /// The rubric item or category code, where the step is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its title.
    pub title: String,
    /// Points this step adds to the total; absent for steps that explain without adding
    /// (items and sub-categories are inside their top-level category's share).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adds: Option<Decimal>,
    /// The item's input as scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<ItemInput>,
    /// Where the input came from (self score, review, appeal, ledger, survey, supervision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The step in words.
    pub line: String,
}

/// A unit's full explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Explanation {
    /// The rubric's id, version and SHA-256.
    pub rubric_id: String,
    /// Version.
    pub rubric_version: u32,
    /// SHA-256 of the rubric file.
    pub rubric_hash: String,
    /// The total the steps sum to.
    pub total: Decimal,
    /// Every step, from the items to the rank.
    pub steps: Vec<Step>,
}

impl Explanation {
    /// Σ of the steps' `adds`: always the total.
    pub fn sum(&self) -> Decimal {
        self.steps.iter().filter_map(|s| s.adds).sum()
    }
}

/// Explains `r` (scored by `rubric`'s assessment `a`) with its standing `s`; `source_of`
/// names where each item's input came from.
pub fn explain(
    rubric: &Rubric,
    a: &Assessment,
    r: &ScoreResult,
    s: &Standing,
    source_of: &dyn Fn(&str) -> Option<String>,
) -> Explanation {
    let mut steps: Vec<Step> = r.items.iter().map(|i| item_step(i, source_of)).collect();
    let factor = renormalisation(r);
    for c in &r.categories {
        let weight = a
            .categories
            .iter()
            .find(|top| top.code == c.code && c.level == 1);
        let share = weight.map(|top| match (a.weighted, top.weight) {
            (true, Some(w)) if !top.points.is_zero() => c.score * w * a.total / top.points,
            _ => c.score,
        });
        steps.push(Step {
            stage: Stage::Category,
            code: Some(c.code.clone()),
            title: c.title.clone(),
            adds: share.map(|x| x * factor),
            input: None,
            source: None,
            line: c.line.clone(),
        });
    }
    steps.push(plain(
        Stage::Weights,
        "权重与折算",
        weights_line(a, r),
        None,
    ));
    steps.push(plain(
        Stage::Bonus,
        "加分",
        format!(
            "加分合计 {}，上限 {}，计入 {}",
            r.bonus.claimed, r.bonus.cap, r.bonus.applied
        ),
        Some(r.bonus.applied),
    ));
    for adj in &r.adjustments {
        steps.push(plain(
            Stage::Deduction,
            &adj.label,
            format!("扣减 {}", adj.points),
            Some(-adj.points),
        ));
    }
    let before: Decimal = steps.iter().filter_map(|s| s.adds).sum();
    steps.push(plain(
        Stage::Rounding,
        "取舍",
        rounding_line(rubric, before, r.total),
        Some(r.total - before),
    ));
    steps.push(plain(Stage::Total, "总分", r.total_line.clone(), None));
    grade_steps(&mut steps, r, s);
    Explanation {
        rubric_id: r.rubric_id.clone(),
        rubric_version: r.rubric_version,
        rubric_hash: r.rubric_hash.clone(),
        total: r.total,
        steps,
    }
}

fn item_step(
    i: &crate::domain::rubric::ItemTrace,
    source_of: &dyn Fn(&str) -> Option<String>,
) -> Step {
    Step {
        stage: Stage::Item,
        code: Some(i.code.clone()),
        title: i.title.clone(),
        adds: None,
        input: i.input.clone(),
        source: source_of(&i.code),
        line: i.explanation.clone(),
    }
}

fn plain(stage: Stage, title: &str, line: String, adds: Option<Decimal>) -> Step {
    Step {
        stage,
        code: None,
        title: title.to_owned(),
        adds,
        input: None,
        source: None,
        line,
    }
}

/// full / applicable when the rubric re-normalised, else 1.
fn renormalisation(r: &ScoreResult) -> Decimal {
    match r.renormalised {
        Some(_) if !r.applicable.is_zero() => r.full / r.applicable,
        _ => Decimal::ONE,
    }
}

fn weights_line(a: &Assessment, r: &ScoreResult) -> String {
    let mut parts = Vec::new();
    if a.weighted {
        let w: Vec<String> = a
            .categories
            .iter()
            .map(|c| format!("{} × {}", c.code, c.weight.unwrap_or(Decimal::ONE)))
            .collect();
        parts.push(format!("类别按权重计入满分 {}：{}", a.total, w.join("，")));
    } else {
        parts.push("类别得分直接相加".to_owned());
    }
    parts.push(format!("合计 {}", r.base));
    match &r.renormalised {
        Some(how) => parts.push(format!(
            "{how}：× {} / {} = {}",
            r.full, r.applicable, r.after_renormalisation
        )),
        None => parts.push("不折算".to_owned()),
    }
    parts.join("；")
}

fn rounding_line(rubric: &Rubric, before: Decimal, total: Decimal) -> String {
    match &rubric.header.rounding {
        Some(r) => format!(
            "各部分合计 {} → 按细则保留 {} 位小数（{}）得 {total}（含中间数字的显示取舍）",
            before.round_dp(rubric.header.display_places),
            r.places,
            serde_json::to_value(r.mode)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ),
        None => format!("细则不取舍，总分 {total}"),
    }
}

fn grade_steps(steps: &mut Vec<Step>, r: &ScoreResult, s: &Standing) {
    for g in &r.grade.steps {
        steps.push(plain(Stage::Grade, "等次", g.clone(), None));
    }
    if let Some(note) = &s.quota_note {
        steps.push(plain(Stage::Grade, "等次名额", note.clone(), None));
    }
    steps.push(plain(
        Stage::Grade,
        "最终等次",
        format!("最终等次 {}", s.grade),
        None,
    ));
    steps.push(plain(
        Stage::Rank,
        "排名",
        format!("第 {} 名：{}", s.rank, s.rank_line),
        None,
    ));
}
