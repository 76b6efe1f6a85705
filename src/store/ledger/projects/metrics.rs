//! What the campaign metrics read per project.

use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use super::{ProjectQuery, ProjectRow};
use crate::domain::ledger::ManagementType;
use crate::store::decode::Columns;
use crate::store::sql::{self, TableRow};

/// What the metrics read per project: its type and committee, and the company serving it on
/// the day asked (the lowest id if several).
#[derive(Debug, Clone)]
pub struct MetricRow {
    /// 管理类型.
    pub management_type: ManagementType,
    /// Whether an owners' committee is formed.
    pub committee_formed: bool,
    /// When the committee was formed.
    pub committee_formed_on: Option<Date>,
    /// Committee members.
    pub committee_members: Option<i64>,
    /// Committee members who are Party members.
    pub committee_party_members: Option<i64>,
    /// The company serving on the day, if any (the lowest id if several).
    pub company_id: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for MetricRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, ProjectRow::TABLE);
        Ok(Self {
            management_type: c.parse("management_type")?,
            committee_formed: c.flag("committee_formed")?,
            committee_formed_on: c.parse_opt("committee_formed_on")?,
            committee_members: c.get("committee_members")?,
            committee_party_members: c.get("committee_party_members")?,
            company_id: c.get("company_id")?,
        })
    }
}

/// The projects matching `query` with the company serving each on `day`.
pub async fn metric_rows(
    pool: &AnyPool,
    query: &ProjectQuery,
    day: Date,
) -> sqlx::Result<Vec<MetricRow>> {
    let filter = query.filter();
    let n = filter.next_param();
    let sql = format!(
        "SELECT p.management_type, p.committee_formed, p.committee_formed_on, p.committee_members, \
         p.committee_party_members, (SELECT MIN(s.company_id) FROM project_services s \
         WHERE s.project_id = p.id AND s.start_date <= ${n} AND (s.end_date IS NULL OR s.end_date >= ${n})) \
         AS company_id FROM projects p{}",
        filter.sql()
    );
    let mut binds = filter.binds().to_vec();
    binds.push(day.into());
    sql::fetch_all(pool, sql, &binds).await
}
