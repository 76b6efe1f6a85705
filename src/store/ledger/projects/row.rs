//! The stored project and how it is written and read.

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::FromRow;
use sqlx::any::AnyRow;

use crate::domain::ledger::ManagementType;
use crate::store::decode::{Columns, as_flag};
use crate::store::sql::{Column, TableRow, Versioned};

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProjectRow {
    /// Id.
    pub id: String,
    /// 项目编号, unique in the county.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 地址.
    pub address: Option<String>,
    /// The town or park.
    pub town_id: String,
    /// The community.
    pub community_id: String,
    /// 管理类型.
    #[serde(serialize_with = "crate::domain::labelled::as_code")]
    pub management_type: ManagementType,
    /// 户数.
    pub households: i64,
    /// m², normalised.
    pub floor_area: Decimal,
    /// 元/m²/月, normalised.
    pub fee_standard: Option<Decimal>,
    /// 从业人员数.
    pub staff_count: Option<i64>,
    #[serde(serialize_with = "as_flag")]
    /// Whether an owners' committee (业委会) is formed.
    pub committee_formed: bool,
    /// When the committee was formed.
    pub committee_formed_on: Option<Date>,
    /// Committee members.
    pub committee_members: Option<i64>,
    /// Committee members who are Party members.
    pub committee_party_members: Option<i64>,
    /// Version, one more on every update.
    pub version: i64,
    /// When created (stored instant, UTC).
    pub created_at: String,
    /// When last updated (stored instant, UTC).
    pub updated_at: String,
}

impl TableRow for ProjectRow {
    const TABLE: &'static str = "projects";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "code",
        "name",
        "address",
        "town_id",
        "community_id",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
        "version",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> sqlx::Result<Vec<Column>> {
        Ok(vec![
            ("id", (&self.id).into()),
            ("code", (&self.code).into()),
            ("name", (&self.name).into()),
            ("address", self.address.as_deref().into()),
            ("town_id", (&self.town_id).into()),
            ("community_id", (&self.community_id).into()),
            ("management_type", self.management_type.code().into()),
            ("households", self.households.into()),
            ("floor_area", self.floor_area.into()),
            ("fee_standard", self.fee_standard.into()),
            ("staff_count", self.staff_count.into()),
            ("committee_formed", self.committee_formed.into()),
            ("committee_formed_on", self.committee_formed_on.into()),
            ("committee_members", self.committee_members.into()),
            (
                "committee_party_members",
                self.committee_party_members.into(),
            ),
            ("version", self.version.into()),
            ("created_at", (&self.created_at).into()),
            ("updated_at", (&self.updated_at).into()),
        ])
    }
}

impl Versioned for ProjectRow {
    const UPDATABLE: &'static [&'static str] = &[
        "code",
        "name",
        "address",
        "town_id",
        "community_id",
        "management_type",
        "households",
        "floor_area",
        "fee_standard",
        "staff_count",
        "committee_formed",
        "committee_formed_on",
        "committee_members",
        "committee_party_members",
    ];
}

impl<'r> FromRow<'r, AnyRow> for ProjectRow {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let c = Columns::new(row, Self::TABLE);
        Ok(Self {
            id: c.get("id")?,
            code: c.get("code")?,
            name: c.get("name")?,
            address: c.get("address")?,
            town_id: c.get("town_id")?,
            community_id: c.get("community_id")?,
            management_type: c.parse("management_type")?,
            households: c.get("households")?,
            floor_area: c.parse("floor_area")?,
            fee_standard: c.parse_opt("fee_standard")?,
            staff_count: c.get("staff_count")?,
            committee_formed: c.flag("committee_formed")?,
            committee_formed_on: c.parse_opt("committee_formed_on")?,
            committee_members: c.get("committee_members")?,
            committee_party_members: c.get("committee_party_members")?,
            version: c.get("version")?,
            created_at: c.get("created_at")?,
            updated_at: c.get("updated_at")?,
        })
    }
}
