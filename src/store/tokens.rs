//! Queries on `api_tokens`.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use super::Tx;
use super::decode::Columns;
use crate::domain::access::Role;

/// A stored token row (never the secret).
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub company_id: Option<String>,
    pub team_id: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for TokenRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, "api_tokens");
        Ok(Self {
            id: c.get("id")?,
            name: c.get("name")?,
            role: c.parse("role")?,
            unit_id: c.get("unit_id")?,
            company_id: c.get("company_id")?,
            team_id: c.get("team_id")?,
            created_at: c.get("created_at")?,
            revoked_at: c.get("revoked_at")?,
        })
    }
}

const COLUMNS: &str = "id, name, role, unit_id, company_id, team_id, created_at, revoked_at";

/// Inserts a token with the hash of its secret.
pub async fn insert(tx: &mut Tx, row: &TokenRow, secret_hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, name, role, unit_id, company_id, team_id, secret_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(row.role.as_str())
    .bind(&row.unit_id)
    .bind(&row.company_id)
    .bind(&row.team_id)
    .bind(secret_hash)
    .bind(&row.created_at)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Finds an active (not revoked) token by the hash of its secret.
pub async fn find_active_by_hash(
    pool: &AnyPool,
    secret_hash: &str,
) -> sqlx::Result<Option<TokenRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL"
    )))
    .bind(secret_hash)
    .fetch_optional(pool)
    .await
}

/// Finds a token by id, in a transaction.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<TokenRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Lists all tokens, newest first.
pub async fn list(pool: &AnyPool) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens ORDER BY created_at DESC, id"
    )))
    .fetch_all(pool)
    .await
}

/// Marks a token revoked.
pub async fn revoke(tx: &mut Tx, id: &str, at: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}
