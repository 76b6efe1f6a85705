//! `evaluation_imports`: one row per imported workbook of on-site evaluation results, and the
//! look-up the import needs to leave an identical evaluation as it is.

use jiff::civil::Date;
use sqlx::FromRow;
use sqlx::any::AnyRow;

use super::evaluations::EvaluationRow;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// An imported workbook of evaluation results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvaluationImportRow {
    pub id: String,
    /// SHA-256 of the file.
    pub file_sha256: String,
    /// Data rows in the file.
    pub data_rows: i64,
    /// Evaluations the file created (accepted).
    pub created: i64,
    /// Evaluations already there with the same sheets, left as they were.
    pub unchanged: i64,
    /// Who imported it (display name).
    pub imported_by: String,
    pub imported_at: String,
}

impl TableRow for EvaluationImportRow {
    const TABLE: &'static str = "evaluation_imports";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "file_sha256",
        "data_rows",
        "created",
        "unchanged",
        "imported_by",
        "imported_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("file_sha256", (&self.file_sha256).into()),
            ("data_rows", self.data_rows.into()),
            ("created", self.created.into()),
            ("unchanged", self.unchanged.into()),
            ("imported_by", (&self.imported_by).into()),
            ("imported_at", (&self.imported_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for EvaluationImportRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            file_sha256: c.get("file_sha256")?,
            data_rows: c.get("data_rows")?,
            created: c.get("created")?,
            unchanged: c.get("unchanged")?,
            imported_by: c.get("imported_by")?,
            imported_at: c.get("imported_at")?,
        })
    }
}

/// The evaluation of `project_id`'s visit on `day`, if any (one per project and day).
pub async fn visit_tx(
    tx: &mut Tx,
    project_id: &str,
    day: Date,
) -> sqlx::Result<Option<EvaluationRow>> {
    let sql = format!(
        "SELECT {} FROM evaluations e WHERE e.project_id = $1 AND e.visit_on = $2",
        sql::columns::<EvaluationRow>("e")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[project_id.into(), day.into()])
        .await?
        .pop())
}

/// Every recorded import, newest first.
pub async fn list(pool: &sqlx::AnyPool) -> sqlx::Result<Vec<EvaluationImportRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_imports i ORDER BY i.imported_at DESC, i.id",
        crate::store::sql::columns::<EvaluationImportRow>("i")
    );
    crate::store::sql::fetch_all(pool, sql, &[]).await
}
