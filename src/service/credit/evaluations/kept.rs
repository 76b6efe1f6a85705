//! The kept score of an accepted evaluation (`evaluation_scores`): a rating reads one number
//! per project instead of re-scoring every visit's sheets on every read. It is always the
//! value [`super::score_of`] gives for the evaluation's sheets and its upheld objections now —
//! written when the evaluation is accepted and again when an objection to one of its findings
//! is upheld (the only two events that change it: an accepted evaluation's sheets and rubric
//! version never change, and a rejected objection changes nothing).

use crate::domain::credit::evaluation::EvaluationStatus;
use crate::service::{AppState, ServiceError};
use crate::store::Tx;
use crate::store::credit::evaluation_scores;
use crate::store::credit::evaluations::{self as store, EvaluationRow};

/// Keeps the score of `row` as it stands in `tx` (nothing for one not accepted, or — which
/// cannot happen for an accepted one — one whose sheets do not score).
pub(crate) async fn keep(
    tx: &mut Tx,
    state: &AppState,
    row: &EvaluationRow,
) -> Result<(), ServiceError> {
    if row.status != EvaluationStatus::Accepted {
        return Ok(());
    }
    let objections = store::objections_tx(tx, &row.id).await?;
    if let Ok(score) = super::score_of(state, row, &objections)? {
        let at = state.db.clock.stamp();
        evaluation_scores::save(tx, &row.id, score.total, &at).await?;
    }
    Ok(())
}

/// Keeps the score of every accepted evaluation that has none (accepted before scores were
/// kept, or written outside the service), each in its own transaction; returns how many.
pub async fn fill_missing(state: &AppState) -> Result<usize, ServiceError> {
    let ids = evaluation_scores::missing(&state.db.pool).await?;
    for id in &ids {
        let mut tx = state.db.begin().await?;
        if let Some(row) = store::find_tx(&mut tx, id).await? {
            keep(&mut tx, state, &row).await?;
        }
        tx.commit().await?;
    }
    Ok(ids.len())
}
