//! Queries on `complaints` (信访投诉): one by id, a filtered list, and what the daily
//! evaluation reads — the complaints received in a window, for every company at once.

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::credit::complaint::{ComplaintFacts, Outcome};
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

/// A stored complaint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComplaintRow {
    pub id: String,
    pub project_id: String,
    /// The company serving the project on the day it was received.
    pub company_id: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub channel: String,
    pub category: String,
    /// 工单号 / 信访件编号.
    pub reference: String,
    pub received_on: Date,
    /// The last day to resolve it in time (the channel's limit from the receipt day).
    pub due_on: Date,
    pub summary: Option<String>,
    pub resolved_on: Option<Date>,
    #[serde(serialize_with = "crate::store::credit::complaints::outcome_code")]
    pub outcome: Option<Outcome>,
    pub resolution: Option<String>,
    pub withdrawn_on: Option<Date>,
    pub withdrawn_reason: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Audit snapshots keep the stored code.
pub fn outcome_code<S: serde::Serializer>(o: &Option<Outcome>, s: S) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_str(o.code()),
        None => s.serialize_none(),
    }
}

impl ComplaintRow {
    /// The dates and outcome the daily evaluation reads.
    pub fn facts(&self) -> ComplaintFacts {
        ComplaintFacts {
            received_on: self.received_on,
            due_on: self.due_on,
            resolved_on: self.resolved_on,
            outcome: self.outcome,
            withdrawn_on: self.withdrawn_on,
        }
    }
}

impl TableRow for ComplaintRow {
    const TABLE: &'static str = "complaints";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "project_id",
        "company_id",
        "rubric_id",
        "rubric_version",
        "channel",
        "category",
        "reference",
        "received_on",
        "due_on",
        "summary",
        "resolved_on",
        "outcome",
        "resolution",
        "withdrawn_on",
        "withdrawn_reason",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("project_id", (&self.project_id).into()),
            ("company_id", (&self.company_id).into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("channel", (&self.channel).into()),
            ("category", (&self.category).into()),
            ("reference", (&self.reference).into()),
            ("received_on", self.received_on.into()),
            ("due_on", self.due_on.into()),
            ("summary", self.summary.as_deref().into()),
            ("resolved_on", self.resolved_on.into()),
            ("outcome", self.outcome.map(|o| o.code()).into()),
            ("resolution", self.resolution.as_deref().into()),
            ("withdrawn_on", self.withdrawn_on.into()),
            ("withdrawn_reason", self.withdrawn_reason.as_deref().into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ComplaintRow {
    // What was received is fixed once entered; only the resolution and a withdrawal are
    // written later. A wrong complaint is withdrawn with a reason and entered again.
    const UPDATABLE: &'static [&'static str] = &[
        "resolved_on",
        "outcome",
        "resolution",
        "withdrawn_on",
        "withdrawn_reason",
    ];
}

impl<'r> FromRow<'r, AnyRow> for ComplaintRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            project_id: c.get("project_id")?,
            company_id: c.get("company_id")?,
            rubric_id: c.get("rubric_id")?,
            rubric_version: c.get("rubric_version")?,
            channel: c.get("channel")?,
            category: c.get("category")?,
            reference: c.get("reference")?,
            received_on: c.parse("received_on")?,
            due_on: c.parse("due_on")?,
            summary: c.get("summary")?,
            resolved_on: c.parse_opt("resolved_on")?,
            outcome: c.parse_opt("outcome")?,
            resolution: c.get("resolution")?,
            withdrawn_on: c.parse_opt("withdrawn_on")?,
            withdrawn_reason: c.get("withdrawn_reason")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

fn select() -> String {
    sql::columns::<ComplaintRow>("c")
}

/// One complaint by id.
pub async fn find(pool: &AnyPool, id: &str) -> sqlx::Result<Option<ComplaintRow>> {
    let sql = format!("SELECT {} FROM complaints c WHERE c.id = $1", select());
    Ok(sql::fetch_all(pool, sql, &[id.into()]).await?.pop())
}

/// One complaint by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ComplaintRow>> {
    let sql = format!("SELECT {} FROM complaints c WHERE c.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// One complaint by channel and number, in a transaction (an import's re-run finds its rows).
pub async fn by_reference_tx(
    tx: &mut Tx,
    channel: &str,
    reference: &str,
) -> sqlx::Result<Option<ComplaintRow>> {
    let sql = format!(
        "SELECT {} FROM complaints c WHERE c.channel = $1 AND c.reference = $2",
        select()
    );
    Ok(
        sql::fetch_all_tx(tx, sql, &[channel.into(), reference.into()])
            .await?
            .pop(),
    )
}

/// Which complaints a list shows; every filter optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub project_id: Option<String>,
    pub company_id: Option<String>,
    /// Received on or after.
    pub from: Option<Date>,
    /// Received on or before.
    pub to: Option<Date>,
    /// Only projects in this town or park (a town unit's area).
    pub town_id: Option<String>,
}

/// The complaints `filter` selects, newest first.
pub async fn list(pool: &AnyPool, filter: &Filter) -> sqlx::Result<Vec<ComplaintRow>> {
    let mut sql = format!("SELECT {} FROM complaints c WHERE 1 = 1", select());
    let mut binds: Vec<Bind> = Vec::new();
    let mut push = |sql: &mut String, clause: &str, bind: Bind| {
        binds.push(bind);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(p) = &filter.project_id {
        push(&mut sql, " AND c.project_id = ?", p.into());
    }
    if let Some(co) = &filter.company_id {
        push(&mut sql, " AND c.company_id = ?", co.into());
    }
    if let Some(d) = filter.from {
        push(&mut sql, " AND c.received_on >= ?", d.into());
    }
    if let Some(d) = filter.to {
        push(&mut sql, " AND c.received_on <= ?", d.into());
    }
    if let Some(town) = &filter.town_id {
        push(
            &mut sql,
            " AND c.project_id IN (SELECT p.id FROM projects p WHERE p.town_id = ?)",
            town.into(),
        );
    }
    sql.push_str(" ORDER BY c.received_on DESC, c.channel, c.reference");
    sql::fetch_all(pool, sql, &binds).await
}

/// What the daily evaluation reads of a complaint: whose it is, its number, and its facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyRow {
    pub project_id: String,
    pub company_id: String,
    pub reference: String,
    pub facts: ComplaintFacts,
}

impl<'r> FromRow<'r, AnyRow> for DailyRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, ComplaintRow::TABLE);
        Ok(Self {
            project_id: c.get("project_id")?,
            company_id: c.get("company_id")?,
            reference: c.get("reference")?,
            facts: ComplaintFacts {
                received_on: c.parse("received_on")?,
                due_on: c.parse("due_on")?,
                resolved_on: c.parse_opt("resolved_on")?,
                outcome: c.parse_opt("outcome")?,
                withdrawn_on: c.parse_opt("withdrawn_on")?,
            },
        })
    }
}

/// The complaints received in `[from, to]` about every project, by project then receipt day;
/// only the columns the daily evaluation reads.
pub async fn received_between(pool: &AnyPool, from: Date, to: Date) -> sqlx::Result<Vec<DailyRow>> {
    let sql = "SELECT c.project_id, c.company_id, c.reference, c.received_on, c.due_on, \
               c.resolved_on, c.outcome, c.withdrawn_on FROM complaints c \
               WHERE c.received_on >= $1 AND c.received_on <= $2 \
               ORDER BY c.project_id, c.received_on, c.reference"
        .to_owned();
    sql::fetch_all(pool, sql, &[from.into(), to.into()]).await
}
