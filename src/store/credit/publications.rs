//! Queries on `credit_publications`: the ratings of a day as published (公示).

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow};

/// A published credit rating list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicationRow {
    pub id: String,
    pub as_of: Date,
    pub content_json: String,
    pub content_hash: String,
    pub published_by: String,
    pub published_at: String,
}

impl TableRow for PublicationRow {
    const TABLE: &'static str = "credit_publications";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "as_of",
        "content_json",
        "content_hash",
        "published_by",
        "published_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("as_of", self.as_of.into()),
            ("content_json", (&self.content_json).into()),
            ("content_hash", (&self.content_hash).into()),
            ("published_by", (&self.published_by).into()),
            ("published_at", (&self.published_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for PublicationRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            as_of: c.parse("as_of")?,
            content_json: c.get("content_json")?,
            content_hash: c.get("content_hash")?,
            published_by: c.get("published_by")?,
            published_at: c.get("published_at")?,
        })
    }
}

/// The publication of `as_of`, or the latest when `None`.
pub async fn publication(
    pool: &AnyPool,
    as_of: Option<Date>,
) -> sqlx::Result<Option<PublicationRow>> {
    let cols = sql::columns::<PublicationRow>("p");
    let (sql, binds): (String, Vec<Bind>) = match as_of {
        Some(day) => (
            format!("SELECT {cols} FROM credit_publications p WHERE p.as_of = $1"),
            vec![day.into()],
        ),
        None => (
            format!("SELECT {cols} FROM credit_publications p ORDER BY p.as_of DESC LIMIT 1"),
            vec![],
        ),
    };
    Ok(sql::fetch_all(pool, sql, &binds).await?.pop())
}

/// A correction of a published list: the day published again, with why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CorrectionRow {
    pub id: String,
    pub as_of: Date,
    /// 2 for the first correction, then 3, …
    pub revision: i64,
    pub content_json: String,
    pub content_hash: String,
    /// The hash of the publication (or correction) it replaces.
    pub corrects_hash: String,
    pub reason: String,
    pub published_by: String,
    pub published_at: String,
}

impl TableRow for CorrectionRow {
    const TABLE: &'static str = "credit_publication_corrections";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "as_of",
        "revision",
        "content_json",
        "content_hash",
        "corrects_hash",
        "reason",
        "published_by",
        "published_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("as_of", self.as_of.into()),
            ("revision", self.revision.into()),
            ("content_json", (&self.content_json).into()),
            ("content_hash", (&self.content_hash).into()),
            ("corrects_hash", (&self.corrects_hash).into()),
            ("reason", (&self.reason).into()),
            ("published_by", (&self.published_by).into()),
            ("published_at", (&self.published_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for CorrectionRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            as_of: c.parse("as_of")?,
            revision: c.get("revision")?,
            content_json: c.get("content_json")?,
            content_hash: c.get("content_hash")?,
            corrects_hash: c.get("corrects_hash")?,
            reason: c.get("reason")?,
            published_by: c.get("published_by")?,
            published_at: c.get("published_at")?,
        })
    }
}

/// The corrections of `as_of`'s publication, oldest first.
pub async fn corrections(pool: &AnyPool, as_of: Date) -> sqlx::Result<Vec<CorrectionRow>> {
    let cols = sql::columns::<CorrectionRow>("c");
    let sql = format!(
        "SELECT {cols} FROM credit_publication_corrections c WHERE c.as_of = $1 ORDER BY c.revision"
    );
    sql::fetch_all(pool, sql, &[as_of.into()]).await
}
