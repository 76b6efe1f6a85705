//! Each item's line in a unit's result, written from where its input came from
//! ([`InputSource`]): the engine explains the method's arithmetic; this names the input — an
//! appeal decision with its reason, the ledger metric with its day, scope and counts, the
//! supervision records, the reviewers' combination, a confirmed or unconfirmed claim, the
//! self score not yet re-checked, nothing entered, an empty ledger, or an item not scored.
//! One place, so no item can carry a line that contradicts its source (a ledger item never
//! reads "暂用自评").

use jiff::civil::Date;

use super::{AppealDecision, ItemSource, LedgerMeasure};
use crate::domain::assessment::InputSource;
use crate::domain::rubric::{CombineOutcome, ItemInput, ItemTrace, Precision, ScoreResult};

/// Rewrites every item's explanation in `result` from its source; `as_of` is the day
/// supervision findings were counted.
pub(super) fn explain(result: &mut ScoreResult, sources: &[ItemSource], as_of: Date) {
    for s in sources {
        if let Some(item) = result.items.iter_mut().find(|i| i.code == s.code) {
            item.explanation = line(item, s, as_of);
        }
    }
}

/// The line of one item.
fn line(item: &ItemTrace, s: &ItemSource, as_of: Date) -> String {
    let method = item.explanation.as_str();
    let points = || format!("{}/{} 分", item.score, Precision::given(item.max));
    match s.source {
        InputSource::Appeal => appeal(item, s.appeal.as_ref(), method, &points()),
        InputSource::Ledger => match &s.metric {
            Some(m) => format!("{}：{method}", ledger_head(m)),
            None => format!("台账取数：{method}"),
        },
        InputSource::LedgerEmpty => {
            let head = s.metric.as_ref().map_or_else(
                || "台账取数：该指标无可计算的数据".to_owned(),
                |m| format!("{}，没有可计算的数据", ledger_head(m)),
            );
            format!("{head}，且未经复核评定 → 0 (nothing in the ledger to count)")
        }
        InputSource::Survey => match &s.survey {
            Some(m) => format!("{}：{method}", super::survey::head(m)),
            None => format!("满意度调查：{method}"),
        },
        InputSource::Supervision => {
            format!("督查督办记录（截至 {as_of}）：{method}")
        }
        InputSource::Combined => combined(item, s.combined.as_ref(), method, &points()),
        InputSource::ConfirmedNotApplicable => format!("单位申报{method}"),
        InputSource::UnconfirmedClaim => {
            "单位申报不适用，未经复核人员确认 → 按未完成计 0 (unconfirmed claim)".to_owned()
        }
        InputSource::SelfScore => format!("自评（尚未复核，暂用自评）：{method}"),
        InputSource::Missing => format!("尚无自评或复核，按该项默认：{method}"),
        InputSource::NotSubmitted => {
            "公示时仍无自评或复核 → 按未完成计 0 (nothing entered)".to_owned()
        }
        InputSource::NotScored => method.to_owned(),
    }
}

/// `台账 业委会组建率 8/10（濉溪镇辖区，截至 2023-06-30，计入：专业化物业服务、社区代管）`.
fn ledger_head(m: &LedgerMeasure) -> String {
    format!(
        "台账 {} {}/{}（{}，截至 {}，计入：{}）",
        m.measure,
        m.ratio.numerator,
        m.ratio.denominator,
        m.scope,
        m.as_of,
        m.eligible.join("、")
    )
}

/// `申诉裁决（维持）：3/4 分，理由：…` — a plain decided score — or the method's line of the
/// decided input (e.g. a veto lifted, a completion date).
fn appeal(item: &ItemTrace, d: Option<&AppealDecision>, method: &str, points: &str) -> String {
    let what = match &item.input {
        Some(ItemInput::Score(_)) | None => points.to_owned(),
        Some(_) => method.to_owned(),
    };
    match d {
        Some(d) => format!("申诉裁决（维持）：{what}，理由：{}", d.reason),
        None => format!("申诉裁决（维持）：{what}"),
    }
}

