//! `survey_responses` and `survey_idempotency`.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// A stored response: its batch, never its code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResponseRow {
    pub id: String,
    pub round_id: String,
    pub project_id: String,
    pub batch_id: String,
    pub channel: String,
    pub answers_json: String,
    pub comment: Option<String>,
    /// Seconds taken; none for a paper sheet (nobody timed it) and for an online answer whose
    /// signed start did not verify (nobody can vouch for its time; it counts as invalid).
    pub seconds: Option<i64>,
    pub bucket: String,
    pub valid: bool,
    pub reasons_json: String,
    /// SHA-256 of the receipt; none for a paper sheet (no resident to hand it to).
    pub receipt_hash: Option<String>,
    /// False until the hourly settlement has rewritten it among its hour's answers (see
    /// migration 0029); paper sheets, imported in one shuffled transaction, start settled.
    pub settled: bool,
}

impl TableRow for ResponseRow {
    const TABLE: &'static str = "survey_responses";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "round_id",
        "project_id",
        "batch_id",
        "channel",
        "answers_json",
        "comment",
        "seconds",
        "bucket",
        "valid",
        "reasons_json",
        "receipt_hash",
        "settled",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("round_id", (&self.round_id).into()),
            ("project_id", (&self.project_id).into()),
            ("batch_id", (&self.batch_id).into()),
            ("channel", (&self.channel).into()),
            ("answers_json", (&self.answers_json).into()),
            ("comment", self.comment.as_deref().into()),
            ("seconds", self.seconds.into()),
            ("bucket", (&self.bucket).into()),
            ("valid", self.valid.into()),
            ("reasons_json", (&self.reasons_json).into()),
            ("receipt_hash", self.receipt_hash.as_deref().into()),
            ("settled", self.settled.into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for ResponseRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            round_id: c.get("round_id")?,
            project_id: c.get("project_id")?,
            batch_id: c.get("batch_id")?,
            channel: c.get("channel")?,
            answers_json: c.get("answers_json")?,
            comment: c.get("comment")?,
            seconds: c.get("seconds")?,
            bucket: c.get("bucket")?,
            valid: c.flag("valid")?,
            reasons_json: c.get("reasons_json")?,
            receipt_hash: c.get("receipt_hash")?,
            settled: c.flag("settled")?,
        })
    }
}

/// Every response of a round (verification and flags read raw rows; the index never does).
pub async fn for_round(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<ResponseRow>> {
    let sql = format!(
        "SELECT {} FROM survey_responses r WHERE r.round_id = $1 ORDER BY r.project_id, r.id",
        sql::columns::<ResponseRow>("r")
    );
    sql::fetch_all(pool, sql, &[round_id.into()]).await
}

/// The receipt hashes of a round, sorted (their order says nothing about time).
pub async fn receipts(pool: &AnyPool, round_id: &str) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT receipt_hash FROM survey_responses \
         WHERE round_id = $1 AND receipt_hash IS NOT NULL ORDER BY receipt_hash",
    )
    .bind(round_id.to_owned())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}

/// A replayable result: the request's hash and the first result's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRow {
    pub key_hash: String,
    pub request_hash: String,
    pub result_json: String,
    /// The Beijing hour it was made in (`2026-06-15T10`): purged two hours later.
    pub hour: String,
}

impl TableRow for IdempotencyRow {
    const TABLE: &'static str = "survey_idempotency";
    const COLUMNS: &'static [&'static str] = &["key_hash", "request_hash", "result_json", "hour"];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("key_hash", (&self.key_hash).into()),
            ("request_hash", (&self.request_hash).into()),
            ("result_json", (&self.result_json).into()),
            ("hour", (&self.hour).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for IdempotencyRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            key_hash: c.get("key_hash")?,
            request_hash: c.get("request_hash")?,
            result_json: c.get("result_json")?,
            hour: c.get("hour")?,
        })
    }
}

/// The idempotency records among `keys`.
pub async fn replays_tx(tx: &mut Tx, keys: &[&str]) -> sqlx::Result<Vec<IdempotencyRow>> {
    let select = format!(
        "SELECT {} FROM survey_idempotency i WHERE i.key_hash",
        sql::columns::<IdempotencyRow>("i")
    );
    super::fetch_in(tx, &select, keys, "").await
}

/// The idempotency record of one key.
pub async fn replay(pool: &AnyPool, key_hash: &str) -> sqlx::Result<Option<IdempotencyRow>> {
    let sql = format!(
        "SELECT {} FROM survey_idempotency i WHERE i.key_hash = $1",
        sql::columns::<IdempotencyRow>("i")
    );
    Ok(sql::fetch_all(pool, sql, &[key_hash.into()]).await?.pop())
}
