//! Queries on `projects`.

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::ledger::{ManagementType, Visibility};
use crate::store::Tx;
use crate::store::decode::{Columns, as_flag};
use crate::store::sql::{
    self, Column, Filter, Listing, Page, TableRow, Versioned, contains_pattern,
};

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub address: Option<String>,
    pub town_id: String,
    pub community_id: String,
    pub management_type: ManagementType,
    pub households: i64,
    /// m², normalised.
    pub floor_area: Decimal,
    /// 元/m²/月, normalised.
    pub fee_standard: Option<Decimal>,
    pub staff_count: Option<i64>,
    #[serde(serialize_with = "as_flag")]
    pub committee_formed: bool,
    pub committee_formed_on: Option<Date>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for ProjectRow {
    const TABLE: &'static str = "projects";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "code",
        "name",
        "address",
        "town_id",
        "community_id",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("code", (&self.code).into()),
            ("name", (&self.name).into()),
            ("address", self.address.as_deref().into()),
            ("town_id", (&self.town_id).into()),
            ("community_id", (&self.community_id).into()),
            ("management_type", self.management_type.code().into()),
            ("households", self.households.into()),
            ("floor_area", self.floor_area.into()),
            ("fee_standard", self.fee_standard.into()),
            ("staff_count", self.staff_count.into()),
            ("committee_formed", self.committee_formed.into()),
            ("committee_formed_on", self.committee_formed_on.into()),
            ("committee_members", self.committee_members.into()),
            (
                "committee_party_members",
                self.committee_party_members.into(),
            ),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ProjectRow {
    const UPDATABLE: &'static [&'static str] = &[
        "code",
        "name",
        "address",
        "town_id",
        "community_id",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
    ];
}

impl<'r> FromRow<'r, AnyRow> for ProjectRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            code: c.get("code")?,
            name: c.get("name")?,
            address: c.get("address")?,
            town_id: c.get("town_id")?,
            community_id: c.get("community_id")?,
            management_type: c.parse("management_type")?,
            households: c.get("households")?,
            floor_area: c.parse("floor_area")?,
            fee_standard: c.parse_opt("fee_standard")?,
            staff_count: c.get("staff_count")?,
            committee_formed: c.flag("committee_formed")?,
            committee_formed_on: c.parse_opt("committee_formed_on")?,
            committee_members: c.get("committee_members")?,
            committee_party_members: c.get("committee_party_members")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// Which projects a list (or the metrics) covers; every given condition must hold.
#[derive(Debug, Clone)]
pub struct ProjectQuery {
    /// What the caller may see.
    pub visibility: Visibility,
    /// In this town or park.
    pub town_id: Option<String>,
    /// In this community.
    pub community_id: Option<String>,
    /// Of one of these management types (empty: any).
    pub management_types: Vec<ManagementType>,
    /// With (or without) an owners' committee.
    pub committee_formed: Option<bool>,
    /// Served by this company on this day.
    pub served_by: Option<(String, Date)>,
    /// Containing this text in the code or name (matched literally).
    pub search: Option<String>,
}

impl ProjectQuery {
    /// Every project `visibility` lets the caller see.
    pub fn visible_to(visibility: Visibility) -> Self {
        Self {
            visibility,
            town_id: None,
            community_id: None,
            management_types: Vec::new(),
            committee_formed: None,
            served_by: None,
            search: None,
        }
    }

    /// The `WHERE` clauses, on alias `p`.
    pub(in crate::store) fn filter(&self) -> Filter {
        let mut f = Filter::default();
        f.eq("p.town_id", self.town_id.as_deref())
            .eq("p.community_id", self.community_id.as_deref())
            .any_of(
                "p.management_type",
                self.management_types
                    .iter()
                    .map(|m| m.code().into())
                    .collect(),
            )
            .eq("p.committee_formed", self.committee_formed);
        if let Some((company, day)) = &self.served_by {
            f.push(
                "EXISTS (SELECT 1 FROM project_services s WHERE s.project_id = p.id \
                 AND s.company_id = ? AND s.start_date <= ? \
                 AND (s.end_date IS NULL OR s.end_date >= ?))",
                vec![company.into(), (*day).into(), (*day).into()],
            );
        }
        if let Some(text) = &self.search {
            let like = contains_pattern(text);
            f.push(
                "(p.code LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')",
                vec![(&like).into(), like.into()],
            );
        }
        visible(&mut f, &self.visibility);
        f
    }
}

