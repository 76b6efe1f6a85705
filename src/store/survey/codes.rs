//! `survey_batches` and `survey_codes` (hashes only).

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow, Row};

use super::placeholders;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// A batch of codes and its distributor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BatchRow {
    pub id: String,
    pub round_id: String,
    pub project_id: String,
    pub distributor: String,
    pub distributor_kind: String,
    pub company_id: Option<String>,
    pub codes: i64,
    pub created_at: String,
}

impl TableRow for BatchRow {
    const TABLE: &'static str = "survey_batches";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "round_id",
        "project_id",
        "distributor",
        "distributor_kind",
        "company_id",
        "codes",
        "created_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("round_id", (&self.round_id).into()),
            ("project_id", (&self.project_id).into()),
            ("distributor", (&self.distributor).into()),
            ("distributor_kind", (&self.distributor_kind).into()),
            ("company_id", self.company_id.as_deref().into()),
            ("codes", self.codes.into()),
            ("created_at", (&self.created_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for BatchRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            round_id: c.get("round_id")?,
            project_id: c.get("project_id")?,
            distributor: c.get("distributor")?,
            distributor_kind: c.get("distributor_kind")?,
            company_id: c.get("company_id")?,
            codes: c.get("codes")?,
            created_at: c.get("created_at")?,
        })
    }
}

/// A stored code: its hash and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub code_hash: String,
    pub round_id: String,
    pub project_id: String,
    pub batch_id: String,
    pub spent: bool,
}

impl TableRow for CodeRow {
    const TABLE: &'static str = "survey_codes";
    const COLUMNS: &'static [&'static str] =
        &["code_hash", "round_id", "project_id", "batch_id", "spent"];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("code_hash", (&self.code_hash).into()),
            ("round_id", (&self.round_id).into()),
            ("project_id", (&self.project_id).into()),
            ("batch_id", (&self.batch_id).into()),
            ("spent", self.spent.into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for CodeRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            code_hash: c.get("code_hash")?,
            round_id: c.get("round_id")?,
            project_id: c.get("project_id")?,
            batch_id: c.get("batch_id")?,
            spent: c.flag("spent")?,
        })
    }
}

/// One code by hash (outside the writer: a first answer for unknown codes).
pub async fn find(pool: &AnyPool, hash: &str) -> sqlx::Result<Option<CodeRow>> {
    let sql = format!(
        "SELECT {} FROM survey_codes c WHERE c.code_hash = $1",
        sql::columns::<CodeRow>("c")
    );
    Ok(sql::fetch_all(pool, sql, &[hash.into()]).await?.pop())
}

/// The codes among `hashes`, locked for the transaction on PostgreSQL (SQLite's writer holds
/// the database lock already).
pub async fn find_many_tx(tx: &mut Tx, hashes: &[&str]) -> sqlx::Result<Vec<CodeRow>> {
    let lock = if tx.backend_name() == "SQLite" {
        ""
    } else {
        " FOR UPDATE"
    };
    let select = format!(
        "SELECT {} FROM survey_codes c WHERE c.code_hash",
        sql::columns::<CodeRow>("c")
    );
    super::fetch_in(tx, &select, hashes, lock).await
}

/// Marks `hashes` spent; returns how many were unspent before.
pub async fn spend_many_tx(tx: &mut Tx, hashes: &[&str]) -> sqlx::Result<u64> {
    if hashes.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE survey_codes SET spent = 1 WHERE spent = 0 AND code_hash IN ({})",
        placeholders(tx, 1, hashes.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for h in hashes {
        q = q.bind(h.to_string());
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// The batches of a round.
pub async fn batches(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<BatchRow>> {
    let sql = format!(
        "SELECT {} FROM survey_batches b WHERE b.round_id = $1 ORDER BY b.project_id, b.created_at, b.id",
        sql::columns::<BatchRow>("b")
    );
    sql::fetch_all(pool, sql, &[round_id.into()]).await
}

/// Spent codes per project of a round.
pub async fn spent_by_project(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT project_id, COUNT(*) AS n FROM survey_codes \
         WHERE round_id = $1 AND spent = 1 GROUP BY project_id",
    )
    .bind(round_id.to_owned())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("project_id")?, r.try_get("n")?)))
        .collect()
}
