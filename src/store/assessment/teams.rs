//! Queries on `review_teams`, `team_assignments` and `reviewer_conflicts`.

use sqlx::{AnyPool, FromRow};

use crate::store::Tx;

/// A review team.
#[derive(Debug, Clone, FromRow)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub created_at: String,
}

/// Inserts a team.
pub async fn insert(tx: &mut Tx, t: &TeamRow) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO review_teams (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.created_at)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Lists teams by name.
pub async fn list(pool: &AnyPool) -> sqlx::Result<Vec<TeamRow>> {
    sqlx::query_as("SELECT id, name, created_at FROM review_teams ORDER BY name")
        .fetch_all(pool)
        .await
}

/// Whether a team exists.
pub async fn exists(tx: &mut Tx, id: &str) -> sqlx::Result<bool> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM review_teams WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

/// Assigns a team to re-check a unit in a period.
pub async fn assign(
    tx: &mut Tx,
    period_id: &str,
    team_id: &str,
    unit_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO team_assignments (period_id, team_id, unit_id) VALUES ($1, $2, $3)")
        .bind(period_id)
        .bind(team_id)
        .bind(unit_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Whether `team_id` is assigned to `unit_id` in the period.
pub async fn is_assigned(
    pool: &AnyPool,
    period_id: &str,
    team_id: &str,
    unit_id: &str,
) -> sqlx::Result<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT team_id FROM team_assignments WHERE period_id = $1 AND team_id = $2 AND unit_id = $3",
    )
    .bind(period_id)
    .bind(team_id)
    .bind(unit_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// Units a team re-checks in a period.
pub async fn assigned_units(
    pool: &AnyPool,
    period_id: &str,
    team_id: &str,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT unit_id FROM team_assignments WHERE period_id = $1 AND team_id = $2 ORDER BY unit_id",
    )
    .bind(period_id)
    .bind(team_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(u,)| u).collect())
}

/// Declares a reviewer's conflict of interest with a unit.
pub async fn declare_conflict(
    tx: &mut Tx,
    reviewer_id: &str,
    unit_id: &str,
    reason: &str,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO reviewer_conflicts (reviewer_id, unit_id, reason, declared_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(reviewer_id)
    .bind(unit_id)
    .bind(reason)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// The declared conflict of a reviewer with a unit, if any (its reason).
pub async fn conflict(
    pool: &AnyPool,
    reviewer_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT reason FROM reviewer_conflicts WHERE reviewer_id = $1 AND unit_id = $2",
    )
    .bind(reviewer_id)
    .bind(unit_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(r,)| r))
}

/// Reviewers who declared a conflict with a unit.
pub async fn conflicted_reviewers(pool: &AnyPool, unit_id: &str) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT reviewer_id FROM reviewer_conflicts WHERE unit_id = $1")
            .bind(unit_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(r,)| r).collect())
}
