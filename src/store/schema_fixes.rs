//! Schema changes one SQL file cannot make on both engines. Migration 0009 gave
//! `survey_batches.codes` a `CHECK (codes >= 10)`, while a batch is rightly smaller when fewer
//! households are left to invite (one code per household). PostgreSQL drops a constraint by
//! name; SQLite cannot drop one at all and must rebuild the table, which three tables reference.
//! Run after the migrations on every start; each step checks first, so it is idempotent.

use anyhow::Context;
use sqlx::AnyPool;

use super::Backend;

/// The batch table as 0009 made it, with the lower bound at one code.
const SQLITE_BATCHES: &str = "CREATE TABLE survey_batches_new (
    id               TEXT PRIMARY KEY,
    round_id         TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id       TEXT NOT NULL REFERENCES projects (id),
    distributor      TEXT NOT NULL,
    distributor_kind TEXT NOT NULL,
    company_id       TEXT REFERENCES companies (id),
    codes            BIGINT NOT NULL CHECK (codes >= 1),
    created_at       TEXT NOT NULL
)";

/// Lets a batch hold fewer than ten codes.
pub async fn small_batches(pool: &AnyPool, backend: Backend) -> anyhow::Result<()> {
    match backend {
        Backend::Postgres => {
            sqlx::query(
                "ALTER TABLE survey_batches DROP CONSTRAINT IF EXISTS survey_batches_codes_check",
            )
            .execute(pool)
            .await
            .context("dropping the ten-code batch minimum")?;
        }
        Backend::Sqlite => sqlite_small_batches(pool).await?,
    }
    Ok(())
}

async fn sqlite_small_batches(pool: &AnyPool) -> anyhow::Result<()> {
    let (sql,): (String,) = sqlx::query_as(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'survey_batches'",
    )
    .fetch_one(pool)
    .await
    .context("reading the batch table")?;
    if !sql.contains("codes >= 10") {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    // The referencing tables keep naming `survey_batches`; with their checks deferred to the
    // commit, the rebuilt table under that name satisfies them again.
    for step in [
        "PRAGMA defer_foreign_keys = ON",
        SQLITE_BATCHES,
        "INSERT INTO survey_batches_new SELECT id, round_id, project_id, distributor, \
         distributor_kind, company_id, codes, created_at FROM survey_batches",
        "DROP TABLE survey_batches",
        "ALTER TABLE survey_batches_new RENAME TO survey_batches",
        "CREATE INDEX survey_batches_round ON survey_batches (round_id, project_id)",
    ] {
        sqlx::query(step)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("rebuilding the batch table: {step}"))?;
    }
    tx.commit().await.context("rebuilding the batch table")?;
    Ok(())
}
