//! `survey_stats`: sufficient statistics per round, project and key.

use sqlx::{AnyPool, Row};

use super::placeholders;
use crate::domain::survey::aggregate::Moments;
use crate::store::Tx;

/// One key's moments of one project.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub round_id: String,
    pub project_id: String,
    pub stat: String,
    pub moments: Moments,
}

/// Adds `rows` to the stored moments (creating missing keys), in one statement per 500 rows.
pub async fn add_tx(tx: &mut Tx, rows: &[StatRow]) -> sqlx::Result<()> {
    for chunk in rows.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(tx, i * 6 + 1, 6)))
            .collect();
        let sql = format!(
            "INSERT INTO survey_stats (round_id, project_id, stat, n, total, total_sq) VALUES {} \
             ON CONFLICT (round_id, project_id, stat) DO UPDATE SET \
             n = survey_stats.n + excluded.n, total = survey_stats.total + excluded.total, \
             total_sq = survey_stats.total_sq + excluded.total_sq",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = q
                .bind(r.round_id.clone())
                .bind(r.project_id.clone())
                .bind(r.stat.clone())
                .bind(r.moments.n)
                .bind(r.moments.total)
                .bind(r.moments.total_sq);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Every stored moment of a round.
pub async fn for_round(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<StatRow>> {
    let rows = sqlx::query(
        "SELECT round_id, project_id, stat, n, total, total_sq FROM survey_stats \
         WHERE round_id = $1 ORDER BY project_id, stat",
    )
    .bind(round_id.to_owned())
    .fetch_all(pool)
    .await?;
    stat_rows(&rows)
}

/// The moments of one statistic (e.g. the score) of every project of a round: one row per
/// project, where [`for_round`] reads all of them.
pub async fn one_for_round(
    pool: &AnyPool,
    round_id: &str,
    stat: &str,
) -> sqlx::Result<Vec<StatRow>> {
    let rows = sqlx::query(
        "SELECT round_id, project_id, stat, n, total, total_sq FROM survey_stats \
         WHERE round_id = $1 AND stat = $2 ORDER BY project_id",
    )
    .bind(round_id.to_owned())
    .bind(stat.to_owned())
    .fetch_all(pool)
    .await?;
    stat_rows(&rows)
}

fn stat_rows(rows: &[sqlx::any::AnyRow]) -> sqlx::Result<Vec<StatRow>> {
    rows.iter()
        .map(|r| {
            Ok(StatRow {
                round_id: r.try_get("round_id")?,
                project_id: r.try_get("project_id")?,
                stat: r.try_get("stat")?,
                moments: Moments {
                    n: r.try_get("n")?,
                    total: r.try_get("total")?,
                    total_sq: r.try_get("total_sq")?,
                },
            })
        })
        .collect()
}
