//! The public survey operations (no login): a resident's submission, and a published round's
//! indices and receipt list.

use std::collections::BTreeMap;
use std::sync::Arc;

use poem::web::RemoteAddr;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::throttle::Throttle;
use crate::api::Tag;
use crate::api::body::JsonBody;
use crate::api::error::{ApiError, ApiResult, ThrottledResult};
use crate::api::typed::{InstantText, ReasonText, Typed, typed};
use crate::domain::survey::submission::RawSubmission;
use crate::service::survey::ingest::ONLINE;
use crate::service::survey::{index, submit};
use crate::service::{AppState, ServiceError};

/// Public survey endpoints.
pub struct PublicSurveyApi {
    pub state: AppState,
    pub throttle: Arc<Throttle>,
}

/// A resident's answers.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    /// 邀请码, e.g. `K7QM3-XPAZ9`: ten symbols (digits 2–9 and letters but I and O, either
    /// case, half- or full-width as a Chinese input method types them), hyphens allowed
    /// between them; the last symbol is a check.
    #[oai(validator(
        pattern = "^[-－]*([2-9A-HJ-NP-Za-hj-np-z２-９Ａ-ＨＪ-ＮＰ-Ｚａ-ｈｊ-ｎｐ-ｚ][-－]*){10}$"
    ))]
    pub code: String,
    /// Question code → answer label on the questionnaire's scale (非常满意/满意/一般/不满意/
    /// 非常不满意); unanswered questions are left out.
    pub answers: BTreeMap<String, String>,
    /// 意见建议 (optional, at most 500 characters).
    #[oai(skip_serializing_if_is_none)]
    pub comment: Option<ReasonText<500>>,
    /// When the questionnaire was opened (RFC 3339 with offset).
    pub started_at: InstantText,
    /// When it was finished (RFC 3339; not in the future, not before `started_at`).
    pub finished_at: InstantText,
    /// The token `POST /surveys/starts` gave when the questionnaire was opened: with it the
    /// time taken is the server's own (from the token to now; `started_at` and `finished_at`
    /// are then not read) and a token that does not verify keeps the answer as invalid
    /// (`unverified_start`). Without it the times are the sender's claim.
    #[oai(
        skip_serializing_if_is_none,
        validator(pattern = "^[0-9]{1,12}[.][0-9a-f]{64}$")
    )]
    pub start_token: Option<String>,
}

/// A code's questionnaire opened by a program.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    /// 邀请码, as for a submission.
    #[oai(validator(
        pattern = "^[-－]*([2-9A-HJ-NP-Za-hj-np-z２-９Ａ-ＨＪ-ＮＰ-Ｚａ-ｈｊ-ｎｐ-ｚ][-－]*){10}$"
    ))]
    pub code: String,
}

/// The signed start of a questionnaire.
#[derive(Debug, Object)]
pub struct SurveyStart {
    /// Send it back as the submission's `start_token`.
    pub start_token: String,
}

/// An accepted response.
#[derive(Debug, Object)]
pub struct Receipt {
    /// 回执码: keep it; when results are published its SHA-256 appears in the receipt list.
    pub receipt: String,
    /// True when this answers a retried request (same `Idempotency-Key`, same body).
    pub replayed: bool,
}

/// A published round's receipt list.
#[derive(Debug, Object)]
pub struct Receipts {
    pub round_id: String,
    /// SHA-256 (hex) of every counted receipt code, sorted.
    pub receipt_hashes: Vec<String>,
}

