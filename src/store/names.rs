//! Names beside ids: what a view shows a reader instead of a bare UUID (units, periods,
//! reviewers' and other tokens' names, review teams). Each function reads every name it is
//! asked for in one query, so a view never looks names up row by row.

use std::collections::HashMap;

use sqlx::AnyPool;

/// Names of rows of one kind, by id.
pub type NameMap = HashMap<String, String>;

/// `id → name` of the rows of `table` whose id is one of `ids` (one query; none for no ids).
async fn of(pool: &AnyPool, table: &'static str, ids: &[&str]) -> sqlx::Result<NameMap> {
    let mut ids: Vec<&str> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(NameMap::new());
    }
    let marks = (1..=ids.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    // `table` is one of this module's constants, never input.
    let sql = format!("SELECT id, name FROM {table} WHERE id IN ({marks})");
    let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id);
    }
    Ok(query.fetch_all(pool).await?.into_iter().collect())
}

/// Names of tokens (reviewers, deciders, uploaders), by token id.
pub async fn tokens(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "api_tokens", ids).await
}

/// Names of review teams, by team id.
pub async fn teams(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "review_teams", ids).await
}

/// Names of assessed units, by unit id.
pub async fn units(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "units", ids).await
}

/// Names of property-service companies, by company id.
pub async fn companies(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "companies", ids).await
}

/// Project names by id.
pub async fn projects(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "projects", ids).await
}

/// Names of periods, by period id.
pub async fn periods(pool: &AnyPool, ids: &[&str]) -> sqlx::Result<NameMap> {
    of(pool, "periods", ids).await
}

/// The names of one period and one unit, in one query (`None` when either is missing).
pub async fn period_and_unit(
    pool: &AnyPool,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT p.name, u.name FROM periods p, units u WHERE p.id = $1 AND u.id = $2")
        .bind(period_id)
        .bind(unit_id)
        .fetch_optional(pool)
        .await
}
