//! Queries on `evaluations` (第三方现场测评) and `evaluation_objections` (异议).

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::credit::evaluation::{EvaluationStatus, ObjectionStatus, Sheets};
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

/// A stored evaluation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvaluationRow {
    pub id: String,
    pub project_id: String,
    /// The company serving the project on the visit day.
    pub company_id: String,
    pub visit_on: Date,
    pub rubric_id: String,
    pub rubric_version: i64,
    /// The third-party organisation (the inspector token's name).
    pub organisation: String,
    /// The token that opened it (`None`: the command line).
    pub created_by: Option<String>,
    pub sheets: Sheets,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub status: EvaluationStatus,
    pub submitted_at: Option<String>,
    /// The day the bureau accepted it (the objection window runs from it).
    pub accepted_on: Option<Date>,
    /// Why the bureau last returned it to draft.
    pub returned_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for EvaluationRow {
    const TABLE: &'static str = "evaluations";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "project_id",
        "company_id",
        "visit_on",
        "rubric_id",
        "rubric_version",
        "organisation",
        "created_by",
        "sheets",
        "status",
        "submitted_at",
        "accepted_on",
        "returned_reason",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("project_id", (&self.project_id).into()),
            ("company_id", (&self.company_id).into()),
            ("visit_on", self.visit_on.into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("organisation", (&self.organisation).into()),
            ("created_by", self.created_by.as_deref().into()),
            ("sheets", Bind::json(&self.sheets)?),
            ("status", self.status.code().into()),
            ("submitted_at", self.submitted_at.as_deref().into()),
            ("accepted_on", self.accepted_on.into()),
            ("returned_reason", self.returned_reason.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for EvaluationRow {
    const UPDATABLE: &'static [&'static str] = &[
        "sheets",
        "status",
        "submitted_at",
        "accepted_on",
        "returned_reason",
    ];
}

impl<'r> FromRow<'r, AnyRow> for EvaluationRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            project_id: c.get("project_id")?,
            company_id: c.get("company_id")?,
            visit_on: c.parse("visit_on")?,
            rubric_id: c.get("rubric_id")?,
            rubric_version: c.get("rubric_version")?,
            organisation: c.get("organisation")?,
            created_by: c.get("created_by")?,
            sheets: c.json("sheets")?,
            status: c.parse("status")?,
            submitted_at: c.get("submitted_at")?,
            accepted_on: c.parse_opt("accepted_on")?,
            returned_reason: c.get("returned_reason")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// A stored objection to one finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObjectionRow {
    pub id: String,
    pub evaluation_id: String,
    /// The finding's place in the evaluation's `sheets.findings`.
    pub finding: i64,
    pub company_id: String,
    pub reason: String,
    pub filed_on: Date,
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub status: ObjectionStatus,
    pub decision_reason: Option<String>,
    pub decided_on: Option<Date>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ObjectionRow {
    const TABLE: &'static str = "evaluation_objections";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "evaluation_id",
        "finding",
        "company_id",
        "reason",
        "filed_on",
        "status",
        "decision_reason",
        "decided_on",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("evaluation_id", (&self.evaluation_id).into()),
            ("finding", self.finding.into()),
            ("company_id", (&self.company_id).into()),
            ("reason", (&self.reason).into()),
            ("filed_on", self.filed_on.into()),
            ("status", self.status.code().into()),
            ("decision_reason", self.decision_reason.as_deref().into()),
            ("decided_on", self.decided_on.into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ObjectionRow {
    // What the company wrote is fixed; only the bureau's decision is written later.
    const UPDATABLE: &'static [&'static str] = &["status", "decision_reason", "decided_on"];
}

impl<'r> FromRow<'r, AnyRow> for ObjectionRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            evaluation_id: c.get("evaluation_id")?,
            finding: c.get("finding")?,
            company_id: c.get("company_id")?,
            reason: c.get("reason")?,
            filed_on: c.parse("filed_on")?,
            status: c.parse("status")?,
            decision_reason: c.get("decision_reason")?,
            decided_on: c.parse_opt("decided_on")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// One evaluation by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<EvaluationRow>> {
    let sql = format!(
        "SELECT {} FROM evaluations e WHERE e.id = $1",
        sql::columns::<EvaluationRow>("e")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// One evaluation by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<EvaluationRow>> {
    let sql = format!(
        "SELECT {} FROM evaluations e WHERE e.id = $1",
        sql::columns::<EvaluationRow>("e")
    );
    Ok(sql::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// Which evaluations a list reads.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub project_id: Option<&'a str>,
    pub company_id: Option<&'a str>,
    /// Only these statuses (all when empty).
    pub statuses: &'a [EvaluationStatus],
    /// Only visits on or before this day.
    pub visited_by: Option<Date>,
}

/// Evaluations matching `filter`, newest visit first.
pub async fn list(pool: &AnyPool, filter: &Filter<'_>) -> sqlx::Result<Vec<EvaluationRow>> {
    let mut sql = format!(
        "SELECT {} FROM evaluations e WHERE 1 = 1",
        sql::columns::<EvaluationRow>("e")
    );
    let mut binds: Vec<Bind> = Vec::new();
    let mut and = |clause: &str, value: Bind, binds: &mut Vec<Bind>| {
        binds.push(value);
        sql.push_str(&format!(" AND {clause} ${}", binds.len()));
    };
    if let Some(p) = filter.project_id {
        and("e.project_id =", p.into(), &mut binds);
    }
    if let Some(c) = filter.company_id {
        and("e.company_id =", c.into(), &mut binds);
    }
    if let Some(day) = filter.visited_by {
        and("e.visit_on <=", day.into(), &mut binds);
    }
    if !filter.statuses.is_empty() {
        let start = binds.len();
        let marks: Vec<String> = (1..=filter.statuses.len())
            .map(|i| format!("${}", start + i))
            .collect();
        binds.extend(filter.statuses.iter().map(|s| Bind::from(s.code())));
        sql.push_str(&format!(" AND e.status IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY e.visit_on DESC, e.id");
    sql::fetch_all(pool, sql, &binds).await
}

/// The objections to one evaluation, by finding.
pub async fn objections(pool: &AnyPool, evaluation_id: &str) -> sqlx::Result<Vec<ObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_objections o WHERE o.evaluation_id = $1 ORDER BY o.finding",
        sql::columns::<ObjectionRow>("o")
    );
    sql::fetch_all(pool, sql, &[evaluation_id.into()]).await
}

/// The objections to one evaluation, by finding, in a transaction.
pub async fn objections_tx(tx: &mut Tx, evaluation_id: &str) -> sqlx::Result<Vec<ObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_objections o WHERE o.evaluation_id = $1 ORDER BY o.finding",
        sql::columns::<ObjectionRow>("o")
    );
    sql::fetch_all_tx(tx, sql, &[evaluation_id.into()]).await
}

/// One objection by id, in a transaction.
pub async fn objection_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ObjectionRow>> {
    let sql = format!(
        "SELECT {} FROM evaluation_objections o WHERE o.id = $1",
        sql::columns::<ObjectionRow>("o")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}
