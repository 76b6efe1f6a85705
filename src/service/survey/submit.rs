//! `accept_survey_response`: a resident's answers (answer page, API or paper row) checked
//! against the round's questionnaire, then written by the group-commit writer.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::ingest::{Accepted, Ingest, Item, batch};
use super::{RoundInfo, info_from};
use crate::domain::FieldError;
use crate::domain::survey::code::{InvitationCode, sha256_hex};
use crate::domain::survey::round::{Window, window};
use crate::domain::survey::start;
use crate::domain::survey::submission::RawSubmission;
use crate::secret::ServerSecret;
use crate::service::{AppState, ServiceError};
use crate::store;

/// The survey machinery of a running instance: the writer and the rounds it has read.
#[derive(Debug)]
pub struct Surveys {
    /// The group-commit writer.
    pub ingest: Ingest,
    rounds: RwLock<HashMap<String, RoundInfo>>,
    secret: ServerSecret,
}

impl Surveys {
    /// Starts the writer; `secret` keys the codes' hashes and the page's start tokens.
    pub fn start(
        db: store::Db,
        rubrics: Arc<crate::service::rubrics::RubricRegistry>,
        secret: ServerSecret,
    ) -> Self {
        Self {
            ingest: Ingest::start(db, rubrics),
            rounds: RwLock::new(HashMap::new()),
            secret,
        }
    }

    /// The server secret's key.
    pub fn key(&self) -> &[u8] {
        self.secret.key()
    }
}

/// The answer page's start token for `code`, served now ([`crate::domain::survey::start`]).
pub fn start_token(state: &AppState, code: &InvitationCode) -> String {
    let key = state.surveys.key();
    start::sign(key, &code.keyed_hash(key), state.db.clock.now())
}

/// When the questionnaire a page's `token` came with was served, if the token verifies for
/// `code` and lies between `round`'s opening and now; `None` otherwise.
pub fn verified_start(
    state: &AppState,
    code: &InvitationCode,
    token: &str,
    round: &RoundInfo,
) -> Option<jiff::Timestamp> {
    let key = state.surveys.key();
    let latest = state.db.clock.now().min(round.closes);
    start::verify(key, &code.keyed_hash(key), token, round.opens, latest)
}

/// A round's questionnaire and window, read once per instance (neither changes after the
/// round is created).
async fn cached_round(state: &AppState, id: &str) -> Result<RoundInfo, ServiceError> {
    let cache = &state.surveys.rounds;
    if let Some(r) = cache.read().unwrap_or_else(|p| p.into_inner()).get(id) {
        return Ok(r.clone());
    }
    let row = store::survey::rounds::find(&state.db.pool, id)
        .await?
        .ok_or_else(|| ServiceError::Absent(FieldError::new("code", batch::UNKNOWN)))?;
    let info = info_from(&state.rubrics, row)?;
    cache
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id.to_owned(), info.clone());
    Ok(info)
}

/// Where a code stands, for the answer page (no field errors: each has its own page).
#[derive(Debug, Clone)]
pub enum CodeStatus {
    /// No such code.
    Unknown,
    /// Already answered.
    Used,
    /// Its round has not opened yet.
    NotOpen,
    /// Its round has closed.
    Closed,
    /// Ready to be answered against this round's questionnaire.
    Open(Box<RoundInfo>),
}

/// The status of a well-formed code.
pub async fn code_status(
    state: &AppState,
    code: &InvitationCode,
) -> Result<CodeStatus, ServiceError> {
    let Some((row, round)) = find_code(state, code).await? else {
        return Ok(CodeStatus::Unknown);
    };
    Ok(
        match window(round.opens, round.closes, state.db.clock.now()) {
            Window::NotOpen => CodeStatus::NotOpen,
            Window::Closed => CodeStatus::Closed,
            Window::Open if row.spent => CodeStatus::Used,
            Window::Open => CodeStatus::Open(Box::new(round)),
        },
    )
}

/// A code's row and round: under its keyed hash, or under its plain SHA-256 in a round made
/// before the server secret.
async fn find_code(
    state: &AppState,
    code: &InvitationCode,
) -> Result<Option<(store::survey::codes::CodeRow, RoundInfo)>, ServiceError> {
    let pool = &state.db.pool;
    if let Some(row) =
        store::survey::codes::find(pool, &code.keyed_hash(state.surveys.key())).await?
    {
        let round = cached_round(state, &row.round_id).await?;
        return Ok(Some((row, round)));
    }
    let Some(row) = store::survey::codes::find(pool, &code.legacy_hash()).await? else {
        return Ok(None);
    };
    let round = cached_round(state, &row.round_id).await?;
    Ok((round.row.code_hash_scheme == store::survey::rounds::LEGACY).then_some((row, round)))
}

