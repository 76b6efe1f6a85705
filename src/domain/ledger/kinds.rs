//! The ledger's enumerations. Each has a stable code (stored, used in the API) and the Chinese
//! label officials write in spreadsheets; parsing accepts either.

use serde::{Deserialize, Serialize};

use crate::domain::FieldError;

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and API code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label used in spreadsheets.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Every Chinese label, for dropdowns.
            pub fn labels() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.label()).collect()
            }

            /// Parses a code or a label (surrounding blanks ignored).
            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                let text = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == text || v.label() == text)
                    .ok_or_else(|| {
                        FieldError::new(
                            field,
                            format!(
                                "{:?} 不是有效的{}，应为：{} (unknown value)",
                                text,
                                $what,
                                Self::labels().join("、")
                            ),
                        )
                    })
            }
        }
    };
}

labelled_enum!(
    /// 物业管理类型: how an estate is managed.
    ManagementType, "物业管理类型" {
        /// 专业化物业服务: a property-service company under contract.
        Professional = ("professional", "专业化物业服务"),
        /// 社区代管: managed by the community committee.
        CommunityManaged = ("community_managed", "社区代管"),
        /// 单位自管: managed by the employer that built it.
        EmployerManaged = ("employer_managed", "单位自管"),
        /// 居民自治: residents manage it themselves.
        ResidentManaged = ("resident_managed", "居民自治"),
        /// 无物管: no management at all.
        Unmanaged = ("unmanaged", "无物管"),
    }
);

labelled_enum!(
    /// 被考核单位类型: the kind of assessed unit.
    UnitType, "单位类型" {
        /// 镇: a town government.
        Town = ("town", "镇"),
        /// 园区: an industrial or development park.
        Park = ("park", "园区"),
        /// 县直部门: a county department (e.g. 县住建局).
        Department = ("department", "县直部门"),
    }
);

labelled_enum!(
    /// Level of an administrative region in the county → town/park → community tree.
    RegionLevel, "区域层级" {
        /// 县: the root.
        County = ("county", "县"),
        /// 镇: a town under the county.
        Town = ("town", "镇"),
        /// 园区: a park under the county, at the same level as a town.
        Park = ("park", "园区"),
        /// 社区: a community under a town or park.
        Community = ("community", "社区"),
    }
);

impl RegionLevel {
    /// The level a parent must have (`None`: no parent allowed).
    pub fn parent_level_ok(self, parent: Option<RegionLevel>) -> Result<(), String> {
        use RegionLevel::*;
        match (self, parent) {
            (County, None) => Ok(()),
            (County, Some(_)) => Err("县级区域不能有上级 (a county has no parent)".into()),
            (Town | Park, Some(County)) => Ok(()),
            (Town | Park, _) => Err("镇/园区的上级必须是县 (parent must be the county)".into()),
            (Community, Some(Town | Park)) => Ok(()),
            (Community, _) => {
                Err("社区的上级必须是镇或园区 (parent must be a town or park)".into())
            }
        }
    }

    /// True for the town-or-park level that assessed units are bound to.
    pub fn is_town_level(self) -> bool {
        matches!(self, RegionLevel::Town | RegionLevel::Park)
    }
}

impl UnitType {
    /// The region level a unit of this type is bound to (`None` for county departments).
    pub fn region_level(self) -> Option<RegionLevel> {
        match self {
            UnitType::Town => Some(RegionLevel::Town),
            UnitType::Park => Some(RegionLevel::Park),
            UnitType::Department => None,
        }
    }
}

macro_rules! from_str_via_parse {
    ($($t:ty),+) => {$(
        impl std::str::FromStr for $t {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse("value", s)
            }
        }
    )+};
}
from_str_via_parse!(ManagementType, UnitType, RegionLevel);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_both_parse() {
        for &m in ManagementType::ALL {
            assert_eq!(ManagementType::parse("m", m.code()).unwrap(), m);
            assert_eq!(ManagementType::parse("m", m.label()).unwrap(), m);
        }
        assert_eq!(
            ManagementType::parse("m", " 社区代管 ").unwrap(),
            ManagementType::CommunityManaged
        );
        let err = ManagementType::parse("management_type", "物业公司").unwrap_err();
        assert!(err.message.contains("专业化物业服务"), "{}", err.message);
    }

    #[test]
    fn region_tree_levels() {
        use RegionLevel::*;
        assert!(County.parent_level_ok(None).is_ok());
        assert!(Town.parent_level_ok(Some(County)).is_ok());
        assert!(Community.parent_level_ok(Some(Park)).is_ok());
        assert!(Community.parent_level_ok(Some(County)).is_err());
        assert!(Town.parent_level_ok(None).is_err());
    }
}
