//! The answer flow of one code: open it (or say why not), step through the groups carrying
//! earlier answers in hidden fields, submit.

use std::collections::BTreeMap;

use poem::http::StatusCode;
use std::sync::Arc;

use poem::web::{Data, Form, Path, Query, RemoteAddr};
use poem::{Response, handler};

use super::pages::{self, Step};
use super::{Size, page};
use crate::api::surveys::throttle::Throttle;
use crate::domain::survey::code::InvitationCode;
use crate::domain::survey::submission::RawSubmission;
use crate::service::survey::RoundInfo;
use crate::service::survey::ingest::ONLINE;
use crate::service::survey::ingest::batch::SPENT;
use crate::service::survey::submit::{
    CodeStatus, accept_survey_response, code_status, earlier_receipt, start_token, verified_start,
};
use crate::service::{AppState, ServiceError};

/// `GET /s/{code}`: the first group, or the page saying why the code cannot be answered.
#[handler]
pub async fn open(
    state: Data<&AppState>,
    throttle: Data<&Arc<Throttle>>,
    remote: &RemoteAddr,
    headers: &poem::http::HeaderMap,
    Path(code): Path<String>,
    Query(size): Query<Size>,
) -> Response {
    let big = size.big();
    // Unknown codes count against the address as on the API: the page must not be a free
    // oracle of which codes exist.
    let ip = throttle.client(crate::api::surveys::public::peer(remote), headers);
    if ip.is_some_and(|ip| throttle.is_blocked(ip)) {
        return too_many(big);
    }
    let code = match InvitationCode::parse("code", &code) {
        Ok(c) => c,
        Err(e) => {
            return page(
                StatusCode::NOT_FOUND,
                pages::entry(Some(&e.message), "", big),
            );
        }
    };
    match code_status(&state, &code).await {
        Ok(CodeStatus::Open(round)) => {
            let Ok(spec) = round.spec() else {
                return fault(big);
            };
            let started = start_token(&state, &code);
            let nonce = crate::service::survey::submit::new_nonce();
            let answers = BTreeMap::new();
            let s = Step {
                code: &code.shown(),
                spec,
                index: 0,
                answers: &answers,
                start: &started,
                nonce: &nonce,
                comment: "",
                big,
                errors: &[],
            };
            page(StatusCode::OK, pages::step(&s))
        }
        Ok(CodeStatus::Unknown) if ip.is_some_and(|ip| throttle.missed(ip)) => too_many(big),
        Ok(other) => refused(&other, big),
        Err(_) => fault(big),
    }
}

/// The page for an address that has tried too many unknown codes.
fn too_many(big: bool) -> Response {
    let mut resp = page(
        StatusCode::TOO_MANY_REQUESTS,
        pages::entry(Some("输入错误的邀请码次数过多，请一分钟后再试。"), "", big),
    );
    resp.headers_mut().insert(
        poem::http::header::RETRY_AFTER,
        poem::http::HeaderValue::from(crate::api::surveys::throttle::LOCKOUT_SECONDS),
    );
    resp
}

/// The page for a code that cannot be answered.
fn refused(status: &CodeStatus, big: bool) -> Response {
    let (code, title, line) = match status {
        CodeStatus::Used => (
            StatusCode::CONFLICT,
            "该邀请码已使用",
            "每个邀请码只能提交一次。如有疑问，请联系发放邀请码的网格员或社区。",
        ),
        CodeStatus::Unknown => (
            StatusCode::NOT_FOUND,
            "邀请码不存在",
            "请核对邀请码是否输入正确。",
        ),
        CodeStatus::NotOpen => (
            StatusCode::CONFLICT,
            "调查尚未开始",
            "本轮调查尚未开始，请在开始后再来答题。",
        ),
        CodeStatus::Closed | CodeStatus::Open(_) => (
            StatusCode::CONFLICT,
            "调查已结束",
            "本轮调查已结束，不再接收答卷。感谢您的关注！",
        ),
    };
    page(code, pages::message(title, &[line], big))
}

fn fault(big: bool) -> Response {
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message("系统繁忙", &["请稍后再试。"], big),
    )
}

/// A step's form: what was answered, where the resident is, what they asked for.
struct Posted {
    step: usize,
    /// The signed start token the questionnaire was served with.
    start: String,
    nonce: String,
    comment: String,
    big: bool,
    action: String,
    answers: BTreeMap<String, String>,
}

