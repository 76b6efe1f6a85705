//! The ledger's enumerations. Each has a stable code (stored, used in the API) and the Chinese
//! label officials write in spreadsheets; parsing accepts either.

use crate::domain::labelled::labelled_enum;

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
