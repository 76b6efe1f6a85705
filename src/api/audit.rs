//! `/api/v1/audit`: the audit trail, its verification and per-record history.

use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::Tag;
use super::auth::{Allowed, can};
use super::error::ApiResult;
use crate::service::AppState;
use crate::service::audit::{self, AuditEntryView, Verification};

/// Audit endpoints.
pub struct AuditApi {
    pub state: AppState,
}

/// Outcome of verifying the chain.
#[derive(Debug, Object)]
pub struct AuditVerification {
    /// True when every entry and link verified.
    pub intact: bool,
    /// Entries verified (when intact).
    pub entries: i64,
    /// The first problem found (when broken).
    #[oai(skip_serializing_if_is_none)]
    pub problem: Option<String>,
}

/// One audit entry.
#[derive(Debug, Object)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    #[oai(skip_serializing_if_is_none)]
    pub actor_id: Option<String>,
    pub actor_name: String,
    /// The actor's role, `{code, label}`.
    pub actor_role: crate::api::credit::CodeLabel,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    /// The record before the change exactly as stored and hashed (instants in UTC, stable
    /// codes): evidence, shown unconverted so the chain can be recomputed from it. The views of
    /// the record itself show Beijing time and labels.
    #[oai(skip_serializing_if_is_none)]
    pub before: Option<serde_json::Value>,
    /// The record after the change, exactly as stored and hashed (see `before`).
    #[oai(skip_serializing_if_is_none)]
    pub after: Option<serde_json::Value>,
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
    pub hash: String,
}

/// A stored role code with its label; a code no role has (none is written) is shown as itself.
fn role_of(code: &str) -> crate::api::credit::CodeLabel {
    use crate::domain::access::Role;
    let label = Role::ALL
        .iter()
        .find(|r| r.code() == code)
        .map_or(code, |r| r.label());
    crate::api::credit::CodeLabel {
        code: code.to_owned(),
        label: label.to_owned(),
    }
}

impl From<AuditEntryView> for AuditEntry {
    fn from(r: AuditEntryView) -> Self {
        Self {
            seq: r.seq,
            at: r.at,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            actor_role: role_of(&r.actor_role),
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            before: r.before,
            after: r.after,
            reason: r.reason,
            hash: r.hash,
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Audit")]
impl AuditApi {
    /// 校验审计链 (verify the audit chain): detects any edited or deleted entry.
    #[oai(path = "/audit/verify", method = "get")]
    async fn verify(&self, _caller: Allowed<can::ReadAudit>) -> ApiResult<Json<AuditVerification>> {
        Ok(Json(match audit::verify(&self.state.db).await? {
            Verification::Intact(n) => AuditVerification {
                intact: true,
                entries: n,
                problem: None,
            },
            Verification::Broken(b) => AuditVerification {
                intact: false,
                entries: 0,
                problem: Some(b.to_string()),
            },
        }))
    }

    /// 变更历史 (history of one record), oldest first.
    #[oai(path = "/audit/history", method = "get")]
    async fn history(
        &self,
        _caller: Allowed<can::ReadAudit>,
        /// Kind of record, e.g. `token`.
        subject_type: Query<String>,
        /// The record's id.
        subject_id: Query<String>,
    ) -> ApiResult<Json<Vec<AuditEntry>>> {
        let rows = audit::history(&self.state.db, &subject_type.0, &subject_id.0).await?;
        Ok(Json(rows.into_iter().map(AuditEntry::from).collect()))
    }
}
