//! Binding assessed units to the plan's roles (附件1 members, towns and parks) for a period.
//!
//! The task table (附件2) names, for every task, the units responsible; a rubric declares those
//! names as `[[role]]`s. A period binds each of its units to at most one role: by an explicit
//! choice of the bureau, or else by the unit's ledger name when it is exactly a role's name.
//! The binding decides which items are the unit's duty by name (see
//! [`crate::domain::rubric::model::Duty`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::FieldError;
use super::rubric::model::Role;

/// A unit as the binding needs it.
#[derive(Debug, Clone)]
pub struct UnitFacts<'a> {
    /// Ledger id.
    pub id: &'a str,
    /// Ledger name, e.g. `县住建局`.
    pub name: &'a str,
    /// Unit type code (`town`, `park`, `department`).
    pub unit_type: &'a str,
}

/// One unit's binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Binding {
    /// Ledger id of the unit.
    pub unit_id: String,
    /// The role's name, if bound.
    pub role: Option<String>,
}

/// Binds `units` to `roles`. `chosen` maps a unit id to a role name (`""` or `None` for no
/// role) and overrides the name match. Errors name the `roles.<unit id>` field.
pub fn bind(
    roles: &[Role],
    units: &[UnitFacts<'_>],
    chosen: &BTreeMap<String, Option<String>>,
) -> Result<Vec<Binding>, Vec<FieldError>> {
    let mut errors = Vec::new();
    for id in chosen.keys() {
        if !units.iter().any(|u| u.id == id) {
            errors.push(FieldError::new(
                format!("roles.{id}"),
                format!("单位 {id} 不在本考核周期的单位名单中 (not a unit of this period)"),
            ));
        }
    }
    let mut out = Vec::new();
    let mut taken: BTreeMap<&str, &str> = BTreeMap::new();
    for u in units {
        let field = format!("roles.{}", u.id);
        let role = match chosen.get(u.id) {
            Some(explicit) => explicit.as_deref().filter(|r| !r.trim().is_empty()),
            None => roles
                .iter()
                .find(|r| r.name == u.name && r.unit_type == u.unit_type)
                .map(|r| r.name.as_str()),
        };
        if let Some(name) = role {
            match check_role(roles, u, name) {
                Err(message) => errors.push(FieldError::new(&field, message)),
                Ok(()) => {
                    if let Some(other) = taken.insert(name, u.name) {
                        errors.push(FieldError::new(
                            &field,
                            format!(
                                "“{name}”已绑定给{other}，一个方案角色只能绑定一个单位 (role bound twice)"
                            ),
                        ));
                    }
                }
            }
        }
        out.push(Binding {
            unit_id: u.id.to_owned(),
            role: role.map(str::to_owned),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn check_role(roles: &[Role], u: &UnitFacts<'_>, name: &str) -> Result<(), String> {
    let Some(role) = roles.iter().find(|r| r.name == name) else {
        let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
        return Err(format!(
            "考核标准中没有方案角色“{name}”，可选：{} (unknown plan role)",
            names.join("、")
        ));
    };
    if role.unit_type != u.unit_type {
        return Err(format!(
            "“{name}”是 {} 类单位的角色，{} 的类型是 {} (role and unit types differ)",
            role.unit_type, u.name, u.unit_type
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Vec<Role> {
        [("县住建局", "department"), ("濉溪镇", "town")]
            .into_iter()
            .map(|(n, t)| Role {
                name: n.into(),
                unit_type: t.into(),
            })
            .collect()
    }

    fn unit<'a>(id: &'a str, name: &'a str, unit_type: &'a str) -> UnitFacts<'a> {
        UnitFacts {
            id,
            name,
            unit_type,
        }
    }

    #[test]
    fn units_bind_by_name_unless_the_bureau_chooses() {
        let units = [
            unit("a", "县住建局", "department"),
            unit("b", "濉溪县城关镇", "town"),
        ];
        let got = bind(&roles(), &units, &BTreeMap::new()).unwrap();
        assert_eq!(got[0].role.as_deref(), Some("县住建局"));
        assert_eq!(got[1].role, None);
        let chosen = BTreeMap::from([
            ("b".to_owned(), Some("濉溪镇".to_owned())),
            ("a".to_owned(), None),
        ]);
        let got = bind(&roles(), &units, &chosen).unwrap();
        assert_eq!(got[0].role, None);
        assert_eq!(got[1].role.as_deref(), Some("濉溪镇"));
    }

    #[test]
    fn wrong_unknown_and_doubled_roles_are_refused_naming_the_unit() {
        let units = [
            unit("a", "县住建局", "department"),
            unit("b", "县市场局", "department"),
        ];
        let chosen = BTreeMap::from([
            ("a".to_owned(), Some("濉溪镇".to_owned())),
            ("b".to_owned(), Some("县公安".to_owned())),
            ("z".to_owned(), Some("县住建局".to_owned())),
        ]);
        let errors = bind(&roles(), &units, &chosen).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["roles.z", "roles.a", "roles.b"]);
        let twice = BTreeMap::from([("b".to_owned(), Some("县住建局".to_owned()))]);
        let errors = bind(&roles(), &units, &twice).unwrap_err();
        assert_eq!(errors[0].field, "roles.b");
    }
}
