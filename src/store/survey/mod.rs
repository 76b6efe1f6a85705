//! Queries on the survey tables: rounds and their projects, code batches and codes, responses,
//! sufficient statistics and idempotency records. The hot path (the ingest writer's batch)
//! reads and writes many rows per statement.

pub mod codes;
pub mod paper;
pub mod responses;
pub mod rounds;
pub mod stats;

use crate::store::Tx;

/// `count` placeholders from `$start` on: anonymous `?` on SQLite (see
/// [`crate::store::insert_many`] for why), numbered on PostgreSQL.
pub(crate) fn placeholders(tx: &Tx, start: usize, count: usize) -> String {
    let numbered = tx.backend_name() != "SQLite";
    (start..start + count)
        .map(|i| {
            if numbered {
                format!("${i}")
            } else {
                "?".into()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows of `select` (a `SELECT … WHERE column`) with the column `IN` `values`, then `suffix`
/// (e.g. a lock clause); nothing is asked for no values.
pub(crate) async fn fetch_in<T>(
    tx: &mut Tx,
    select: &str,
    values: &[&str],
    suffix: &str,
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{select} IN ({}){suffix}",
        placeholders(tx, 1, values.len())
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for v in values {
        q = q.bind(v.to_string());
    }
    q.fetch_all(&mut **tx).await
}
