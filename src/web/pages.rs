//! The answer page's HTML (maud templates, compiled into the binary; the style sheet and the
//! script are embedded too, so the page works on an intranet and in WeChat's browser).

use maud::{DOCTYPE, Markup, html};

use crate::domain::rubric::satisfaction::{Dimension, SatisfactionSpec};

/// What a step page needs.
pub struct Step<'a> {
    pub code: &'a str,
    pub spec: &'a SatisfactionSpec,
    /// 0-based index of the dimension group shown.
    pub index: usize,
    /// Answers so far, question code → label.
    pub answers: &'a std::collections::BTreeMap<String, String>,
    /// The signed start time (`service::survey::submit::start_token`), carried to the submit.
    pub start: &'a str,
    /// A random token made when the questionnaire was opened: a second press of 提交 (or a
    /// resend after a lost answer) finds the first submission's receipt by it.
    pub nonce: &'a str,
    pub comment: &'a str,
    pub big: bool,
    pub errors: &'a [String],
}

/// A message as residents read it: the service's messages end with an English gloss for
/// developers (`…，请核对后重新输入 (check symbol does not match)`), which the page leaves out.
pub fn chinese(message: &str) -> &str {
    match message.rfind(" (") {
        Some(at) if message.ends_with(')') && message[at..].is_ascii() => message[..at].trim_end(),
        _ => message,
    }
}

/// The page frame: Chinese, mobile viewport, the larger-text switch.
pub fn layout(title: &str, big: bool, toggle: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" class=[big.then_some("big")] {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/assets/survey.css";
            }
            body {
                main {
                    p.textsize { a href=(toggle) { @if big { "标准字号" } @else { "大字号" } } }
                    (body)
                }
                script src="/assets/survey.js" {}
            }
        }
    }
}

/// The code entry page, with an optional error.
pub fn entry(error: Option<&str>, typed: &str, big: bool) -> Markup {
    let body = html! {
        h1 { "住宅小区物业服务满意度调查" }
        form #code-form method="post" action="/s" {
            p { label for="code" { "请输入邀请码（共 10 位，如 K7QM3-XPAZ9）：" } }
            input #code type="text" name="code" value=(typed) autocomplete="off" autocapitalize="characters";
            p #code-error .error role="alert" { @if let Some(e) = error { (chinese(e)) } }
            input type="hidden" name="big" value=(u8::from(big));
            button type="submit" { "开始答题" }
        }
    };
    layout("满意度调查", big, if big { "/s" } else { "/s?big=1" }, body)
}

/// A page that only says something (used, unknown or closed code; thanks).
pub fn message(title: &str, lines: &[&str], big: bool) -> Markup {
    let body = html! {
        h1 { (title) }
        @for l in lines { p { (l) } }
        p { a href="/s" { "输入其他邀请码" } }
    };
    layout(title, big, if big { "?" } else { "?big=1" }, body)
}

/// One dimension group of questions.
pub fn step(s: &Step<'_>) -> Markup {
    let total = s.spec.dimensions.len();
    let dim = &s.spec.dimensions[s.index];
    let last = s.index + 1 == total;
    let action = format!("/s/{}", s.code);
    let body = html! {
        h1 { "物业服务满意度调查" }
        p.progress { "第 " (s.index + 1) "/" (total) " 题" }
        @for e in s.errors { p.error role="alert" { (chinese(e)) } }
        form #answers method="post" action=(action) {
            (hidden_state(s, dim))
            (group(s, dim))
            @if last {
                p { label for="comment" { "意见和建议（选填，500 字以内）：" } }
                textarea #comment name="comment" rows="4" maxlength="500" { (s.comment) }
            }
            @if s.index > 0 { button.secondary type="submit" name="action" value="back" { "上一题" } }
            @if last { button type="submit" name="action" value="submit" { "提交问卷" } }
            @else { button type="submit" name="action" value="next" { "下一题" } }
        }
    };
    let toggle = format!("/s/{}?big={}", s.code, u8::from(!s.big));
    layout("满意度调查", s.big, &toggle, body)
}

/// The dimension's questions as large tap targets, each option's label tied to its input.
fn group(s: &Step<'_>, dim: &Dimension) -> Markup {
    html! {
        fieldset {
            legend { (dim.title) }
            @for q in &dim.questions {
                p.question id=(format!("q-{}", q.code)) { (q.text) }
                div.options role="radiogroup" aria-labelledby=(format!("q-{}", q.code)) {
                    @for (i, point) in s.spec.scale.iter().enumerate() {
                        @let id = format!("{}-{i}", q.code);
                        @let checked = s.answers.get(&q.code) == Some(&point.label);
                        label for=(id) {
                            input type="radio" id=(id) name=(format!("q_{}", q.code)) value=(point.label) checked[checked];
                            span { (point.label) }
                        }
                    }
                }
            }
        }
    }
}

/// The answers of the other groups, the start time, the step and the text size.
fn hidden_state(s: &Step<'_>, shown: &Dimension) -> Markup {
    html! {
        input type="hidden" name="step" value=(s.index);
        input type="hidden" name="start" value=(s.start);
        input type="hidden" name="nonce" value=(s.nonce);
        input type="hidden" name="big" value=(u8::from(s.big));
        @for (q, label) in s.answers {
            @if !shown.questions.iter().any(|x| &x.code == q) {
                input type="hidden" name=(format!("q_{q}")) value=(label);
            }
        }
        @if s.index + 1 < s.spec.dimensions.len() && !s.comment.is_empty() {
            input type="hidden" name="comment" value=(s.comment);
        }
    }
}

/// The confirmation page with the receipt; `again` when this form had already been submitted
/// and the receipt is the first submission's.
pub fn thanks(receipt: &str, again: bool, big: bool) -> Markup {
    let body = html! {
        @if again {
            h1 { "已提交，无需重复提交" }
            p { "这份问卷已经提交成功，下面是第一次提交时的回执码。" }
        } @else {
            h1 { "提交成功，感谢您的参与！" }
        }
        p { "您的回执码：" }
        p.receipt { (receipt) }
        p { "请保留回执码。调查结果公布时会同时公布回执清单，您可以核对自己的答卷已被计入。" }
    };
    layout("提交成功", big, if big { "?" } else { "?big=1" }, body)
}
