//! A project's service quality (项目服务质量综合评价) by the `composite` rubric: each component's
//! value (on-site evaluation, residents' satisfaction, daily evaluation) times its weight. A
//! project lacking a component is combined over the ones it has when the rubric says
//! `renormalise = "scale-to-max"` (their weights scaled to sum to 1), and the missing one is
//! named in the trace; with `none`, or with no component at all, the project is unrated.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::rubric::composite::CompositeSpec;
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::Precision;
use crate::domain::rubric::grade::band_of;
use crate::domain::rubric::model::{Renormalise, Rounding};

/// A component's value for one project, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ComponentValue {
    /// The composite rubric's component code (`inspection`, `satisfaction`, `daily`).
    pub code: String,
    /// 0–100.
    #[schemars(with = "crate::domain::number::schema::Index")]
    pub value: Decimal,
    /// What it is, e.g. `现场测评 2023-05-10（97.71）`.
    pub source: String,
}

/// One component as combined.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct QualityLine {
    pub code: String,
    pub title: String,
    /// The rubric's weight.
    #[schemars(with = "String")]
    pub weight: Decimal,
    #[schemars(with = "crate::domain::number::schema::Index")]
    pub value: Decimal,
    pub source: String,
}

/// A project's quality with its trace.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct QualityResult {
    /// The components present.
    pub lines: Vec<QualityLine>,
    /// Titles of the components the project lacks (their weight was shared out).
    pub missing: Vec<String>,
    /// The quality score at the rubric's places.
    #[schemars(with = "crate::domain::number::schema::Index")]
    pub total: Decimal,
    /// Grade by the rubric's bands, when it has them.
    pub grade: Option<String>,
    /// The arithmetic in one line.
    pub line: String,
}

/// Combines `values` by `spec`; `None` when nothing can be rated (see the module docs).
pub fn project_quality(
    spec: &CompositeSpec,
    rounding: Option<&Rounding>,
    p: Precision,
    values: &[ComponentValue],
) -> Option<QualityResult> {
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    for c in &spec.components {
        match values.iter().find(|v| v.code == c.code) {
            Some(v) => lines.push(QualityLine {
                code: c.code.clone(),
                title: c.title.clone(),
                weight: Precision::given(c.weight),
                value: Precision::given(v.value),
                source: v.source.clone(),
            }),
            None => missing.push(c.title.clone()),
        }
    }
    if lines.is_empty() || (!missing.is_empty() && spec.renormalise == Renormalise::None) {
        return None;
    }
    let sum: Frac = lines.iter().map(|l| Frac::from(l.weight) * l.value).sum();
    let weights: Decimal = lines.iter().map(|l| l.weight).sum();
    let exact = sum / Frac::from(weights);
    let staged = p.result(rounding, exact);
    let terms: Vec<String> = lines
        .iter()
        .map(|l| format!("{} × {}（{}：{}）", l.weight, l.value, l.title, l.source))
        .collect();
    let mut line = terms.join(" + ");
    if !missing.is_empty() {
        line = format!(
            "({line}) / {}（缺{}，其权重按比例分给其余部分）",
            weights.normalize(),
            missing.join("、")
        );
    }
    let total = staged.shown.value;
    line.push_str(&format!(" {} → {total}", p.equals(exact)));
    let grade = (!spec.bands.is_empty()).then(|| band_of(&spec.bands, total).name.clone());
    Some(QualityResult {
        lines,
        missing,
        total,
        grade,
        line,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::rubric::model::Body;
    use crate::domain::rubric::{Rubric, parse};

    fn rubric() -> Rubric {
        let path = format!("{}/rubrics/composite.toml", env!("CARGO_MANIFEST_DIR"));
        parse("composite.toml", &std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn quality(values: &[(&str, Decimal)]) -> Option<QualityResult> {
        let r = rubric();
        let Body::Composite(spec) = &r.body else {
            panic!("not composite")
        };
        let values: Vec<ComponentValue> = values
            .iter()
            .map(|(code, value)| ComponentValue {
                code: (*code).into(),
                value: *value,
                source: "测试".into(),
            })
            .collect();
        project_quality(
            spec,
            r.header.rounding.as_ref(),
            Precision::of(&r.header),
            &values,
        )
    }

    /// By hand from `rubrics/composite.toml` (0.4 / 0.3 / 0.3, two places half-up, bands 90/80/70).
    #[test]
    fn all_three_components_weigh_as_the_rubric_says() {
        let q = quality(&[
            ("inspection", dec!(97.71)),
            ("satisfaction", dec!(80)),
            ("daily", dec!(70)),
        ])
        .unwrap();
        // 39.084 + 24 + 21 = 84.084 → 84.08, 良好.
        assert_eq!((q.total, q.grade.as_deref()), (dec!(84.08), Some("良好")));
        assert!(q.missing.is_empty());
    }

    #[test]
    fn a_missing_component_shares_its_weight_and_is_named() {
        let q = quality(&[("inspection", dec!(97.71)), ("satisfaction", dec!(80))]).unwrap();
        // (39.084 + 24) / 0.7 = 90.12 exactly → 90.12, 优秀.
        assert_eq!((q.total, q.grade.as_deref()), (dec!(90.12), Some("优秀")));
        assert_eq!(q.missing, ["日常（行业主管部门）考评"]);
        assert!(
            q.line.contains("/ 0.7（缺日常（行业主管部门）考评"),
            "{}",
            q.line
        );
        // Only the inspection: its own value.
        let q = quality(&[("inspection", dec!(97.71))]).unwrap();
        assert_eq!(q.total, dec!(97.71));
    }

    #[test]
    fn nothing_rated_is_no_result() {
        assert!(quality(&[]).is_none());
    }
}
