//! API tokens: create (the secret is shown once), list, revoke, and authenticate a bearer.

use crate::service::AppState;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::audit::{self, Change};
use super::{Actor, ServiceError};
use crate::domain::FieldError;
use crate::domain::access::{self, Principal, Role};
use crate::domain::text::{self, Lines};
use crate::store::{self, Db, Tx, tokens::TokenRow};

/// Prefix that makes a leaked token recognisable to secret scanners.
const SECRET_PREFIX: &str = "kp_";

/// What a client asks for when creating a token.
#[derive(Debug, Clone, Default)]
pub struct NewToken {
    pub name: String,
    pub role: String,
    pub unit_id: Option<String>,
    pub company_id: Option<String>,
    pub team_id: Option<String>,
}

/// A token as shown to admins (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub company_id: Option<String>,
    pub team_id: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// SHA-256 of a secret. Tokens carry 256 random bits, so a fast hash is enough: there is
/// nothing to brute-force that a slow hash would protect.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", hex::encode(bytes))
}

impl From<TokenRow> for TokenView {
    fn from(row: TokenRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            role: row.role,
            unit_id: row.unit_id,
            company_id: row.company_id,
            team_id: row.team_id,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

fn parse_new(input: &NewToken, at: String) -> Result<TokenRow, ServiceError> {
    let mut errors = Vec::new();
    let name = text::required("name", &input.name, 100, Lines::Single)
        .map_err(|e| errors.push(e))
        .ok();
    let role = Role::parse("role", &input.role)
        .map_err(|e| errors.push(e))
        .ok();
    let mut binding = |field: &str, v: &Option<String>| {
        text::optional(field, v.as_deref(), 64, Lines::Single)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten()
    };
    let (unit_id, company_id, team_id) = (
        binding("unit_id", &input.unit_id),
        binding("company_id", &input.company_id),
        binding("team_id", &input.team_id),
    );
    if let Some(Err(e)) = role.map(|role| {
        access::check_binding(
            role,
            unit_id.as_deref(),
            company_id.as_deref(),
            team_id.as_deref(),
        )
    }) {
        errors.push(e);
    }
    match (name, role) {
        (Some(name), Some(role)) if errors.is_empty() => Ok(TokenRow {
            id: crate::service::new_id(),
            name,
            role,
            unit_id,
            company_id,
            team_id,
            created_at: at,
            revoked_at: None,
        }),
        _ => Err(ServiceError::Invalid(errors)),
    }
}

/// Refuses bindings to a unit, company or review team that does not exist: such a token would
/// authenticate yet reach nothing, and a mistyped id would go unnoticed until its holder
/// complained.
async fn check_references(tx: &mut Tx, row: &TokenRow) -> Result<(), ServiceError> {
    let mut errors = Vec::new();
    if let Some(id) = &row.unit_id
        && store::ledger::units::find_tx(tx, id).await?.is_none()
    {
        errors.push(FieldError::new(
            "unit_id",
            format!("台账中没有被考核单位 {id} (no such unit in the ledger)"),
        ));
    }
    if let Some(id) = &row.company_id
        && store::ledger::companies::find_tx(tx, id).await?.is_none()
    {
        errors.push(FieldError::new(
            "company_id",
            format!("台账中没有物业服务企业 {id} (no such company in the ledger)"),
        ));
    }
    if let Some(id) = &row.team_id
        && !store::assessment::teams::exists(tx, id).await?
    {
        errors.push(FieldError::new(
            "team_id",
            format!("没有考核组 {id} (no such review team)"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

/// Creates a token and returns it with its secret, which is never shown again. Its bindings
/// must name a unit or company in the ledger and an existing review team.
#[tracing::instrument(skip(state, input), fields(role = %input.role))]
pub async fn create(
    state: &AppState,
    who: &Principal,
    input: &NewToken,
) -> Result<(TokenView, String), ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let row = parse_new(input, db.clock.stamp())?;
    let secret = new_secret();
    let mut tx = db.begin().await?;
    check_references(&mut tx, &row).await?;
    store::tokens::insert(&mut tx, &row, &hash_secret(&secret)).await?;
    let token = TokenView::from(row);
    audit::append(
        &mut tx,
        &db.clock,
        actor,
        Change {
            action: "token.create",
            subject_type: "token",
            subject_id: &token.id,
            before: None,
            after: Some(audit::snapshot(&token)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((token, secret))
}

/// Revokes a token; revoking an already revoked token is a conflict.
#[tracing::instrument(skip(state))]
pub async fn revoke(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<TokenView, ServiceError> {
    let db = &state.db;
    let actor = &Actor::from(who);
    let mut tx = db.begin().await?;
    let before = store::tokens::find(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("令牌 {id}")))?;
    if before.revoked_at.is_some() {
        return Err(ServiceError::Conflict(format!(
            "令牌 {id} 已被撤销 (already revoked)"
        )));
    }
    let at = db.clock.stamp();
    store::tokens::revoke(&mut tx, id, &at).await?;
    let before = TokenView::from(before);
    let after = TokenView {
        revoked_at: Some(at),
        ..before.clone()
    };
    audit::append(
        &mut tx,
        &db.clock,
        actor,
        Change {
            action: "token.revoke",
            subject_type: "token",
            subject_id: id,
            before: Some(audit::snapshot(&before)?),
            after: Some(audit::snapshot(&after)?),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Lists every token, newest first.
pub async fn list(state: &AppState, _who: &Principal) -> Result<Vec<TokenView>, ServiceError> {
    let db = &state.db;
    Ok(store::tokens::list(&db.pool)
        .await?
        .into_iter()
        .map(TokenView::from)
        .collect())
}

/// Resolves a bearer secret to its principal; `None` when unknown or revoked.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<Principal>, ServiceError> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 128 {
        return Ok(None);
    }
    let Some(row) = store::tokens::find_active_by_hash(&db.pool, &hash_secret(secret)).await?
    else {
        return Ok(None);
    };
    let t = TokenView::from(row);
    Ok(Some(Principal {
        token_id: t.id,
        name: t.name,
        role: t.role,
        unit_id: t.unit_id,
        company_id: t.company_id,
        team_id: t.team_id,
    }))
}
