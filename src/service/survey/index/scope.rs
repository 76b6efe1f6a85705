//! What an index covers: a project, a company's projects, a community, a town, or the round.

use super::facts::ProjectFacts;
use crate::service::ServiceError;

/// What an index covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every project of the round.
    Round,
    /// One project, company, community or town (by id).
    Project(String),
    Company(String),
    Community(String),
    Town(String),
}

impl Scope {
    /// Reads `project:<id>`, `company:<id>`, `community:<id>`, `town:<id>`; absent: the round.
    pub fn parse(text: Option<&str>) -> Result<Self, ServiceError> {
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            return Ok(Scope::Round);
        };
        let bad = || {
            ServiceError::invalid(
                "scope",
                "范围应为 project:<编号>、company:<编号>、community:<编号> 或 town:<编号> (invalid scope)",
            )
        };
        let (kind, id) = text.split_once(':').ok_or_else(bad)?;
        let id = id.to_owned();
        match kind {
            _ if id.is_empty() || id.chars().any(char::is_control) => Err(bad()),
            "project" => Ok(Scope::Project(id)),
            "company" => Ok(Scope::Company(id)),
            "community" => Ok(Scope::Community(id)),
            "town" => Ok(Scope::Town(id)),
            _ => Err(bad()),
        }
    }
}

impl Scope {
    /// Whether `p` is inside.
    pub(super) fn covers(&self, p: &ProjectFacts) -> bool {
        in_scope(p, self)
    }

    /// The scope as written.
    pub fn text(&self) -> String {
        scope_text(self)
    }
}

fn in_scope(p: &ProjectFacts, scope: &Scope) -> bool {
    match scope {
        Scope::Round => true,
        Scope::Project(id) => &p.id == id,
        Scope::Company(id) => p.companies.contains(id),
        Scope::Community(id) => &p.community_id == id,
        Scope::Town(id) => &p.town_id == id,
    }
}

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Round => "round".into(),
        Scope::Project(id) => format!("project:{id}"),
        Scope::Company(id) => format!("company:{id}"),
        Scope::Community(id) => format!("community:{id}"),
        Scope::Town(id) => format!("town:{id}"),
    }
}
