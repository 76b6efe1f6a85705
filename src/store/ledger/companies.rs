//! Queries on `companies`.

use sqlx::{AnyPool, FromRow};

use super::{Bind, Filter, Page, TableRow, Tx};
use crate::domain::ledger::Visibility;

/// A stored company.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct CompanyRow {
    pub id: String,
    pub credit_code: String,
    pub name: String,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub qualification: Option<String>,
    /// 0 or 1.
    pub has_party_org: i64,
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
    fn binds(&self) -> Vec<Bind> {
        vec![
            self.id.clone().into(),
            self.credit_code.clone().into(),
            self.name.clone().into(),
            self.contact_person.clone().into(),
            self.contact_phone.clone().into(),
            self.qualification.clone().into(),
            self.has_party_org.into(),
            self.version.into(),
            self.created_at.clone().into(),
            self.updated_at.clone().into(),
        ]
    }
}

const COLUMNS: &str = "c.id, c.credit_code, c.name, c.contact_person, c.contact_phone, \
                       c.qualification, c.has_party_org, c.version, c.created_at, c.updated_at";

/// Adds the clause limiting companies to what `vis` may see: a town sees the companies that
/// serve or served its projects, a company only itself.
pub fn visible(filter: &mut Filter, vis: &Visibility) {
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
            filter.push("1 = 0", vec![]);
        }
    }
}

/// One company by id, within what `vis` may see.
pub async fn find(pool: &AnyPool, id: &str, vis: &Visibility) -> sqlx::Result<Option<CompanyRow>> {
    let mut f = Filter::default();
    f.push("c.id = ?", vec![id.into()]);
    visible(&mut f, vis);
    let sql = format!("SELECT {COLUMNS} FROM companies c{}", f.sql());
    Ok(super::fetch_all(pool, sql, &f.binds).await?.pop())
}

/// One company by id, in a transaction.
pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.id = $1");
    Ok(super::fetch_all_tx(tx, sql, &[id.into()]).await?.pop())
}

/// Every company (for imports, which match by credit code).
pub async fn all_tx(tx: &mut Tx) -> sqlx::Result<Vec<CompanyRow>> {
    let sql = format!("SELECT {COLUMNS} FROM companies c");
    super::fetch_all_tx(tx, sql, &[]).await
}

/// `(id, has_party_org)` of every company (for metrics).
pub async fn party_orgs(pool: &AnyPool) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT id, has_party_org FROM companies")
        .fetch_all(pool)
        .await
}

/// A filtered page of companies.
pub async fn list(
    pool: &AnyPool,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<CompanyRow>> {
    super::page(
        pool,
        COLUMNS,
        "companies c",
        filter,
        "c.name, c.id",
        limit,
        offset,
    )
    .await
}
