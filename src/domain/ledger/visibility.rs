//! How much of the ledger a caller may read. Decided here from the role and its binding; the
//! store turns it into a `WHERE` clause, so lists are filtered and single reads outside it
//! answer 404 (existence is not leaked).

use crate::domain::access::{Principal, Role};

/// The part of the ledger visible to a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// The whole county: admin, reviewers, inspectors, county-department units.
    All,
    /// One town or park region (its id): a town or park unit.
    Town(String),
    /// Projects a company serves or served (its id): a company.
    Company(String),
    /// Nothing (a unit token whose unit is not in the ledger).
    Nothing,
}

/// What the service knows about the caller's unit, when the caller is a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitBinding {
    /// A county department: reads county-wide (it answers for county-wide tasks).
    Department,
    /// A town or park bound to its region.
    Region(String),
    /// The token names a unit that does not exist.
    Unknown,
}

/// Decides visibility; `unit` is looked up by the service for unit callers only.
pub fn visibility(who: &Principal, unit: Option<UnitBinding>) -> Visibility {
    match who.role {
        Role::Admin | Role::Reviewer | Role::Inspector => Visibility::All,
        Role::Company => who
            .company_id
            .clone()
            .map_or(Visibility::Nothing, Visibility::Company),
        Role::Unit => match unit {
            Some(UnitBinding::Department) => Visibility::All,
            Some(UnitBinding::Region(r)) => Visibility::Town(r),
            Some(UnitBinding::Unknown) | None => Visibility::Nothing,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Role) -> Principal {
        Principal {
            token_id: "t".into(),
            name: "n".into(),
            role,
            unit_id: (role == Role::Unit).then(|| "u".into()),
            company_id: (role == Role::Company).then(|| "c".into()),
            team_id: None,
        }
    }

    #[test]
    fn each_role_sees_its_part() {
        assert_eq!(visibility(&who(Role::Admin), None), Visibility::All);
        assert_eq!(visibility(&who(Role::Inspector), None), Visibility::All);
        assert_eq!(
            visibility(&who(Role::Company), None),
            Visibility::Company("c".into())
        );
        assert_eq!(
            visibility(&who(Role::Unit), Some(UnitBinding::Region("r".into()))),
            Visibility::Town("r".into())
        );
        assert_eq!(
            visibility(&who(Role::Unit), Some(UnitBinding::Department)),
            Visibility::All
        );
        assert_eq!(
            visibility(&who(Role::Unit), Some(UnitBinding::Unknown)),
            Visibility::Nothing
        );
    }
}
