//! `survey_audit_tallies` and the hourly settlement of answers: counts per round and hour,
//! claimed once the hour has ended; the unsettled answers of a round taken out to be written
//! again in random order; idempotency records purged by age.

use sqlx::Row;

use super::placeholders;
use super::responses::ResponseRow;
use crate::store::Tx;
use crate::store::sql::TableRow;

/// One round's answers accepted in one hour (Beijing, `2026-06-15T10`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub round_id: String,
    pub hour: String,
    pub accepted: i64,
    pub valid: i64,
}

/// Adds `tallies` to the stored ones (creating missing rows).
pub async fn add_tx(tx: &mut Tx, tallies: &[Tally]) -> sqlx::Result<()> {
    for t in tallies {
        let sql = format!(
            "INSERT INTO survey_audit_tallies (round_id, hour, accepted, valid) VALUES ({}) \
             ON CONFLICT (round_id, hour) DO UPDATE SET \
             accepted = survey_audit_tallies.accepted + excluded.accepted, \
             valid = survey_audit_tallies.valid + excluded.valid",
            placeholders(tx, 1, 4)
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(t.round_id.clone())
            .bind(t.hour.clone())
            .bind(t.accepted)
            .bind(t.valid)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Removes and returns the tallies of hours before `hour` (on PostgreSQL a concurrent claim
/// waits and then finds nothing: each tally is settled once).
pub async fn claim_ended_tx(tx: &mut Tx, hour: &str) -> sqlx::Result<Vec<Tally>> {
    let rows = sqlx::query(
        "DELETE FROM survey_audit_tallies WHERE hour < $1 \
         RETURNING round_id, hour, accepted, valid",
    )
    .bind(hour.to_owned())
    .fetch_all(&mut **tx)
    .await?;
    let mut out: Vec<Tally> = rows
        .iter()
        .map(|r| {
            Ok(Tally {
                round_id: r.try_get("round_id")?,
                hour: r.try_get("hour")?,
                accepted: r.try_get("accepted")?,
                valid: r.try_get("valid")?,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    out.sort_by(|a, b| (&a.round_id, &a.hour).cmp(&(&b.round_id, &b.hour)));
    Ok(out)
}

/// Removes and returns a round's unsettled answers.
pub async fn take_unsettled_tx(tx: &mut Tx, round_id: &str) -> sqlx::Result<Vec<ResponseRow>> {
    let sql = format!(
        "DELETE FROM survey_responses WHERE round_id = $1 AND settled = 0 RETURNING {}",
        <ResponseRow as TableRow>::COLUMNS.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    q = q.bind(round_id.to_owned());
    q.fetch_all(&mut **tx).await
}

/// Deletes the idempotency records made before `hour`; returns how many.
pub async fn purge_replays_tx(tx: &mut Tx, hour: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM survey_idempotency WHERE hour < $1")
        .bind(hour.to_owned())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Whether any tally is waiting (the writer's timer asks before opening a transaction).
pub async fn any_waiting(pool: &sqlx::AnyPool, hour: &str) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM survey_audit_tallies WHERE hour < $1")
        .bind(hour.to_owned())
        .fetch_one(pool)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}
