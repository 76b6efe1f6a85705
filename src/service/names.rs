//! Names for views: every id an official reads (reviewers and other tokens, review teams,
//! units, periods) is shown with its name beside it. The names a view needs are read together
//! ([`crate::store::names`], one query per kind), never row by row.

use crate::service::{AppState, ServiceError};
use crate::store::names::{self, NameMap};

/// The names one view needs.
#[derive(Debug, Clone, Default)]
pub struct Names {
    tokens: NameMap,
    teams: NameMap,
}

impl Names {
    /// Reads the names of the tokens `tokens` and the teams `teams`.
    pub async fn of(
        state: &AppState,
        tokens: &[&str],
        teams: &[&str],
    ) -> Result<Self, ServiceError> {
        Ok(Self {
            tokens: names::tokens(&state.db.pool, tokens).await?,
            teams: names::teams(&state.db.pool, teams).await?,
        })
    }

    /// A token's name (a reviewer, a decider, an uploader); its id if the token is gone.
    pub fn token(&self, id: &str) -> String {
        self.tokens
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// A team's name; its id if the team is gone.
    pub fn team(&self, id: &str) -> String {
        self.teams.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// The names of a period and a unit taking part in it (404 when either is missing).
pub async fn period_and_unit(
    state: &AppState,
    period_id: &str,
    unit_id: &str,
) -> Result<(String, String), ServiceError> {
    names::period_and_unit(&state.db.pool, period_id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期 {period_id} 的单位 {unit_id}")))
}