fn posted(fields: Vec<(String, String)>) -> Posted {
    let mut p = Posted {
        step: 0,
        start: String::new(),
        nonce: String::new(),
        comment: String::new(),
        big: false,
        action: String::new(),
        answers: BTreeMap::new(),
    };
    for (k, v) in fields {
        match k.as_str() {
            "step" => p.step = v.parse().unwrap_or(0),
            "start" => p.start = v,
            "nonce" => p.nonce = v,
            "comment" => p.comment = v,
            "big" => p.big = v == "1",
            "action" => p.action = v,
            _ => {
                if let Some(q) = k.strip_prefix("q_") {
                    p.answers.insert(q.chars().take(20).collect(), v);
                }
            }
        }
    }
    p
}

/// `POST /s/{code}`: the next or previous group, or the submission.
#[handler]
pub async fn step(
    state: Data<&AppState>,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let p = posted(fields);
    let Ok(code) = InvitationCode::parse("code", &code) else {
        return page(
            StatusCode::NOT_FOUND,
            pages::entry(Some("邀请码有误"), "", p.big),
        );
    };
    let round = match code_status(&state, &code).await {
        Ok(CodeStatus::Open(round)) => round,
        Ok(CodeStatus::Used) if p.action == "submit" => return resubmitted(&state, &p).await,
        Ok(other) => return refused(&other, p.big),
        Err(_) => return fault(p.big),
    };
    let Ok(spec) = round.spec() else {
        return fault(p.big);
    };
    let last = spec.dimensions.len().saturating_sub(1);
    let at = p.step.min(last);
    let shown = code.shown();
    let render = |index: usize, errors: &[String]| {
        let s = Step {
            code: &shown,
            spec,
            index,
            answers: &p.answers,
            start: &p.start,
            nonce: &p.nonce,
            comment: &p.comment,
            big: p.big,
            errors,
        };
        pages::step(&s)
    };
    match p.action.as_str() {
        "back" => page(StatusCode::OK, render(at.saturating_sub(1), &[])),
        "submit" if at == last => {
            submit(&state, &code, &round, &p, |errors| render(at, errors)).await
        }
        _ => page(StatusCode::OK, render((at + 1).min(last), &[])),
    }
}

async fn submit(
    state: &AppState,
    code: &InvitationCode,
    round: &RoundInfo,
    p: &Posted,
    again: impl Fn(&[String]) -> maud::Markup,
) -> Response {
    let now = state.db.clock.now();
    // The time taken is the server's own: from the signed serving time to now. A token that
    // does not verify keeps the answer, as invalid (never silently dropped).
    let started = verified_start(state, code, &p.start, round);
    let raw = RawSubmission {
        code: code.shown(),
        answers: p.answers.clone(),
        comment: Some(p.comment.clone()),
        started_at: started.unwrap_or(now).to_string(),
        finished_at: now.to_string(),
        surveyed_on: None,
        unverified_start: started.is_none(),
        start_token: None,
    };
    let key = Some(p.nonce.as_str()).filter(|n| is_nonce(n));
    let outcome = accept_survey_response(state, &raw, key, ONLINE).await;
    if outcome.is_err()
        && let Some(first) = first_receipt(state, p).await
    {
        // The same form sent twice at once: the other press was accepted first.
        return page(StatusCode::OK, pages::thanks(&first, true, p.big));
    }
    match outcome {
        Ok(a) => match a.receipt {
            Some(receipt) => page(StatusCode::OK, pages::thanks(&receipt, a.replayed, p.big)),
            None => fault(p.big),
        },
        Err(ServiceError::Invalid(errors)) => {
            let lines: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            page(StatusCode::UNPROCESSABLE_ENTITY, again(&lines))
        }
        Err(ServiceError::Conflict(m)) if m == SPENT => refused(&CodeStatus::Used, p.big),
        Err(ServiceError::Conflict(_)) => refused(&CodeStatus::Closed, p.big),
        Err(ServiceError::Absent(_)) => refused(&CodeStatus::Unknown, p.big),
        Err(_) => fault(p.big),
    }
}

/// Whether a posted nonce has the form [`new_nonce`] gives it (anything else was not made
/// here and is ignored).
///
/// [`new_nonce`]: crate::service::survey::submit::new_nonce
fn is_nonce(n: &str) -> bool {
    n.len() == 32 && n.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The receipt of this form's earlier, accepted submission, found by its nonce.
async fn first_receipt(state: &AppState, p: &Posted) -> Option<String> {
    if !is_nonce(&p.nonce) {
        return None;
    }
    earlier_receipt(state, &p.nonce).await.ok().flatten()
}

/// A submit for a code already used: the first receipt again when this very form was the one
/// accepted (same nonce), otherwise the "already used" page — the receipt of another form is
/// never shown.
async fn resubmitted(state: &AppState, p: &Posted) -> Response {
    match first_receipt(state, p).await {
        Some(receipt) => page(StatusCode::OK, pages::thanks(&receipt, true, p.big)),
        None => refused(&CodeStatus::Used, p.big),
    }
}
