//! Which projects a list covers, as `WHERE` clauses on alias `p`.

use jiff::civil::Date;

use crate::domain::ledger::{ManagementType, Visibility};
use crate::store::sql::{Filter, contains_pattern};

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
pub(super) fn visible(filter: &mut Filter, vis: &Visibility) {
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