/// A program's counterpart of opening the answer page: the start token for `code`, or the
/// refusal the page would show (unknown 404, used or not open 409).
pub async fn open_for_api(state: &AppState, code: &str) -> Result<String, ServiceError> {
    let code = InvitationCode::parse("code", code)?;
    match code_status(state, &code).await? {
        CodeStatus::Open(_) => Ok(start_token(state, &code)),
        CodeStatus::Unknown => Err(ServiceError::Absent(FieldError::new(
            "code",
            batch::UNKNOWN,
        ))),
        CodeStatus::Used => Err(ServiceError::Conflict(batch::SPENT.into())),
        CodeStatus::NotOpen => Err(ServiceError::Conflict(batch::NOT_OPEN.into())),
        CodeStatus::Closed => Err(ServiceError::Conflict(batch::CLOSED.into())),
    }
}

/// Times a program's submission by its start `token` and the server's clock, as the page's
/// are: a token that does not verify keeps the answer as invalid. A code that cannot be
/// answered is left for the writer to refuse.
pub async fn time_by_token(
    state: &AppState,
    raw: &mut RawSubmission,
    token: &str,
) -> Result<(), ServiceError> {
    let code = InvitationCode::parse("code", &raw.code)?;
    if let CodeStatus::Open(round) = code_status(state, &code).await? {
        let now = state.db.clock.now();
        let started = verified_start(state, &code, token, &round);
        raw.started_at = started.unwrap_or(now).to_string();
        raw.finished_at = now.to_string();
        raw.unverified_start = started.is_none();
    }
    Ok(())
}

/// Checks and writes one submission; `idempotency_key` makes a retry return the first
/// result. Stores nothing that identifies the sender.
#[tracing::instrument(skip_all)]
pub async fn accept_survey_response(
    state: &AppState,
    raw: &RawSubmission,
    idempotency_key: Option<&str>,
    channel: &'static str,
) -> Result<Accepted, ServiceError> {
    let code = InvitationCode::parse("code", &raw.code)?;
    let code_hash = code.keyed_hash(state.surveys.key());
    let key = idempotency_key.map(check_key).transpose()?;
    let comment = raw
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    // A token-timed request's times are the server's, new on every retry: its token stands in.
    let request = sha256_hex(
        &match &raw.start_token {
            Some(token) => serde_json::json!([code_hash, raw.answers, comment, token]),
            None => serde_json::json!([
                code_hash,
                raw.answers,
                comment,
                raw.started_at,
                raw.finished_at
            ]),
        }
        .to_string(),
    );
    let item = Item {
        code_hash,
        legacy_hash: code.legacy_hash(),
        raw: raw.clone(),
        channel,
        idempotency: key.map(|k| (sha256_hex(&k), request)),
    };
    state.surveys.ingest.submit(item).await
}

/// An `Idempotency-Key`: 1–200 visible ASCII characters.
fn check_key(key: &str) -> Result<String, ServiceError> {
    let ok = !key.is_empty() && key.len() <= 200 && key.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(key.to_owned())
    } else {
        Err(ServiceError::invalid(
            "Idempotency-Key",
            "Idempotency-Key 须为 1–200 个可见 ASCII 字符 (1 to 200 visible ASCII characters)",
        ))
    }
}

/// A random token for one opening of the answer form (128 bits, hex); sent back as the
/// submission's idempotency key, it carries nothing about the household.
pub fn new_nonce() -> String {
    use rand::Rng;
    hex::encode(rand::rng().random::<[u8; 16]>())
}

/// The receipt an earlier submission with idempotency key `key` was given, if any.
pub async fn earlier_receipt(state: &AppState, key: &str) -> Result<Option<String>, ServiceError> {
    let Some(row) = store::survey::responses::replay(&state.db.pool, &sha256_hex(key)).await?
    else {
        return Ok(None);
    };
    let first: Accepted = serde_json::from_str(&row.result_json)
        .map_err(|e| ServiceError::Internal(anyhow::Error::new(e).context("idempotency record")))?;
    Ok(first.receipt)
}
