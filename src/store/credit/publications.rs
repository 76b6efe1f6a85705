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