/// The socket's peer address.
pub(crate) fn peer(addr: &RemoteAddr) -> Option<std::net::IpAddr> {
    addr.as_socket_addr().map(|s| s.ip())
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Surveys")]
impl PublicSurveyApi {
    /// 提交满意度答卷 (submit a resident's answers; no login). A code works once (409 after);
    /// an unknown code is 404; a round not open is 409; answers off the questionnaire are 422
    /// naming the question. With `Idempotency-Key`, a retried identical request returns the
    /// first receipt. Nothing identifying the sender is stored.
    #[oai(path = "/surveys/responses", method = "post")]
    async fn submit(
        &self,
        remote: &RemoteAddr,
        request: &poem::Request,
        /// 1–200 visible ASCII characters; a retry with the same key and body returns the first
        /// receipt.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
        body: JsonBody<ResponseBody>,
    ) -> ThrottledResult<Json<Receipt>> {
        let ip = self.throttle.client(peer(remote), request.headers());
        if ip.is_some_and(|ip| self.throttle.is_blocked(ip)) {
            return Err(too_many().into());
        }
        unreadable_key(request)?;
        let b = body.0;
        let mut raw = RawSubmission {
            code: b.code,
            answers: b.answers,
            comment: b.comment.map(|c| c.0),
            started_at: b.started_at.0,
            finished_at: b.finished_at.0,
            surveyed_on: None,
            unverified_start: false,
            start_token: b.start_token.clone(),
        };
        if let Some(token) = &b.start_token {
            submit::time_by_token(&self.state, &mut raw, token).await?;
        }
        match submit::accept_survey_response(&self.state, &raw, key.0.as_deref(), ONLINE).await {
            Ok(a) => Ok(Json(Receipt {
                receipt: a.receipt.ok_or_else(no_receipt)?,
                replayed: a.replayed,
            })),
            Err(e @ ServiceError::Absent(_)) => {
                if ip.is_some_and(|ip| self.throttle.missed(ip)) {
                    return Err(too_many().into());
                }
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// 开始答题 (open a code's questionnaire from a program; no login): a signed start token to
    /// send with the answers, so the time taken is measured by the server. Unknown codes count
    /// against the client as on submission (404, then 429); a used code or a round not open is
    /// 409.
    #[oai(path = "/surveys/starts", method = "post")]
    async fn start(
        &self,
        remote: &RemoteAddr,
        request: &poem::Request,
        body: JsonBody<StartBody>,
    ) -> ThrottledResult<Json<SurveyStart>> {
        let ip = self.throttle.client(peer(remote), request.headers());
        if ip.is_some_and(|ip| self.throttle.is_blocked(ip)) {
            return Err(too_many().into());
        }
        match submit::open_for_api(&self.state, &body.0.code).await {
            Ok(start_token) => Ok(Json(SurveyStart { start_token })),
            Err(e @ ServiceError::Absent(_)) => {
                if ip.is_some_and(|ip| self.throttle.missed(ip)) {
                    return Err(too_many().into());
                }
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// 公布的满意度指数 (a published round's index; no login). Projects with fewer valid
    /// responses than the rubric's `publish_minimum` are left out (counted in
    /// `hidden_projects`). `scope`: `project:<id>`, `company:<id>`, `community:<id>`,
    /// `town:<id>`, or absent for the whole round.
    #[oai(path = "/public/surveys/:round/index", method = "get")]
    async fn published_index(
        &self,
        round: Path<String>,
        scope: Query<Option<String>>,
    ) -> ApiResult<Json<Typed<index::IndexView>>> {
        let view =
            index::published(&self.state, &round.0, scope.0.as_deref().unwrap_or("")).await?;
        typed(view)
    }

    /// 回执清单 (a published round's receipt hashes; no login).
    #[oai(path = "/public/surveys/:round/receipts", method = "get")]
    async fn receipts(&self, round: Path<String>) -> ApiResult<Json<Receipts>> {
        let hashes =
            crate::service::survey::rounds::published_receipts(&self.state, &round.0).await?;
        Ok(Json(Receipts {
            round_id: round.0,
            receipt_hashes: hashes,
        }))
    }
}

/// An `Idempotency-Key` that is not visible ASCII at all (poem-openapi would drop it and
/// the retry would silently lose its protection): 422 naming the header. Well-formed text is
/// checked by the use case (length, characters).
fn unreadable_key(request: &poem::Request) -> Result<(), ApiError> {
    let values = request.headers().get_all("Idempotency-Key");
    if values.iter().all(|v| v.to_str().is_ok()) && values.iter().count() <= 1 {
        return Ok(());
    }
    Err(ApiError::invalid(vec![crate::domain::FieldError::new(
        "Idempotency-Key",
        "Idempotency-Key 须为一个 1–200 个可见 ASCII 字符的值 (one value of 1 to 200 visible ASCII characters)",
    )]))
}

/// An online answer always has a receipt; its absence is a fault, never the client's.
fn no_receipt() -> ApiError {
    ServiceError::Internal(anyhow::anyhow!(
        "an online answer was accepted without a receipt"
    ))
    .into()
}

fn too_many() -> ApiError {
    ApiError {
        errors: vec![crate::domain::FieldError::new(
            "code",
            "错误的邀请码过多，请一分钟后再试 (too many unknown codes from this address)",
        )],
        ..ApiError::new(
            poem::http::StatusCode::TOO_MANY_REQUESTS,
            "错误的邀请码过多，请一分钟后再试 (too many unknown codes)",
        )
    }
}
