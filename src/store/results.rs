//! Queries on `result_snapshots`: a period's published results, numbered, inserted once and
//! never updated or deleted.

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// A published snapshot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SnapshotRow {
    pub id: String,
    pub period_id: String,
    /// 1, 2, … within the period.
    pub number: i64,
    pub rubrics_json: String,
    pub inputs_hash: String,
    pub content_json: String,
    pub content_hash: String,
    /// Why it was published again (none for the first).
    pub reason: Option<String>,
    /// The content hash of the snapshot it follows.
    pub previous_hash: Option<String>,
    /// Its differences from that snapshot.
    pub diff_json: Option<String>,
    /// First day of the public notice (Beijing).
    pub notice_from: Date,
    /// Last day of the public notice (Beijing).
    pub notice_to: Date,
    pub published_by: String,
    pub published_at: String,
}

impl TableRow for SnapshotRow {
    const TABLE: &'static str = "result_snapshots";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "period_id",
        "number",
        "rubrics_json",
        "inputs_hash",
        "content_json",
        "content_hash",
        "reason",
        "previous_hash",
        "diff_json",
        "notice_from",
        "notice_to",
        "published_by",
        "published_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("period_id", (&self.period_id).into()),
            ("number", self.number.into()),
            ("rubrics_json", (&self.rubrics_json).into()),
            ("inputs_hash", (&self.inputs_hash).into()),
            ("content_json", (&self.content_json).into()),
            ("content_hash", (&self.content_hash).into()),
            ("reason", self.reason.as_ref().into()),
            ("previous_hash", self.previous_hash.as_ref().into()),
            ("diff_json", self.diff_json.as_ref().into()),
            ("notice_from", self.notice_from.into()),
            ("notice_to", self.notice_to.into()),
            ("published_by", (&self.published_by).into()),
            ("published_at", (&self.published_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for SnapshotRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            period_id: c.get("period_id")?,
            number: c.get("number")?,
            rubrics_json: c.get("rubrics_json")?,
            inputs_hash: c.get("inputs_hash")?,
            content_json: c.get("content_json")?,
            content_hash: c.get("content_hash")?,
            reason: c.get("reason")?,
            previous_hash: c.get("previous_hash")?,
            diff_json: c.get("diff_json")?,
            notice_from: c.parse("notice_from")?,
            notice_to: c.parse("notice_to")?,
            published_by: c.get("published_by")?,
            published_at: c.get("published_at")?,
        })
    }
}

/// The snapshots of a period, oldest first.
pub async fn of_period(pool: &AnyPool, period_id: &str) -> sqlx::Result<Vec<SnapshotRow>> {
    let cols = sql::columns::<SnapshotRow>("s");
    let sql =
        format!("SELECT {cols} FROM result_snapshots s WHERE s.period_id = $1 ORDER BY s.number");
    sql::fetch_all(pool, sql, &[period_id.into()]).await
}

/// The latest snapshot of a period, inside a transaction (to number the next one).
pub async fn latest(
    tx: &mut crate::store::Tx,
    period_id: &str,
) -> sqlx::Result<Option<SnapshotRow>> {
    let cols = sql::columns::<SnapshotRow>("s");
    let sql = format!(
        "SELECT {cols} FROM result_snapshots s WHERE s.period_id = $1 ORDER BY s.number DESC LIMIT 1"
    );
    Ok(sql::fetch_all_tx(tx, sql, &[period_id.into()]).await?.pop())
}
