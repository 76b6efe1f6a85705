//! Queries on the survey tables: rounds and their projects, code batches and codes, responses,
//! sufficient statistics and idempotency records. The hot path (the ingest writer's batch)
//! reads and writes many rows per statement.

pub mod codes;
pub mod paper;
pub mod responses;
pub mod rounds;
pub mod settle;
pub mod stats;

use rand::Rng;

use crate::store::Tx;
use crate::store::sql::{Column, TableRow};

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

/// A row written in no telling order: on SQLite with a random `rowid` (SQLite keeps a rowid
/// table in rowid order and gives a new row the next one), elsewhere as it is. Only for
/// inserts: its `COLUMNS` are the row's own.
struct Unordered<'a, R>(&'a R, Option<i64>);

impl<R: TableRow> TableRow for Unordered<'_, R> {
    const TABLE: &'static str = R::TABLE;
    const COLUMNS: &'static [&'static str] = R::COLUMNS;
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        let mut values: Vec<Column> = self.1.map(|id| ("rowid", id.into())).into_iter().collect();
        values.extend(self.0.values()?);
        Ok(values)
    }
}

/// `rows` shuffled, each with a random 63-bit rowid when `random_rowids`.
fn unordered<R>(rows: &[R], random_rowids: bool) -> Vec<Unordered<'_, R>> {
    use rand::seq::SliceRandom;
    let mut rng = rand::rng();
    let mut out: Vec<Unordered<'_, R>> = rows
        .iter()
        .map(|r| Unordered(r, random_rowids.then(|| rng.random::<i64>() & i64::MAX)))
        .collect();
    out.shuffle(&mut rng);
    out
}

/// Inserts `rows` so that neither their order among themselves nor their place among earlier
/// rows tells when they were written (PIPL: a response must not be tied to the moment its
/// household answered). The rows are shuffled; on SQLite each also gets a random 63-bit rowid
/// (a clash, about 10⁻¹³ per row at a million rows, fails the batch, which the writer reports
/// like any other fault). PostgreSQL keeps a table in insertion order on its pages; there the
/// shuffle hides the order within one commit only.
pub(crate) async fn insert_unordered_tx<R: TableRow + Sync>(
    tx: &mut Tx,
    rows: &[R],
) -> sqlx::Result<()> {
    let rows = unordered(rows, tx.backend_name() == "SQLite");
    crate::store::insert_many(tx, &rows).await
}
