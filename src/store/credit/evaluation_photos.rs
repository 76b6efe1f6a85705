//! Queries on `evaluation_photos` (现场照片 of an on-site evaluation).

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// A stored photo link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PhotoRow {
    pub id: String,
    pub evaluation_id: String,
    /// The rubric item it documents.
    pub item_code: String,
    pub sha256: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    /// The uploading token (`None`: the command line).
    pub uploaded_by: Option<String>,
    pub uploaded_at: String,
}

impl TableRow for PhotoRow {
    const TABLE: &'static str = "evaluation_photos";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "evaluation_id",
        "item_code",
        "sha256",
        "file_name",
        "mime",
        "size",
        "uploaded_by",
        "uploaded_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("evaluation_id", (&self.evaluation_id).into()),
            ("item_code", (&self.item_code).into()),
            ("sha256", (&self.sha256).into()),
            ("file_name", (&self.file_name).into()),
            ("mime", (&self.mime).into()),
            ("size", self.size.into()),
            ("uploaded_by", self.uploaded_by.as_deref().into()),
            ("uploaded_at", (&self.uploaded_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for PhotoRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            evaluation_id: c.get("evaluation_id")?,
            item_code: c.get("item_code")?,
            sha256: c.get("sha256")?,
            file_name: c.get("file_name")?,
            mime: c.get("mime")?,
            size: c.get("size")?,
            uploaded_by: c.get("uploaded_by")?,
            uploaded_at: c.get("uploaded_at")?,
        })
    }
}

fn select() -> String {
    sql::columns::<PhotoRow>("p")
}

/// One photo by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<PhotoRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_photos p WHERE p.id = $1",
        select()
    );
    Ok(sql::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// An evaluation's photos, as uploaded.
pub async fn for_evaluation(pool: &AnyPool, evaluation_id: &str) -> sqlx::Result<Vec<PhotoRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_photos p WHERE p.evaluation_id = $1 ORDER BY p.uploaded_at, p.id",
        select()
    );
    sql::fetch_all(pool, sql, &[evaluation_id.into()]).await
}

/// An evaluation's photos, in a transaction (a sheet write checks the ids it names).
pub async fn for_evaluation_tx(tx: &mut Tx, evaluation_id: &str) -> sqlx::Result<Vec<PhotoRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_photos p WHERE p.evaluation_id = $1 ORDER BY p.uploaded_at, p.id",
        select()
    );
    sql::fetch_all_tx(tx, sql, &[evaluation_id.into()]).await
}
