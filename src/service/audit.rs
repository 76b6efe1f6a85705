//! Appending to and verifying the hash-chained audit trail.

use anyhow::Context;
use serde::Serialize;

use super::{Actor, ServiceError};
use crate::clock::Clock;
use crate::domain::audit::{ChainBreak, ChainVerifier, EntryContent};
use crate::store::{self, Db, Tx, audit::AuditRow};

/// What changed, for one audit entry.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// Verb, e.g. `token.create`.
    pub action: &'a str,
    /// Kind of record, e.g. `token`.
    pub subject_type: &'a str,
    /// The record's id.
    pub subject_id: &'a str,
    /// JSON of the record before (None when created).
    pub before: Option<String>,
    /// JSON of the record after (None when deleted).
    pub after: Option<String>,
    /// Why, when the actor gave a reason.
    pub reason: Option<&'a str>,
}

/// An audit entry as shown: the stored entry with its before/after snapshots read as JSON, its
/// instant in Beijing time with the offset (the chain hashes the stored UTC text).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
    pub hash: String,
}

impl TryFrom<AuditRow> for AuditEntryView {
    type Error = ServiceError;

    /// Reads the snapshots (the stored text stays what the chain hashes); a snapshot that is
    /// not JSON is an error naming the entry, never shown as absent.
    fn try_from(r: AuditRow) -> Result<Self, ServiceError> {
        let seq = r.seq;
        let json = |column: &str, text: Option<String>| {
            text.map(|t| serde_json::from_str(&t))
                .transpose()
                .with_context(|| format!("audit_entries.{column} of entry {seq} is not JSON"))
        };
        Ok(Self {
            seq,
            at: super::shown_at(&r.at),
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            actor_role: r.actor_role,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            before: json("before_json", r.before_json)?,
            after: json("after_json", r.after_json)?,
            reason: r.reason,
            hash: r.hash,
        })
    }
}

/// Serialises a record snapshot for [`Change::before`] / [`Change::after`]. A failure is an
/// error, never an empty snapshot: an audit entry without its before or after is a lost record.
pub fn snapshot<T: Serialize + ?Sized>(value: &T) -> Result<String, ServiceError> {
    serde_json::to_string(value)
        .map_err(|e| ServiceError::Internal(anyhow::Error::new(e).context("audit snapshot")))
}

/// Appends one entry inside the caller's transaction, so the change and its record commit together.
pub async fn append(
    tx: &mut Tx,
    clock: &Clock,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), ServiceError> {
    let (seq, prev_hash) = store::audit::advance_head(tx).await?;
    let row = entry(seq, &clock.stamp(), actor, change, prev_hash);
    store::audit::insert(tx, &row).await?;
    store::audit::set_head_hash(tx, &row.hash).await?;
    Ok(())
}

/// Appends `changes` in order inside the caller's transaction with one head update and
/// multi-row inserts: the same chain as appending them one by one, at a fraction of the
/// round trips (imports write tens of thousands of entries).
pub async fn append_many(
    tx: &mut Tx,
    clock: &Clock,
    actor: &Actor,
    changes: Vec<Change<'_>>,
) -> Result<(), ServiceError> {
    if changes.is_empty() {
        return Ok(());
    }
    let n = changes.len() as i64;
    let (last, mut prev_hash) = store::audit::advance_head_by(tx, n).await?;
    let at = clock.stamp();
    let mut rows = Vec::with_capacity(changes.len());
    for (i, change) in changes.into_iter().enumerate() {
        let row = entry(last - n + 1 + i as i64, &at, actor, change, prev_hash);
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    store::audit::insert_many(tx, &rows).await?;
    store::audit::set_head_hash(tx, &prev_hash).await?;
    Ok(())
}

/// The stored row of entry `seq`: its content hashed onto the chain after `prev_hash` — the
/// one place an entry is built, whether appended alone or in a batch.
fn entry(seq: i64, at: &str, actor: &Actor, change: Change<'_>, prev_hash: String) -> AuditRow {
    let hash = EntryContent {
        seq,
        at,
        actor_id: actor.id.as_deref(),
        actor_name: &actor.name,
        actor_role: &actor.role,
        action: change.action,
        subject_type: change.subject_type,
        subject_id: change.subject_id,
        before: change.before.as_deref(),
        after: change.after.as_deref(),
        reason: change.reason,
        prev_hash: &prev_hash,
    }
    .hash();
    AuditRow {
        seq,
        at: at.to_owned(),
        actor_id: actor.id.clone(),
        actor_name: actor.name.clone(),
        actor_role: actor.role.clone(),
        action: change.action.into(),
        subject_type: change.subject_type.into(),
        subject_id: change.subject_id.into(),
        before_json: change.before,
        after_json: change.after,
        reason: change.reason.map(Into::into),
        prev_hash,
        hash,
    }
}

/// Content of a stored row, as hashed.
pub fn content_of(row: &AuditRow) -> EntryContent<'_> {
    EntryContent {
        seq: row.seq,
        at: &row.at,
        actor_id: row.actor_id.as_deref(),
        actor_name: &row.actor_name,
        actor_role: &row.actor_role,
        action: &row.action,
        subject_type: &row.subject_type,
        subject_id: &row.subject_id,
        before: row.before_json.as_deref(),
        after: row.after_json.as_deref(),
        reason: row.reason.as_deref(),
        prev_hash: &row.prev_hash,
    }
}

/// Result of verifying the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every entry verified; the count.
    Intact(i64),
    /// The first break found.
    Broken(ChainBreak),
}

/// Walks the whole chain in pages and checks every link and hash, then the head.
pub async fn verify(db: &Db) -> Result<Verification, ServiceError> {
    const PAGE: i64 = 1000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let rows = store::audit::page(&db.pool, after, PAGE).await?;
        for row in &rows {
            if let Err(b) = verifier.push(&content_of(row), &row.hash) {
                return Ok(Verification::Broken(b));
            }
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == PAGE => after = last.seq,
            _ => break,
        }
    }
    let (head_seq, head_hash) = store::audit::head(&db.pool).await?;
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(n) => Verification::Intact(n),
        Err(b) => Verification::Broken(b),
    })
}

/// Entries about one record, oldest first.
pub async fn history(
    db: &Db,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<AuditEntryView>, ServiceError> {
    store::audit::for_subject(&db.pool, subject_type, subject_id)
        .await?
        .into_iter()
        .map(AuditEntryView::try_from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_that_cannot_be_written_is_an_error_not_an_empty_entry() {
        // JSON object keys must be strings: a map keyed by pairs cannot be serialised.
        let bad: std::collections::BTreeMap<(i32, i32), i32> = [((1, 2), 3)].into();
        assert!(matches!(snapshot(&bad), Err(ServiceError::Internal(_))));
        assert_eq!(snapshot(&("a", 1)).unwrap(), r#"["a",1]"#);
    }
}
