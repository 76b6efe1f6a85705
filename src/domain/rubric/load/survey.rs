//! The `[satisfaction]` section.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Deserialize;

use super::check::{self, label, required};
use super::raw::{RawRubric, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::satisfaction::{
    Dimension, Question, SampleRule, SatisfactionSpec, ScalePoint, ValidityRule,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSatisfaction {
    pub satisfied_at: Option<S<Decimal>>,
    pub benchmark: Option<S<Decimal>>,
    #[serde(default)]
    pub scale: Vec<S<RawScale>>,
    #[serde(default)]
    pub dimension: Vec<S<RawDimension>>,
    #[serde(default)]
    pub validity: RawValidity,
    #[serde(default)]
    pub sample: RawSample,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScale {
    pub label: Option<S<String>>,
    pub value: Option<S<Decimal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDimension {
    pub code: Option<S<String>>,
    pub title: Option<S<String>>,
    pub weight: Option<S<Decimal>>,
    #[serde(default)]
    pub question: Vec<S<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub code: Option<S<String>>,
    pub text: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawValidity {
    pub straight_lining: Option<bool>,
    pub straight_lining_min_answers: Option<u32>,
    pub max_unanswered_share: Option<S<Decimal>>,
    pub min_seconds: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSample {
    pub confidence: Option<S<Decimal>>,
    pub margin: Option<S<Decimal>>,
    pub p: Option<S<Decimal>>,
    pub minimum: Option<u32>,
    pub publish_minimum: Option<u32>,
}

/// DESIGN.md's five-point scale: 非常满意/满意/一般/不满意/非常不满意 → 100/80/60/30/0.
fn default_scale() -> Vec<ScalePoint> {
    [
        ("非常满意", 100),
        ("满意", 80),
        ("一般", 60),
        ("不满意", 30),
        ("非常不满意", 0),
    ]
    .into_iter()
    .map(|(label, v)| ScalePoint {
        label: label.to_owned(),
        value: Decimal::from(v),
    })
    .collect()
}

/// The validated section; defaults follow DESIGN.md ("numbers that come from practice").
pub(crate) fn satisfaction(sink: &mut Sink<'_>, raw: &RawRubric) -> Option<SatisfactionSpec> {
    let Some(sec) = &raw.satisfaction else {
        sink.at(
            &(0..0),
            "kind `satisfaction` needs a [satisfaction] section",
        );
        return None;
    };
    let span = sec.span();
    let r = sec.get_ref();
    let what = "satisfaction: ";
    let scale = if r.scale.is_empty() {
        Some(default_scale())
    } else {
        scale(sink, &r.scale)
    };
    let satisfied_at = match &r.satisfied_at {
        Some(v) => check::non_negative(sink, what, "satisfied_at", v),
        None => Some(dec!(80)),
    };
    let benchmark = match &r.benchmark {
        Some(v) => check::share(sink, what, "benchmark", v),
        None => Some(dec!(0.8)),
    };
    let dimensions = dimensions(sink, &span, &r.dimension);
    let validity = validity(sink, &r.validity);
    let sample = sample(sink, &r.sample);
    Some(SatisfactionSpec {
        scale: scale?,
        satisfied_at: satisfied_at?,
        benchmark: benchmark?,
        dimensions: dimensions?,
        validity: validity?,
        sample: sample?,
    })
}

fn scale(sink: &mut Sink<'_>, raws: &[S<RawScale>]) -> Option<Vec<ScalePoint>> {
    let mut out = Vec::new();
    let mut labels = BTreeSet::new();
    for (i, s) in raws.iter().enumerate() {
        let what = format!("scale #{}: ", i + 1);
        let label = check::text(sink, &s.span(), &what, "label", s.get_ref().label.as_ref());
        let value =
            required(sink, &s.span(), &what, "value", s.get_ref().value.as_ref()).and_then(|v| {
                let x = *v.get_ref();
                let ok = x >= Decimal::ZERO && x <= dec!(100);
                if !ok {
                    sink.at(
                        &v.span(),
                        format!("{what}`value` must be between 0 and 100"),
                    );
                }
                ok.then_some(x)
            });
        if let Some(l) = &label
            && !labels.insert(l.clone())
        {
            sink.at(&s.span(), format!("duplicate scale label {l}"));
        }
        out.push(
            label
                .zip(value)
                .map(|(label, value)| ScalePoint { label, value }),
        );
    }
    out.into_iter().collect()
}

/// The dimensions, each with its questions; codes unique across dimensions and questions,
/// weights summing to 1.
fn dimensions(
    sink: &mut Sink<'_>,
    span: &std::ops::Range<usize>,
    raws: &[S<RawDimension>],
) -> Option<Vec<Dimension>> {
    if raws.is_empty() {
        sink.at(
            span,
            "satisfaction: needs at least one [[satisfaction.dimension]]",
        );
        return None;
    }
    let mut codes = BTreeSet::new();
    let out: Vec<Option<Dimension>> = raws
        .iter()
        .enumerate()
        .map(|(i, d)| dimension(sink, d, i, &mut codes))
        .collect();
    let out: Vec<Dimension> = out.into_iter().collect::<Option<_>>()?;
    let weights: Vec<Decimal> = out.iter().map(|d| d.weight).collect();
    check::weights_sum_to_one(sink, span, "the dimensions", &weights);
    Some(out)
}

/// One dimension, or `None` after reporting what is wrong with it or its questions.
fn dimension(
    sink: &mut Sink<'_>,
    d: &S<RawDimension>,
    index: usize,
    codes: &mut BTreeSet<String>,
) -> Option<Dimension> {
    let ds = d.span();
    let r = d.get_ref();
    let what = label("dimension", r.code.as_ref(), index);
    let code = check::text(sink, &ds, &what, "code", r.code.as_ref());
    let title = check::text(sink, &ds, &what, "title", r.title.as_ref());
    let weight = required(sink, &ds, &what, "weight", r.weight.as_ref())
        .and_then(|w| check::share(sink, &what, "weight", w));
    if r.question.is_empty() {
        sink.at(&ds, format!("{what}needs at least one question"));
    }
    if let (Some(c), Some(raw_code)) = (&code, &r.code)
        && !codes.insert(c.clone())
    {
        sink.at(&raw_code.span(), format!("duplicate code {c}"));
    }
    let questions = questions(sink, &r.question, codes);
    match (code, title, weight, questions) {
        (Some(code), Some(title), Some(weight), Some(questions)) if !questions.is_empty() => {
            Some(Dimension {
                code,
                title,
                weight,
                questions,
            })
        }
        _ => None,
    }
}

/// A dimension's questions, or `None` when any is wrong.
fn questions(
    sink: &mut Sink<'_>,
    raws: &[S<RawQuestion>],
    codes: &mut BTreeSet<String>,
) -> Option<Vec<Question>> {
    let mut questions = Vec::new();
    for (j, q) in raws.iter().enumerate() {
        let qwhat = label("question", q.get_ref().code.as_ref(), j);
        let qcode = check::text(sink, &q.span(), &qwhat, "code", q.get_ref().code.as_ref());
        let text = check::text(sink, &q.span(), &qwhat, "text", q.get_ref().text.as_ref());
        if let Some(c) = &qcode
            && !codes.insert(c.clone())
        {
            sink.at(&q.span(), format!("duplicate code {c}"));
        }
        questions.push(qcode.zip(text).map(|(code, text)| Question { code, text }));
    }
    questions.into_iter().collect()
}

fn validity(sink: &mut Sink<'_>, r: &RawValidity) -> Option<ValidityRule> {
    let max_unanswered_share = match &r.max_unanswered_share {
        Some(v) => check::share(sink, "validity: ", "max_unanswered_share", v)?,
        // DESIGN.md: more than 20% unanswered is invalid.
        None => dec!(0.2),
    };
    Some(ValidityRule {
        straight_lining: r.straight_lining.unwrap_or(true),
        // Assumption: identical answers to fewer than 5 questions are plausible, not evidence.
        straight_lining_min_answers: r.straight_lining_min_answers.unwrap_or(5),
        max_unanswered_share,
        // Assumption: under 60 s nobody reads a questionnaire; the bureau may tune it.
        min_seconds: r.min_seconds.unwrap_or(60),
    })
}

fn sample(sink: &mut Sink<'_>, r: &RawSample) -> Option<SampleRule> {
    let open = |sink: &mut Sink<'_>, v: &Option<S<Decimal>>, key: &str, default: Decimal| match v {
        Some(v) if *v.get_ref() > Decimal::ZERO && *v.get_ref() < Decimal::ONE => {
            Some(*v.get_ref())
        }
        Some(v) => {
            sink.at(
                &v.span(),
                format!("sample: `{key}` must be between 0 and 1 (exclusive)"),
            );
            None
        }
        None => Some(default),
    };
    // DESIGN.md: 95% confidence, 5% margin, p = 0.5, a floor of 30 households.
    let confidence = open(sink, &r.confidence, "confidence", dec!(0.95));
    let margin = open(sink, &r.margin, "margin", dec!(0.05));
    let p = open(sink, &r.p, "p", dec!(0.5));
    Some(SampleRule {
        confidence: confidence?,
        margin: margin?,
        p: p?,
        minimum: r.minimum.unwrap_or(30),
        publish_minimum: r.publish_minimum.unwrap_or(10),
    })
}
