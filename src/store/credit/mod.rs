//! Queries on `conduct_records` (良好 / 不良行为记录) and what a credit rating reads: the
//! records valid on a day and the projects each company served on it, each in one query for
//! every company at once (a county's rating is two reads, not one per company).

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

pub mod complaints;
pub mod evaluation_imports;
pub mod evaluation_photos;
pub mod evaluation_scores;
pub mod evaluations;
mod publications;
pub mod record_objections;
pub mod repairs;

pub use publications::{CorrectionRow, PublicationRow, corrections, publication};

/// A stored conduct record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConductRow {
    pub id: String,
    pub company_id: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub kind: String,
    pub recorded_on: Date,
    pub reference: String,
    pub issuer: String,
    pub points: Decimal,
    pub valid_until: Date,
    pub rectify_by: Option<Date>,
    pub note: Option<String>,
    pub ended_on: Option<Date>,
    pub end_kind: Option<String>,
    pub end_reason: Option<String>,
    /// The day the bureau accepted the rectification (整改验收), for credit repair.
    pub rectified_on: Option<Date>,
    pub rectification_note: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ConductRow {
    const TABLE: &'static str = "conduct_records";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "company_id",
        "rubric_id",
        "rubric_version",
        "kind",
        "recorded_on",
        "reference",
        "issuer",
        "points",
        "valid_until",
        "rectify_by",
        "note",
        "ended_on",
        "end_kind",
        "end_reason",
        "rectified_on",
        "rectification_note",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("company_id", (&self.company_id).into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("kind", (&self.kind).into()),
            ("recorded_on", self.recorded_on.into()),
            ("reference", (&self.reference).into()),
            ("issuer", (&self.issuer).into()),
            ("points", self.points.into()),
            ("valid_until", self.valid_until.into()),
            ("rectify_by", self.rectify_by.into()),
            ("note", self.note.as_deref().into()),
            ("ended_on", self.ended_on.into()),
            ("end_kind", self.end_kind.as_deref().into()),
            ("end_reason", self.end_reason.as_deref().into()),
            ("rectified_on", self.rectified_on.into()),
            (
                "rectification_note",
                self.rectification_note.as_deref().into(),
            ),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ConductRow {
    // What a record says is fixed once entered; only its end (withdrawal, repair) is written
    // later. A wrong record is withdrawn with a reason and entered again, never edited.
    const UPDATABLE: &'static [&'static str] = &[
        "ended_on",
        "end_kind",
        "end_reason",
        "rectified_on",
        "rectification_note",
    ];
}

impl<'r> FromRow<'r, AnyRow> for ConductRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            company_id: c.get("company_id")?,
            rubric_id: c.get("rubric_id")?,
            rubric_version: c.get("rubric_version")?,
            kind: c.get("kind")?,
            recorded_on: c.parse("recorded_on")?,
            reference: c.get("reference")?,
            issuer: c.get("issuer")?,
            points: c.parse("points")?,
            valid_until: c.parse("valid_until")?,
            rectify_by: c.parse_opt("rectify_by")?,
            note: c.get("note")?,
            ended_on: c.parse_opt("ended_on")?,
            end_kind: c.get("end_kind")?,
            end_reason: c.get("end_reason")?,
            rectified_on: c.parse_opt("rectified_on")?,
            rectification_note: c.get("rectification_note")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

fn select() -> String {
    sql::columns::<ConductRow>("r")
}

/// One record by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ConductRow>> {
    let sql = format!("SELECT {} FROM conduct_records r WHERE r.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// A company's records, newest first.
pub async fn for_company(pool: &AnyPool, company_id: &str) -> sqlx::Result<Vec<ConductRow>> {
    let sql = format!(
        "SELECT {} FROM conduct_records r WHERE r.company_id = $1 \
         ORDER BY r.recorded_on DESC, r.id",
        select()
    );
    sql::fetch_all(pool, sql, &[company_id.into()]).await
}

/// What a rating reads of a record: the window, the kind and what names it in the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowRow {
    pub id: String,
    pub company_id: String,
    pub kind: String,
    pub recorded_on: Date,
    pub reference: String,
    pub valid_until: Date,
    pub ended_on: Option<Date>,
}

impl<'r> FromRow<'r, AnyRow> for WindowRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, ConductRow::TABLE);
        Ok(Self {
            id: c.get("id")?,
            company_id: c.get("company_id")?,
            kind: c.get("kind")?,
            recorded_on: c.parse("recorded_on")?,
            reference: c.get("reference")?,
            valid_until: c.parse("valid_until")?,
            ended_on: c.parse_opt("ended_on")?,
        })
    }
}

