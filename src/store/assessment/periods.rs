//! Queries on `periods` and `period_units`.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::period::Phase;
use crate::store::Tx;
use crate::store::decode::Columns;
use crate::store::sql::{self, Bind, Column, TableRow, Versioned};

/// A stored period.
#[derive(Debug, Clone)]
pub struct PeriodRow {
    pub id: String,
    pub name: String,
    pub rubric_id: String,
    pub rubric_version: i64,
    pub phase: Phase,
    pub self_deadline: String,
    pub review_deadline: String,
    pub appeal_deadline: Option<String>,
    /// Optional rules enabled (stored as a JSON array of codes in `options_json`).
    pub options: BTreeSet<String>,
    /// Working days of public notice.
    pub notice_days: u32,
    /// When the notice (appeal phase) began.
    pub notice_started_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for PeriodRow {
    const TABLE: &'static str = "periods";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "rubric_id",
        "rubric_version",
        "phase",
        "self_deadline",
        "review_deadline",
        "appeal_deadline",
        "options_json",
        "notice_days",
        "notice_started_at",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("name", (&self.name).into()),
            ("rubric_id", (&self.rubric_id).into()),
            ("rubric_version", self.rubric_version.into()),
            ("phase", self.phase.as_str().into()),
            ("self_deadline", (&self.self_deadline).into()),
            ("review_deadline", (&self.review_deadline).into()),
            ("appeal_deadline", self.appeal_deadline.as_deref().into()),
            ("options_json", Bind::json(&self.options)?),
            ("notice_days", self.notice_days.into()),
            (
                "notice_started_at",
                self.notice_started_at.as_deref().into(),
            ),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for PeriodRow {
    /// Phase, deadlines, options and notice; name and rubric never change.
    const UPDATABLE: &'static [&'static str] = &[
        "phase",
        "self_deadline",
        "review_deadline",
        "appeal_deadline",
        "options_json",
        "notice_days",
        "notice_started_at",
    ];
}

impl<'r> FromRow<'r, AnyRow> for PeriodRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            name: c.get("name")?,
            rubric_id: c.get("rubric_id")?,
            rubric_version: c.get("rubric_version")?,
            phase: c.parse("phase")?,
            self_deadline: c.get("self_deadline")?,
            review_deadline: c.get("review_deadline")?,
            appeal_deadline: c.get("appeal_deadline")?,
            options: c.json("options_json")?,
            notice_days: c.int("notice_days")?,
            notice_started_at: c.get("notice_started_at")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// The `SELECT` list.
fn select() -> String {
    PeriodRow::COLUMNS.join(", ")
}

/// Inserts a period.
pub async fn insert(tx: &mut Tx, p: &PeriodRow) -> sqlx::Result<()> {
    sql::insert(tx, p).await
}

/// Finds a period inside a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM periods WHERE id = $1",
        select()
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Reads a period.
pub async fn get(pool: &AnyPool, id: &str) -> sqlx::Result<Option<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM periods WHERE id = $1",
        select()
    )))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Lists periods, newest first.
pub async fn list(pool: &AnyPool) -> sqlx::Result<Vec<PeriodRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM periods ORDER BY created_at DESC",
        select()
    )))
    .fetch_all(pool)
    .await
}

/// Writes phase, deadlines, options and notice if the stored version is `expected`; false when
/// stale.
pub async fn update(tx: &mut Tx, p: &PeriodRow, expected: i64) -> sqlx::Result<bool> {
    sql::update_if_version(tx, p, expected).await
}

/// A unit's participation in a period.
#[derive(Debug, Clone, FromRow)]
pub struct PeriodUnitRow {
    pub period_id: String,
    pub unit_id: String,
    pub self_deadline: Option<String>,
    pub extension_reason: Option<String>,
    /// The plan role (a rubric `[[role]]` name) the unit is bound to in this period.
    pub plan_role: Option<String>,
}

/// Adds a unit to a period, bound to a plan role or none.
pub async fn add_unit(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    plan_role: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO period_units (period_id, unit_id, plan_role) VALUES ($1, $2, $3)")
        .bind(period_id)
        .bind(unit_id)
        .bind(plan_role)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Re-binds a unit of a period to a plan role (or none).
pub async fn set_role(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    plan_role: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE period_units SET plan_role = $1 WHERE period_id = $2 AND unit_id = $3")
        .bind(plan_role)
        .bind(period_id)
        .bind(unit_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// A unit's participation, if any (on the pool or inside a transaction).
pub async fn find_unit<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<PeriodUnitRow>> {
    sqlx::query_as(
        "SELECT period_id, unit_id, self_deadline, extension_reason, plan_role FROM period_units
         WHERE period_id = $1 AND unit_id = $2",
    )
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(exec)
    .await
}

/// Units taking part in a period.
pub async fn units(pool: &AnyPool, period_id: &str) -> sqlx::Result<Vec<PeriodUnitRow>> {
    sqlx::query_as(
        "SELECT period_id, unit_id, self_deadline, extension_reason, plan_role FROM period_units
         WHERE period_id = $1 ORDER BY unit_id",
    )
    .bind(period_id)
    .fetch_all(pool)
    .await
}

/// Units taking part in a period, inside a transaction.
pub async fn units_tx(tx: &mut Tx, period_id: &str) -> sqlx::Result<Vec<PeriodUnitRow>> {
    sqlx::query_as(
        "SELECT period_id, unit_id, self_deadline, extension_reason, plan_role FROM period_units
         WHERE period_id = $1 ORDER BY unit_id",
    )
    .bind(period_id)
    .fetch_all(&mut **tx)
    .await
}

/// Extends one unit's self-assessment deadline.
pub async fn extend(
    tx: &mut Tx,
    period_id: &str,
    unit_id: &str,
    deadline: &str,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE period_units SET self_deadline = $1, extension_reason = $2 WHERE period_id = $3 AND unit_id = $4")
        .bind(deadline)
        .bind(reason)
        .bind(period_id)
        .bind(unit_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// A unit of a period with its ledger name and type.
#[derive(Debug, Clone, FromRow)]
pub struct MemberRow {
    pub unit_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub unit_type: crate::domain::ledger::UnitType,
    /// The unit's town or park (none for a county department).
    pub region_id: Option<String>,
    pub plan_role: Option<String>,
    pub self_deadline: Option<String>,
}

/// The unit as a member of the period, if it is one (on the pool or inside a transaction).
pub async fn member<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    period_id: &str,
    unit_id: &str,
) -> sqlx::Result<Option<MemberRow>> {
    sqlx::query_as(
        "SELECT pu.unit_id, u.name, u.unit_type, u.region_id, pu.plan_role, pu.self_deadline
         FROM period_units pu JOIN units u ON u.id = pu.unit_id
         WHERE pu.period_id = $1 AND pu.unit_id = $2",
    )
    .bind(period_id)
    .bind(unit_id)
    .fetch_optional(exec)
    .await
}

/// Every unit of a period with its ledger name and type, by name.
pub async fn members<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    period_id: &str,
) -> sqlx::Result<Vec<MemberRow>> {
    sqlx::query_as(
        "SELECT pu.unit_id, u.name, u.unit_type, u.region_id, pu.plan_role, pu.self_deadline
         FROM period_units pu JOIN units u ON u.id = pu.unit_id
         WHERE pu.period_id = $1 ORDER BY u.name",
    )
    .bind(period_id)
    .fetch_all(exec)
    .await
}
