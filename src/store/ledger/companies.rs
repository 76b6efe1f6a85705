//! Queries on `companies`.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use crate::domain::ledger::Visibility;
use crate::store::Tx;
use crate::store::decode::{Columns, as_flag};
use crate::store::sql::{
    self, Column, Filter, Listing, Page, TableRow, Versioned, contains_pattern,
};

/// A stored company.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CompanyRow {
    pub id: String,
    pub credit_code: String,
    pub name: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub qualification: Option<String>,
    #[serde(serialize_with = "as_flag")]
    pub has_party_org: bool,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl TableRow for CompanyRow {
    const TABLE: &'static str = "companies";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "credit_code",
        "name",
        "contact_person",
        "contact_phone",
        "qualification",
        "has_party_org",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("credit_code", (&self.credit_code).into()),
            ("name", (&self.name).into()),
            ("contact_person", self.contact_person.as_deref().into()),
            ("contact_phone", self.contact_phone.as_deref().into()),
            ("qualification", self.qualification.as_deref().into()),
            ("has_party_org", self.has_party_org.into()),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for CompanyRow {
    const UPDATABLE: &'static [&'static str] = &[
        "credit_code",
        "name",
        "contact_person",
        "contact_phone",
        "qualification",
        "has_party_org",
    ];
}

impl<'r> FromRow<'r, AnyRow> for CompanyRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            credit_code: c.get("credit_code")?,
            name: c.get("name")?,
            contact_person: c.get("contact_person")?,
            contact_phone: c.get("contact_phone")?,
            qualification: c.get("qualification")?,
            has_party_org: c.flag("has_party_org")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}

/// Which companies a list covers; every given condition must hold.
#[derive(Debug, Clone)]
pub struct CompanyQuery {
    /// What the caller may see.
    pub visibility: Visibility,
    /// Containing this text in the name or the credit code (matched literally; the credit
    /// code in upper case).
    pub search: Option<String>,
    /// With (or without) a Party organisation.
    pub has_party_org: Option<bool>,
}

impl CompanyQuery {
    /// The `WHERE` clauses, on alias `c`.
    fn filter(&self) -> Filter {
        let mut f = Filter::default();
        if let Some(text) = &self.search {
            let like = contains_pattern(text);
            f.push(
                "(c.name LIKE ? ESCAPE '\\' OR c.credit_code LIKE ? ESCAPE '\\')",
                vec![(&like).into(), like.to_uppercase().into()],
            );
        }
        f.eq("c.has_party_org", self.has_party_org);
        visible(&mut f, &self.visibility);
        f
    }
}

/// The `SELECT` list, on alias `c`.
fn select() -> String {
    sql::columns::<CompanyRow>("c")
}

/// Adds the clause limiting companies to what `vis` may see: a town sees the companies that
/// serve or served its projects, a company only itself.
fn visible(filter: &mut Filter, vis: &Visibility) {
    match vis {
        Visibility::All => {}
        Visibility::Town(t) => {
            filter.push(
                "EXISTS (SELECT 1 FROM project_services s JOIN projects p ON p.id = s.project_id \
                 WHERE s.company_id = c.id AND p.town_id = ?)",
                vec![t.as_str().into()],
            );
        }
        Visibility::Company(id) => {
            filter.push("c.id = ?", vec![id.as_str().into()]);
        }
        Visibility::Nothing => {
            filter.none();
        }
    }
}

/// One company by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<CompanyRow>> {
    let mut f = Filter::default();
    f.eq("c.id", Some(id));
    visible(&mut f, vis);
    let sql = format!("SELECT {} FROM companies c{}", select(), f.sql());
    Ok(sql::fetch_all(pool, sql, f.binds()).await?.pop())
}

/// One company by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<CompanyRow>> {
    let sql = format!("SELECT {} FROM companies c WHERE c.id = $1", select());
    Ok(sql::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every company (for imports, which match by credit code).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<CompanyRow>> {
    let sql = format!("SELECT {} FROM companies c", select());
    sql::fetch_all_tx(tx, sql, &[]).await
}

/// Whether a company has a Party organisation.
#[derive(Debug, Clone)]
pub struct PartyOrgRow {
    pub id: String,
    pub has_party_org: bool,
}

impl<'r> FromRow<'r, AnyRow> for PartyOrgRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, CompanyRow::TABLE);
        Ok(Self {
            id: c.get("id")?,
            has_party_org: c.flag("has_party_org")?,
        })
    }
}

/// Whether each company has a Party organisation (for metrics).
pub async fn party_orgs(pool: &AnyPool) -> sqlx::Result<Vec<PartyOrgRow>> {
    sqlx::query_as("SELECT id, has_party_org FROM companies")
        .fetch_all(pool)
        .await
}

/// A page of the companies matching `query`, by name.
pub async fn list(
    pool: &AnyPool,
    query: &CompanyQuery,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<CompanyRow>> {
    let columns = select();
    let listing = Listing {
        columns: &columns,
        from: "companies c",
        order: "c.name, c.id",
    };
    sql::page(pool, &listing, &query.filter(), limit, offset).await
}