/// Adds the clause limiting projects (alias `p`) to what `vis` may see.
fn visible(filter: &mut Filter, vis: &Visibility) {
    match vis {
        Visibility::All => {}
        Visibility::Town(t) => {
            filter.push("p.town_id = ?", vec![t.as_str().into()]);
        }
        Visibility::Company(c) => {
            filter.push(
                "EXISTS (SELECT 1 FROM project_services s WHERE s.project_id = p.id AND s.company_id = ?)",
                vec![c.as_str().into()],
            );
        }
        Visibility::Nothing => {
            filter.none();
        }
    }
}

/// One project by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<ProjectRow>> {
    let mut f = Filter::default();
    f.eq("p.id", Some(id));
    visible(&mut f, vis);
    let sql = format!(
        "SELECT {} FROM projects p{}",
        sql::columns::<ProjectRow>("p"),
        f.sql()
    );
    Ok(sql::fetch_all(pool, sql, f.binds()).await?.pop())
}

/// One project by id, in a transaction, taking its row lock (PostgreSQL) so period checks on
/// it are serialised; SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub async fn lock_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ProjectRow>> {
    sqlx::query("UPDATE projects SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let sql = format!(
        "SELECT {} FROM projects p WHERE p.id = $1",
        sql::columns::<ProjectRow>("p")
    );
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every project (for imports, which match by code).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<ProjectRow>> {
    let sql = format!("SELECT {} FROM projects p", sql::columns::<ProjectRow>("p"));
    sql::fetch_all_tx(tx, sql, &[]).await
}

/// A page of the projects matching `query`, by code.
pub async fn list(
    pool: &AnyPool,
    query: &ProjectQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<ProjectRow>> {
    let columns = sql::columns::<ProjectRow>("p");
    let listing = Listing {
        columns: &columns,
        from: "projects p",
        order: "p.code, p.id",
    };
    sql::page(pool, &listing, &query.filter(), limit, offset).await
}

/// What the metrics read per project: its type and committee, and the company serving it on
/// the day asked (the lowest id if several).
#[derive(Debug, Clone)]
pub struct MetricRow {
    pub management_type: ManagementType,
    pub committee_formed: bool,
    pub committee_formed_on: Option<Date>,
    pub committee_members: Option<i64>,
    pub committee_party_members: Option<i64>,
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

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    /// Audit entries record rows as stored: a typed row must serialise exactly as the text
    /// and 0/1 it is stored as.
    #[test]
    fn a_project_serialises_in_its_stored_shape() {
        let row = ProjectRow {
            id: "p1".into(),
            code: "SX-1".into(),
            name: "小区".into(),
            address: None,
            town_id: "t".into(),
            community_id: "c".into(),
            management_type: ManagementType::CommunityManaged,
            households: 120,
            floor_area: dec!(5000.25),
            fee_standard: Some(dec!(1.2)),
            staff_count: Some(3),
            committee_formed: true,
            committee_formed_on: Some(Date::constant(2022, 6, 1)),
            committee_members: Some(7),
            committee_party_members: Some(4),
            version: 2,
            created_at: "2024-01-01T00:00:00.000000Z".into(),
            updated_at: "2024-01-02T00:00:00.000000Z".into(),
        };
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"id":"p1","code":"SX-1","name":"小区","address":null,"town_id":"t","community_id":"c","management_type":"community_managed","households":120,"floor_area":"5000.25","fee_standard":"1.2","staff_count":3,"committee_formed":1,"committee_formed_on":"2022-06-01","committee_members":7,"committee_party_members":4,"version":2,"created_at":"2024-01-01T00:00:00.000000Z","updated_at":"2024-01-02T00:00:00.000000Z"}"#
        );
    }
}
