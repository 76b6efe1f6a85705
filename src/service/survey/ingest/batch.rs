//! One batch of submissions in one transaction: idempotency replays, codes and rounds read in
//! one statement each, every decision made in memory in arrival order (so two submissions of
//! one code in the same batch are one acceptance and one 409), then the writes — codes spent,
//! responses, idempotency records, sufficient statistics, the hour's tally per round (see
//! `settle`) — in a handful of multi-row statements.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rand::Rng;

use super::{Accepted, Item, Outcome};
use crate::clock::Clock;
use crate::domain::rubric::Rubric;
use crate::domain::survey::aggregate::{Moments, contributions};
use crate::domain::survey::code::{new_receipt, receipt_hash};
use crate::domain::survey::round::{Window, window};
use crate::domain::survey::submission::{Submission, check};
use crate::service::audit;
use crate::service::rubrics::RubricRegistry;
use crate::service::survey::{RoundInfo, info_from, spec_of};
use crate::service::{Actor, ServiceError};
use crate::store::survey::codes::{self, CodeRow};
use crate::store::survey::responses::{self, IdempotencyRow, ResponseRow};
use crate::store::survey::rounds;
use crate::store::survey::stats::{self, StatRow};
use crate::store::{self, Tx};

/// What the batch will write.
#[derive(Default)]
struct Writes {
    spent: Vec<String>,
    responses: Vec<ResponseRow>,
    replays: Vec<IdempotencyRow>,
    stats: BTreeMap<(String, String, String), Moments>,
    per_round: BTreeMap<String, (u64, u64)>,
}

/// What the batch read before deciding.
struct Known {
    replays: HashMap<String, IdempotencyRow>,
    codes: HashMap<String, CodeRow>,
    rounds: HashMap<String, RoundInfo>,
}

/// Decides and writes `items` in `tx`; returns each one's outcome in order. An error is a
/// fault of the whole batch (nothing of it may be committed). `who` signs the round's audit
/// entry: [`resident`] for answers sent by residents, the importer for paper sheets.
pub async fn apply(
    tx: &mut Tx,
    rubrics: &RubricRegistry,
    clock: &Clock,
    who: &Actor,
    items: &[Item],
) -> Result<Vec<Outcome>, ServiceError> {
    let mut known = read(tx, rubrics, items).await?;
    let mut writes = Writes::default();
    let now = clock.now();
    let outcomes = items
        .iter()
        .map(|item| decide(item, &mut known, &mut writes, now))
        .collect::<Result<Vec<Outcome>, ServiceError>>()?;
    flush(tx, clock, who, writes).await?;
    Ok(outcomes)
}

async fn read(
    tx: &mut Tx,
    rubrics: &RubricRegistry,
    items: &[Item],
) -> Result<Known, ServiceError> {
    let keys: Vec<&str> = items
        .iter()
        .filter_map(|i| i.idempotency.as_ref().map(|(k, _)| k.as_str()))
        .collect();
    let replays = responses::replays_tx(tx, &keys)
        .await?
        .into_iter()
        .map(|r| (r.key_hash.clone(), r))
        .collect();
    let hashes: Vec<&str> = items.iter().flat_map(Item::hashes).collect();
    let codes: HashMap<String, CodeRow> = codes::find_many_tx(tx, &hashes)
        .await?
        .into_iter()
        .map(|c| (c.code_hash.clone(), c))
        .collect();
    let mut rounds = HashMap::new();
    let ids: HashSet<&str> = codes.values().map(|c| c.round_id.as_str()).collect();
    for id in ids {
        if let Some(row) = rounds::find_tx(tx, id).await? {
            rounds.insert(id.to_owned(), info_from(rubrics, row)?);
        }
    }
    Ok(Known {
        replays,
        codes,
        rounds,
    })
}

/// One submission's outcome, its writes added to `writes`.
fn decide(
    item: &Item,
    known: &mut Known,
    writes: &mut Writes,
    now: jiff::Timestamp,
) -> Result<Outcome, ServiceError> {
    if let Some((key, request)) = &item.idempotency
        && let Some(first) = known.replays.get(key)
    {
        return Ok(replay(first, request));
    }
    let (code, rubric) = match admit(item, known, now) {
        Ok(admitted) => admitted,
        Err(refused) => return Ok(Err(refused)),
    };
    let checked = match check(spec_of(&rubric)?, &item.raw, now) {
        Ok(checked) => checked,
        Err(errors) => return Ok(Err(ServiceError::Invalid(errors))),
    };
    if let Some(c) = known.codes.get_mut(&code.code_hash) {
        c.spent = true;
    }
    let accepted = record(item, &checked, &code, &rubric, writes)?;
    if let Some((key, request)) = &item.idempotency {
        let row = IdempotencyRow {
            key_hash: key.clone(),
            request_hash: request.clone(),
            result_json: json(&accepted)?,
            hour: super::settle::hour_of(now),
        };
        known.replays.insert(key.clone(), row.clone());
        writes.replays.push(row);
    }
    Ok(Ok(accepted))
}

/// The code and its round's rubric when the code exists, its round is open and it is unspent;
/// otherwise the refusal.
fn admit(
    item: &Item,
    known: &Known,
    now: jiff::Timestamp,
) -> Result<(CodeRow, Arc<Rubric>), ServiceError> {
    let code = stored(item, known).ok_or_else(unknown_code)?;
    let round = known.rounds.get(&code.round_id).ok_or_else(unknown_code)?;
    match window(round.opens, round.closes, now) {
        Window::NotOpen => return Err(ServiceError::Conflict(NOT_OPEN.into())),
        Window::Closed => return Err(ServiceError::Conflict(CLOSED.into())),
        Window::Open => {}
    }
    if code.spent {
        return Err(ServiceError::Conflict(SPENT.into()));
    }
    Ok((code.clone(), round.rubric.clone()))
}

