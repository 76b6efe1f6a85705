//! The hourly settlement of answers (migration 0029): a group commit adds its counts to the
//! hour's tally instead of writing an audit entry; once the hour has ended, one transaction
//! writes each round's single audit entry for that hour, rewrites the round's unsettled
//! answers in random order (so on PostgreSQL they share one transaction id and their pages
//! say nothing of arrival) and purges idempotency records older than [`REPLAY_HOURS`].

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use crate::clock::Clock;
use crate::service::audit::{self, Change};
use crate::service::{Actor, ServiceError};
use crate::store::survey::settle::{self, Tally};
use crate::store::{self, Db, Tx};

/// Hours an idempotency record is kept: a retry comes within minutes, and the record ties a
/// receipt to its commit until it is gone.
pub const REPLAY_HOURS: i64 = 2;

/// The Beijing hour of `at`, as tallies and idempotency records keep it (`2026-06-15T10`).
pub fn hour_of(at: Timestamp) -> String {
    at.to_zoned(crate::domain::period::beijing())
        .strftime("%Y-%m-%dT%H")
        .to_string()
}

/// Records a batch's counts per round: residents' answers in the hour's tally, anything else
/// (a paper import, signed by its importer) as an audit entry now.
pub async fn record(
    tx: &mut Tx,
    clock: &Clock,
    who: &Actor,
    per_round: BTreeMap<String, (u64, u64)>,
) -> Result<(), ServiceError> {
    if who.role != "resident" {
        for (round, (accepted, valid)) in per_round {
            let after = serde_json::json!({ "accepted": accepted, "valid": valid });
            audit::append(tx, clock, who, change(&round, after.to_string())).await?;
        }
        return Ok(());
    }
    let hour = hour_of(clock.now());
    let tallies: Vec<Tally> = per_round
        .into_iter()
        .map(|(round_id, (accepted, valid))| Tally {
            round_id,
            hour: hour.clone(),
            accepted: i64::try_from(accepted).unwrap_or(i64::MAX),
            valid: i64::try_from(valid).unwrap_or(i64::MAX),
        })
        .collect();
    Ok(settle::add_tx(tx, &tallies).await?)
}

fn change(round: &str, after: String) -> Change<'_> {
    Change {
        action: "survey_response.accept",
        subject_type: "survey_round",
        subject_id: round,
        before: None,
        after: Some(after),
        reason: None,
    }
}

/// Settles every hour that has ended, in one transaction; nothing to do costs one read.
pub async fn settle_due(db: &Db) -> Result<(), ServiceError> {
    let now = db.clock.now();
    let hour = hour_of(now);
    if !settle::any_waiting(&db.pool, &hour).await? {
        return purge(db, now).await;
    }
    let mut tx = db.begin().await?;
    let tallies = settle::claim_ended_tx(&mut tx, &hour).await?;
    let mut rounds: Vec<&str> = tallies.iter().map(|t| t.round_id.as_str()).collect();
    rounds.dedup();
    for round in rounds {
        let mut rows = settle::take_unsettled_tx(&mut tx, round).await?;
        for r in &mut rows {
            r.settled = true;
        }
        store::survey::insert_unordered_tx(&mut tx, &rows).await?;
    }
    let resident = super::batch::resident();
    for t in &tallies {
        let after = serde_json::json!({ "hour": t.hour, "accepted": t.accepted, "valid": t.valid });
        audit::append(
            &mut tx,
            &db.clock,
            &resident,
            change(&t.round_id, after.to_string()),
        )
        .await?;
    }
    settle::purge_replays_tx(&mut tx, &hour_of(replay_horizon(now))).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Purges old idempotency records when no tally is waiting.
async fn purge(db: &Db, now: Timestamp) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    settle::purge_replays_tx(&mut tx, &hour_of(replay_horizon(now))).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

fn replay_horizon(now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(REPLAY_HOURS))
        .unwrap_or(now)
}
