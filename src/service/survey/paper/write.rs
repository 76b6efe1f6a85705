//! The paper sheets of one file through the writer's own decisions (`ingest::batch::apply`:
//! code known, in an open round, unspent; answers on the questionnaire; validity verdict;
//! sufficient statistics), inside the import's single transaction. Every refusal becomes a
//! problem on its row's cell; the caller commits only when there is none.

use std::collections::HashSet;

use super::rows::Line;
use crate::domain::FieldError;
use crate::service::rubrics::RubricRegistry;
use crate::service::survey::ingest::{MAX_BATCH, batch};
use crate::service::{Actor, ServiceError};
use crate::sheet::CellProblem;
use crate::sheet::paper::{CODE, PaperSheet};
use crate::store::Tx;
use crate::store::survey::codes;

/// Writes `lines` in `tx` (chunks of the writer's batch size, so no statement grows past the
/// engines' limits); returns the problems of the rows refused.
pub async fn write(
    tx: &mut Tx,
    rubrics: &RubricRegistry,
    clock: &crate::clock::Clock,
    who: &Actor,
    sheet: &PaperSheet,
    round_id: &str,
    lines: &[Line],
) -> Result<Vec<CellProblem>, ServiceError> {
    let mut problems = Vec::new();
    for chunk in lines.chunks(MAX_BATCH) {
        let foreign = other_rounds(tx, round_id, chunk).await?;
        let (theirs, ours): (Vec<&Line>, Vec<&Line>) = chunk.iter().partition(|l| {
            foreign.contains(&l.item.code_hash) || foreign.contains(&l.item.legacy_hash)
        });
        for line in theirs {
            let row = &sheet.table.rows[line.at];
            problems.push(sheet.problem(row, CODE, NOT_THIS_ROUND));
        }
        let items: Vec<_> = ours.iter().map(|l| l.item.clone()).collect();
        let outcomes = batch::apply(tx, rubrics, clock, who, &items).await?;
        for (line, outcome) in ours.iter().zip(outcomes) {
            let Err(refused) = outcome else { continue };
            let row = &sheet.table.rows[line.at];
            for e in field_errors(refused)? {
                problems.push(sheet.problem(row, &e.field, e.message));
            }
        }
    }
    Ok(problems)
}

/// A code of another round: the sheet was filed under the wrong round.
pub const NOT_THIS_ROUND: &str = "该邀请码不属于本轮调查 (code of another round)";

/// The codes among `lines` that belong to another round than `round_id`.
async fn other_rounds(
    tx: &mut Tx,
    round_id: &str,
    lines: &[Line],
) -> Result<HashSet<String>, ServiceError> {
    let hashes: Vec<&str> = lines.iter().flat_map(|l| l.item.hashes()).collect();
    Ok(codes::find_many_tx(tx, &hashes)
        .await?
        .into_iter()
        .filter(|c| c.round_id != round_id)
        .map(|c| c.code_hash)
        .collect())
}

/// A refusal as field errors on the row's cells: answers name their question's column; a
/// refused code (unknown, used, round not open) names the code's column. A fault is no
/// row's problem and is returned as such.
fn field_errors(refused: ServiceError) -> Result<Vec<FieldError>, ServiceError> {
    Ok(match refused {
        ServiceError::Invalid(errors) => errors
            .into_iter()
            .map(|e| match e.field.as_str() {
                f if f.starts_with("answers.") || f == "comment" || f == CODE => e,
                _ => FieldError::new(CODE, e.message),
            })
            .collect(),
        ServiceError::Absent(e) => vec![FieldError::new(CODE, e.message)],
        ServiceError::Conflict(message) => vec![FieldError::new(CODE, message)],
        other => return Err(other),
    })
}