/// The item's code as stored: under its keyed hash, or under its plain SHA-256 in a round made
/// before the server secret ([`rounds::LEGACY`]).
fn stored<'a>(item: &Item, known: &'a Known) -> Option<&'a CodeRow> {
    if let Some(c) = known.codes.get(&item.code_hash) {
        return Some(c);
    }
    let c = known.codes.get(&item.legacy_hash)?;
    let round = known.rounds.get(&c.round_id)?;
    (round.row.code_hash_scheme == rounds::LEGACY).then_some(c)
}

/// Adds an admitted submission's response row, statistics and counts to `writes`.
fn record(
    item: &Item,
    checked: &Submission,
    code: &CodeRow,
    rubric: &Rubric,
    writes: &mut Writes,
) -> Result<Accepted, ServiceError> {
    let (verdict, pairs) = contributions(spec_of(rubric)?, &checked.response)?;
    // A paper sheet's resident is not there to keep a receipt: none is made.
    let receipt = (item.channel != super::PAPER).then(|| new_receipt(&mut rand::rng()));
    // Every reason, not only the first: the bureau sees all that was wrong with an answer.
    let reasons: Vec<String> = verdict
        .as_ref()
        .err()
        .into_iter()
        .flatten()
        .map(|e| e.to_string())
        .collect();
    writes.spent.push(code.code_hash.clone());
    writes.responses.push(ResponseRow {
        id: random_id(),
        round_id: code.round_id.clone(),
        project_id: code.project_id.clone(),
        batch_id: code.batch_id.clone(),
        channel: item.channel.into(),
        answers_json: json(&checked.response.answers)?,
        comment: checked.comment.clone(),
        seconds: checked.response.seconds.map(i64::from),
        bucket: checked.bucket.clone(),
        valid: verdict.is_ok(),
        reasons_json: json(&reasons)?,
        receipt_hash: receipt.as_deref().map(receipt_hash),
        // A paper import is one shuffled transaction already; answers sent online wait for
        // their hour's settlement.
        settled: item.channel == super::PAPER,
    });
    for (key, x) in pairs {
        let at = (code.round_id.clone(), code.project_id.clone(), key);
        writes.stats.entry(at).or_default().add(x);
    }
    let counts = writes.per_round.entry(code.round_id.clone()).or_default();
    counts.0 += 1;
    counts.1 += u64::from(verdict.is_ok());
    Ok(Accepted {
        receipt,
        replayed: false,
    })
}

/// The first result again for the same request; a different request with the same key is
/// refused.
fn replay(first: &IdempotencyRow, request: &str) -> Outcome {
    if first.request_hash != request {
        return Err(ServiceError::invalid(
            "Idempotency-Key",
            "该 Idempotency-Key 已用于另一份不同的答卷 (key reused for a different request)",
        ));
    }
    let mut accepted: Accepted = serde_json::from_str(&first.result_json)
        .map_err(|e| ServiceError::Internal(anyhow::Error::new(e).context("idempotency record")))?;
    accepted.replayed = true;
    Ok(accepted)
}

/// The words every unknown code gets: they say nothing about any other code.
pub const UNKNOWN: &str = "邀请码不存在，请核对后重新输入 (unknown code)";
/// A code whose round has not opened.
pub const NOT_OPEN: &str = "本轮调查尚未开始 (the survey has not opened)";
/// A code whose round has closed.
pub const CLOSED: &str = "本轮调查已结束，不再接收答卷 (the survey has closed)";
/// A code already used.
pub const SPENT: &str = "该邀请码已使用，每个邀请码只能提交一次 (code already used)";

fn unknown_code() -> ServiceError {
    ServiceError::Absent(crate::domain::FieldError::new("code", UNKNOWN))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, ServiceError> {
    audit::snapshot(value)
}

/// 128 random bits, hex: a response id that, unlike a uuid v7, carries no time.
fn random_id() -> String {
    hex::encode(rand::rng().random::<[u8; 16]>())
}

async fn flush(
    tx: &mut Tx,
    clock: &Clock,
    who: &Actor,
    writes: Writes,
) -> Result<(), ServiceError> {
    let spent: Vec<&str> = writes.spent.iter().map(String::as_str).collect();
    let done = codes::spend_many_tx(tx, &spent).await?;
    if done != spent.len() as u64 {
        return Err(ServiceError::Internal(anyhow::anyhow!(
            "{} of {} codes were spent meanwhile",
            spent.len() as u64 - done,
            spent.len()
        )));
    }
    // Stored in no telling order: nothing in the table ties a response to its commit.
    store::survey::insert_unordered_tx(tx, &writes.responses).await?;
    store::survey::insert_unordered_tx(tx, &writes.replays).await?;
    let rows: Vec<StatRow> = writes
        .stats
        .into_iter()
        .map(|((round_id, project_id, stat), moments)| StatRow {
            round_id,
            project_id,
            stat,
            moments,
        })
        .collect();
    stats::add_tx(tx, &rows).await?;
    // No audit entry per commit: its time would date the answers in it (see `settle`).
    super::settle::record(tx, clock, who, writes.per_round).await
}

/// The anonymous actor of answers residents send.
pub fn resident() -> Actor {
    Actor {
        id: None,
        name: "居民（匿名）".into(),
        role: "resident".into(),
    }
}