/// The records whose window holds `day` (ended or not: the rating shows an ended record as
/// not counting), of one company or of all, oldest first; only the columns a rating reads.
pub async fn valid_on(
    pool: &AnyPool,
    day: Date,
    company_id: Option<&str>,
) -> sqlx::Result<Vec<WindowRow>> {
    let mut binds: Vec<Bind> = vec![day.into(), day.into()];
    let mut sql = "SELECT r.id, r.company_id, r.kind, r.recorded_on, r.reference, r.valid_until, \
                   r.ended_on FROM conduct_records r WHERE r.valid_until >= $1 AND r.recorded_on <= $2"
        .to_owned();
    if let Some(id) = company_id {
        sql.push_str(" AND r.company_id = $3");
        binds.push(id.into());
    }
    sql.push_str(" ORDER BY r.company_id, r.recorded_on, r.id");
    sql::fetch_all(pool, sql, &binds).await
}

/// A project a company served on a day, with what the rating weighs it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedRow {
    pub company_id: String,
    pub project_id: String,
    pub project_name: String,
    pub floor_area: Decimal,
}

impl<'r> FromRow<'r, AnyRow> for ServedRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, "project_services");
        Ok(Self {
            company_id: c.get("company_id")?,
            project_id: c.get("project_id")?,
            project_name: c.get("project_name")?,
            floor_area: c.parse("floor_area")?,
        })
    }
}

/// The projects served on `day` (service periods are inclusive; an open end is still serving),
/// of one company or of all, by company then project name.
pub async fn served_on(
    pool: &AnyPool,
    day: Date,
    company_id: Option<&str>,
) -> sqlx::Result<Vec<ServedRow>> {
    let mut binds: Vec<Bind> = vec![day.into(), day.into()];
    let mut sql = "SELECT s.company_id, s.project_id, p.name AS project_name, p.floor_area \
                   FROM project_services s JOIN projects p ON p.id = s.project_id \
                   WHERE s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $2)"
        .to_owned();
    if let Some(id) = company_id {
        sql.push_str(" AND s.company_id = $3");
        binds.push(id.into());
    }
    sql.push_str(" ORDER BY s.company_id, p.name, s.project_id");
    sql::fetch_all(pool, sql, &binds).await
}

/// `(id, name)` of every company, or of one, by name.
pub async fn companies(
    pool: &AnyPool,
    company_id: Option<&str>,
) -> sqlx::Result<Vec<(String, String)>> {
    let (sql, binds): (&str, Vec<Bind>) = match company_id {
        Some(id) => (
            "SELECT id, name FROM companies WHERE id = $1 ORDER BY name, id",
            vec![id.into()],
        ),
        None => ("SELECT id, name FROM companies ORDER BY name, id", vec![]),
    };
    sql::fetch_all(pool, sql.to_owned(), &binds).await
}

/// One company's record with document number `reference`, in a transaction.
pub async fn by_reference_tx(
    tx: &mut Tx,
    company_id: &str,
    reference: &str,
) -> sqlx::Result<Option<ConductRow>> {
    let sql = format!(
        "SELECT {} FROM conduct_records r WHERE r.company_id = $1 AND r.reference = $2",
        select()
    );
    Ok(
        sql::fetch_all_tx(tx, sql, &[company_id.into(), reference.into()])
            .await?
            .pop(),
    )
}

/// `(id, credit code, name)` of every company: how a workbook names one.
pub async fn company_keys(pool: &AnyPool) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT id, credit_code, name FROM companies")
        .fetch_all(pool)
        .await
}
