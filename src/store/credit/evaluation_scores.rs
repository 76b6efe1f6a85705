//! Queries on `evaluation_scores`: the kept score of each accepted on-site evaluation, and
//! what a rating reads — each project's latest accepted visit of a day with its kept score.

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::credit::evaluation::EvaluationStatus;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind};

/// Keeps `total` as the score of evaluation `evaluation_id` (replacing an earlier one).
pub async fn save(tx: &mut Tx, evaluation_id: &str, total: Decimal, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO evaluation_scores (evaluation_id, total, computed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (evaluation_id) DO UPDATE SET total = excluded.total, \
         computed_at = excluded.computed_at",
    )
    .bind(evaluation_id)
    .bind(total.to_string())
    .bind(at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// The ids of accepted evaluations without a kept score (accepted before scores were kept, or
/// written outside the service).
pub async fn missing(pool: &AnyPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT e.id FROM evaluations e LEFT JOIN evaluation_scores s ON s.evaluation_id = e.id \
         WHERE e.status = $1 AND s.evaluation_id IS NULL ORDER BY e.id",
    )
    .bind(EvaluationStatus::Accepted.code())
    .fetch_all(pool)
    .await
}

/// A project's latest accepted visit as a rating reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestVisit {
    pub id: String,
    pub project_id: String,
    /// The company serving the project on the visit day.
    pub company_id: String,
    pub visit_on: Date,
    /// The kept score; absent when none is kept yet.
    pub total: Option<Decimal>,
}

impl<'r> FromRow<'r, AnyRow> for LatestVisit {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, "evaluations");
        Ok(Self {
            id: c.get("id")?,
            project_id: c.get("project_id")?,
            company_id: c.get("company_id")?,
            visit_on: c.parse("visit_on")?,
            total: c.parse_opt("total")?,
        })
    }
}

/// For each project and company, the latest visit in `[from, day]` accepted on or before
/// `day` (the smallest id among visits of the same day), with its kept score: one row per
/// project and company, whatever the number of visits.
pub async fn latest_accepted(
    pool: &AnyPool,
    from: Date,
    day: Date,
) -> sqlx::Result<Vec<LatestVisit>> {
    let sql = "SELECT v.id, v.project_id, v.company_id, v.visit_on, s.total FROM ( \
               SELECT e.id, e.project_id, e.company_id, e.visit_on, ROW_NUMBER() OVER ( \
               PARTITION BY e.project_id, e.company_id ORDER BY e.visit_on DESC, e.id) AS n \
               FROM evaluations e WHERE e.status = $1 AND e.accepted_on <= $2 \
               AND e.visit_on <= $3 AND e.visit_on >= $4) v \
               LEFT JOIN evaluation_scores s ON s.evaluation_id = v.id \
               WHERE v.n = 1 ORDER BY v.project_id, v.company_id"
        .to_owned();
    let binds: Vec<Bind> = vec![
        EvaluationStatus::Accepted.code().into(),
        day.into(),
        day.into(),
        from.into(),
    ];
    sql::fetch_all(pool, sql, &binds).await
}