/// `复核：复核得分 3 取代自评 4 (review overrides) → 3/4 分`, or, for a veto, the reviewers'
/// majority verdict.
fn combined(item: &ItemTrace, c: Option<&CombineOutcome>, method: &str, points: &str) -> String {
    match (&item.input, c) {
        (Some(ItemInput::Veto(_)), _) => format!("复核人员多数意见：{method}"),
        (_, Some(c)) => format!("复核：{} → {points}", c.explanation),
        (_, None) => format!("复核：{points}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::ledger::metrics::Ratio;
    use crate::domain::rubric::model::Duty;
    use rust_decimal_macros::dec;

    fn trace(input: ItemInput, score: rust_decimal::Decimal, method: &str) -> ItemTrace {
        ItemTrace {
            code: "2.3".into(),
            title: "业委会组建".into(),
            method: crate::domain::rubric::model::MethodKind::Threshold,
            input: Some(input),
            max: dec!(6),
            score,
            applicable: true,
            explanation: method.into(),
        }
    }

    fn source(source: InputSource) -> ItemSource {
        ItemSource {
            code: "2.3".into(),
            source,
            duty: Duty::ByType,
            combined: None,
            metric: None,
            appeal: None,
            survey: None,
        }
    }

    fn day() -> Date {
        jiff::civil::date(2023, 6, 30)
    }

    #[test]
    fn an_appeal_decision_names_its_reason() {
        let decided = AppealDecision {
            appeal_id: "a".into(),
            reason: "补充材料属实".into(),
            decided_at: None,
        };
        let s = ItemSource {
            appeal: Some(decided),
            ..source(InputSource::Appeal)
        };
        let t = trace(
            ItemInput::Score(dec!(4.5)),
            dec!(4.5),
            "既定得分 4.5/6 (decided score)",
        );
        assert_eq!(
            line(&t, &s, day()),
            "申诉裁决（维持）：4.5/6 分，理由：补充材料属实"
        );
        let t = trace(
            ItemInput::Veto(false),
            dec!(0),
            "未触发否决 (veto not triggered)",
        );
        assert_eq!(
            line(&t, &s, day()),
            "申诉裁决（维持）：未触发否决 (veto not triggered)，理由：补充材料属实"
        );
    }

    #[test]
    fn an_empty_ledger_names_its_scope_and_date() {
        let m = LedgerMeasure {
            measure: "业委会组建率".into(),
            ratio: Ratio {
                numerator: 0,
                denominator: 0,
                rate: None,
                target: Some(dec!(0.9)),
                met: None,
                rule: String::new(),
            },
            as_of: day(),
            scope: "濉溪镇辖区".into(),
            eligible: vec!["专业化物业服务".into(), "社区代管".into()],
            dated: String::new(),
        };
        let empty = ItemSource {
            metric: Some(m),
            ..source(InputSource::LedgerEmpty)
        };
        let t = trace(
            ItemInput::Score(dec!(0)),
            dec!(0),
            "既定得分 0/6 (decided score)",
        );
        assert_eq!(
            line(&t, &empty, day()),
            "台账 业委会组建率 0/0（濉溪镇辖区，截至 2023-06-30，计入：专业化物业服务、社区代管），没有可计算的数据，且未经复核评定 → 0 (nothing in the ledger to count)"
        );
    }

    #[test]
    fn a_self_score_and_a_supervision_record_say_where_they_come_from() {
        let own = trace(
            ItemInput::Points(dec!(3)),
            dec!(3),
            "评分 3/6 (points given)",
        );
        assert_eq!(
            line(&own, &source(InputSource::SelfScore), day()),
            "自评（尚未复核，暂用自评）：评分 3/6 (points given)"
        );
        let found = trace(
            ItemInput::Findings(Default::default()),
            dec!(6),
            "无扣分：扣 0",
        );
        assert_eq!(
            line(&found, &source(InputSource::Supervision), day()),
            "督查督办记录（截至 2023-06-30）：无扣分：扣 0"
        );
    }
}
