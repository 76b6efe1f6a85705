//! Whose duty an item is for one unit, written as the other enumerations are: the kind as
//! `{code, label}` (`{"duty": {"code": "named", "label": "方案点名的责任单位"}, "lead": true}`).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Whose duty an item is, for one assessed unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// The plan names the unit's role for this task: it cannot be claimed away.
    Named {
        /// Named as 牵头单位 (lead unit).
        lead: bool,
    },
    /// The item applies to every unit of the unit's type; the unit may claim, with a reason,
    /// that it does not apply, and the claim counts once a reviewer confirms it.
    ByType,
    /// Not the unit's duty: the item is not applicable and takes no input.
    NotAssigned,
}

crate::domain::labelled::labelled_enum!(
    /// The kind of a [`Duty`].
    DutyKind, "职责" {
        /// [`Duty::Named`].
        Named = ("named", "方案点名的责任单位"),
        /// [`Duty::ByType`].
        ByType = ("by_type", "按单位类型承担"),
        /// [`Duty::NotAssigned`].
        NotAssigned = ("not_assigned", "非本单位职责"),
    }
);

/// A duty as written: its kind, and for a named duty whether the unit leads.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct DutyView {
    /// The kind, `{code, label}`.
    duty: DutyKind,
    /// For `named`: named as 牵头单位 (lead unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead: Option<bool>,
}

impl From<Duty> for DutyView {
    fn from(d: Duty) -> Self {
        match d {
            Duty::Named { lead } => Self {
                duty: DutyKind::Named,
                lead: Some(lead),
            },
            Duty::ByType => Self {
                duty: DutyKind::ByType,
                lead: None,
            },
            Duty::NotAssigned => Self {
                duty: DutyKind::NotAssigned,
                lead: None,
            },
        }
    }
}

impl Serialize for Duty {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DutyView::from(*self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Duty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = DutyView::deserialize(d)?;
        Ok(match v.duty {
            DutyKind::Named => Duty::Named {
                lead: v.lead.unwrap_or(false),
            },
            DutyKind::ByType => Duty::ByType,
            DutyKind::NotAssigned => Duty::NotAssigned,
        })
    }
}

impl schemars::JsonSchema for Duty {
    fn schema_name() -> Cow<'static, str> {
        "Duty".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        DutyView::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Duty;

    #[test]
    fn a_duty_is_written_with_its_label_and_read_back() {
        let named = Duty::Named { lead: true };
        let written = serde_json::to_value(named).unwrap();
        assert_eq!(written["duty"]["code"], "named");
        assert_eq!(written["duty"]["label"], "方案点名的责任单位");
        assert_eq!(written["lead"], true);
        assert_eq!(serde_json::from_value::<Duty>(written).unwrap(), named);
        let by_type = serde_json::to_value(Duty::ByType).unwrap();
        assert_eq!(
            by_type,
            json!({"duty": {"code": "by_type", "label": "按单位类型承担"}})
        );
        assert_eq!(
            serde_json::from_value::<Duty>(by_type).unwrap(),
            Duty::ByType
        );
    }
}
