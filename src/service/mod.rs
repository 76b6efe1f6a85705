//! Use cases: one function per action. Each checks who may do it, loads what it needs, applies
//! domain rules and writes in one transaction together with its audit entry. The API, the CLI
//! and tests all call these; none re-implements a rule.

pub mod assessment;
pub mod audit;
pub mod credit;
pub mod error;
pub mod ledger;
pub mod names;
pub mod results;
pub mod rubrics;
pub mod survey;
pub mod tokens;
pub mod workbook;

use std::sync::Arc;

pub use error::ServiceError;

use crate::config::Settings;
use crate::domain::access::Principal;
use crate::store::Db;

/// A new record id: a uuid v7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The 409 for an edit made from a stale read (optimistic concurrency), the same words for
/// every record: what changed, the current version and the one the client sent.
pub fn stale(what: &str, current: i64, given: i64) -> ServiceError {
    ServiceError::Conflict(format!(
        "{what}已被他人修改（当前版本 {current}，提交的版本 {given}），请重新读取后再修改 (stale version)"
    ))
}

/// Shared state of a running service: the database and the settings.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database pool.
    pub db: Db,
    /// Effective settings.
    pub settings: Arc<Settings>,
    /// Every loaded rubric.
    pub rubrics: Arc<rubrics::RubricRegistry>,
    /// Working days: public holidays and make-up working days.
    pub calendar: Arc<crate::domain::calendar::WorkCalendar>,
    /// Survey submissions' group-commit writer and the rounds it has read.
    pub surveys: Arc<survey::submit::Surveys>,
}

/// Who performs a change, as written to the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Token id, or `None` for the command line.
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Role code.
    pub role: String,
}

impl Actor {
    /// The operator at the server's command line (trusted as admin: they own the database).
    pub fn cli() -> Self {
        Self::from(&operator())
    }
}

/// The operator at the command line as a caller of use cases (see [`Principal::operator`]).
pub fn operator() -> Principal {
    let user = std::env::var("USER").unwrap_or_else(|_| "operator".into());
    Principal::operator(&user)
}

impl Actor {
    /// The service itself (start-up tasks such as recording rubric versions).
    pub fn system() -> Self {
        Self {
            id: None,
            name: "system".into(),
            role: "system".into(),
        }
    }
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Self {
            id: p.has_token().then(|| p.token_id.clone()),
            name: p.name.clone(),
            role: p.role.as_str().into(),
        }
    }
}

/// A stored instant (UTC text, see [`crate::store::ts`]) as every response shows it: Beijing
/// time with the offset, `2023-06-30T23:59:59+08:00` — the form instants are entered in. The
/// one conversion every view uses; storage stays UTC. Stored instants are written by the
/// service itself, so one that does not read is a bug: it is logged and shown as stored,
/// never hidden.
pub fn shown_at(stored: &str) -> String {
    match crate::store::parse_ts(stored) {
        Ok(at) => crate::domain::period::beijing_rfc3339(at),
        Err(e) => {
            tracing::error!(stored, error = %e, "a stored instant does not read");
            stored.to_owned()
        }
    }
}

/// [`shown_at`] of an optional instant.
pub fn shown_at_opt(stored: Option<&str>) -> Option<String> {
    stored.map(shown_at)
}
