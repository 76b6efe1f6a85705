//! Queries on `projects`: the row (`row`), the list filter (`query`), and what the
//! campaign metrics read (`metrics`).

mod metrics;
mod query;
mod row;

use sqlx::AnyPool;

pub use metrics::{MetricRow, metric_rows};
pub use query::ProjectQuery;
pub use row::ProjectRow;

use crate::domain::ledger::Visibility;
use crate::store::Tx;
use crate::store::sql::{self, Filter, Listing, Page};
use query::visible;

/// One project by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<ProjectRow>> {
    let mut f = Filter::default();
    f.eq("p.id", Some(id));
    visible(&mut f, vis);
    let sql = format!(
        "SELECT {} FROM projects p{}",
        sql::columns::<ProjectRow>("p"),
        f.sql()
    );
    Ok(sql::fetch_all(pool, sql, f.binds()).await?.pop())
}

/// One project by id, in a transaction, taking its row lock (PostgreSQL) so period checks on
/// it are serialised; SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub async fn lock_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ProjectRow>> {
    sqlx::query("UPDATE projects SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let sql = format!(
        "SELECT {} FROM projects p WHERE p.id = $1",
        sql::columns::<ProjectRow>("p")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every project (for imports, which match by code).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<ProjectRow>> {
    let sql = format!("SELECT {} FROM projects p", sql::columns::<ProjectRow>("p"));
    sql::fetch_all_tx(tx, sql, &[]).await
}

/// `(code, id)` of every project (for imports that name a project by its ledger code).
pub async fn codes(pool: &AnyPool) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT code, id FROM projects")
        .fetch_all(pool)
        .await
}

/// A page of the projects matching `query`, by code.
pub async fn list(
    pool: &AnyPool,
    query: &ProjectQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<ProjectRow>> {
    let columns = sql::columns::<ProjectRow>("p");
    let listing = Listing {
        columns: &columns,
        from: "projects p",
        order: "p.code, p.id",
    };
    sql::page(pool, &listing, &query.filter(), limit, offset).await
}

#[cfg(test)]
mod tests;
