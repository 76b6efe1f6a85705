//! Per-batch anomaly flags of a round, for the bureau's view beside the index. They read the
//! raw responses' batch, hour bucket, seconds and answers — nothing that identifies anyone —
//! and never drop a response.

use std::collections::BTreeMap;

use serde::Serialize;

use super::RoundInfo;
use crate::domain::survey::flags::{Answered, Flag, batch_flags, median};
use crate::service::{AppState, ServiceError};
use crate::store;

/// A batch's flags.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BatchFlags {
    pub batch_id: String,
    /// 发放人.
    pub distributor: String,
    /// Responses of the batch.
    pub responses: u32,
    pub flags: Vec<Flag>,
}

/// The flagged batches of a round, by project (batches without flags are left out).
pub async fn round_flags(
    state: &AppState,
    round: &RoundInfo,
) -> Result<BTreeMap<String, Vec<BatchFlags>>, ServiceError> {
    let spec = round.spec()?;
    let questions: Vec<&str> = spec
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.code.as_str()))
        .collect();
    let pool = &state.db.pool;
    let mut by_batch: BTreeMap<String, Vec<Answered>> = BTreeMap::new();
    let mut seconds = Vec::new();
    for r in store::survey::responses::for_round(pool, &round.row.id).await? {
        let answers: BTreeMap<String, String> = serde_json::from_str(&r.answers_json)
            .map_err(|e| ServiceError::Internal(anyhow::Error::new(e).context("answers_json")))?;
        let values = questions
            .iter()
            .map(|q| {
                answers
                    .get(*q)
                    .and_then(|l| spec.value_of(l))
                    .and_then(|v| crate::domain::stats::to_f64("答案分值", v).ok())
            })
            .collect();
        let s = r.seconds.map(|s| u32::try_from(s).unwrap_or(u32::MAX));
        seconds.extend(s);
        by_batch.entry(r.batch_id).or_default().push(Answered {
            // A paper sheet's bucket is its survey date, not an hour it was sent in.
            bucket: s.is_some().then_some(r.bucket),
            seconds: s,
            values,
        });
    }
    let round_median = median(&mut seconds);
    let mut out: BTreeMap<String, Vec<BatchFlags>> = BTreeMap::new();
    for b in store::survey::codes::batches(pool, &round.row.id).await? {
        let answered = by_batch.get(&b.id).map(Vec::as_slice).unwrap_or_default();
        let flags = batch_flags(answered, round_median);
        if !flags.is_empty() {
            out.entry(b.project_id).or_default().push(BatchFlags {
                batch_id: b.id,
                distributor: b.distributor,
                responses: u32::try_from(answered.len()).unwrap_or(u32::MAX),
                flags,
            });
        }
    }
    Ok(out)
}
