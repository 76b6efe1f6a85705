//! `survey_paper_imports`: one row per imported workbook of paper sheets, with its surveyors.
//! No response points back here (PIPL: a surveyor is never tied to one household's answers).

use sqlx::FromRow;
use sqlx::any::AnyRow;

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Column, TableRow};

/// An imported workbook.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaperImportRow {
    pub id: String,
    pub round_id: String,
    /// SHA-256 of the file (a file is imported once per round).
    pub file_sha256: String,
    /// Paper sheets (rows) accepted.
    pub sheets: i64,
    /// Of which valid by the questionnaire's rules.
    pub valid: i64,
    /// The surveyors named in the file, sorted, as JSON.
    pub surveyors: String,
    /// Who imported it (display name).
    pub imported_by: String,
    pub imported_at: String,
}

impl TableRow for PaperImportRow {
    const TABLE: &'static str = "survey_paper_imports";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "round_id",
        "file_sha256",
        "sheets",
        "valid",
        "surveyors",
        "imported_by",
        "imported_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("round_id", (&self.round_id).into()),
            ("file_sha256", (&self.file_sha256).into()),
            ("sheets", self.sheets.into()),
            ("valid", self.valid.into()),
            ("surveyors", (&self.surveyors).into()),
            ("imported_by", (&self.imported_by).into()),
            ("imported_at", (&self.imported_at).into()),
        ])
    }
}

impl<'r> FromRow<'r, AnyRow> for PaperImportRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            round_id: c.get("round_id")?,
            file_sha256: c.get("file_sha256")?,
            sheets: c.get("sheets")?,
            valid: c.get("valid")?,
            surveyors: c.get("surveyors")?,
            imported_by: c.get("imported_by")?,
            imported_at: c.get("imported_at")?,
        })
    }
}

/// The earlier import of the same file into the round, if any.
pub async fn find_tx(
    tx: &mut Tx,
    round_id: &str,
    file_sha256: &str,
) -> sqlx::Result<Option<PaperImportRow>> {
    let sql = format!(
        "SELECT {} FROM survey_paper_imports p WHERE p.round_id = $1 AND p.file_sha256 = $2",
        sql::columns::<PaperImportRow>("p")
    );
    Ok(
        sql::fetch_all_tx(tx, sql, &[round_id.into(), file_sha256.into()])
            .await?
            .pop(),
    )
}
