//! Tests of [`super`].

use rust_decimal_macros::dec;

use jiff::civil::Date;

use super::ProjectRow;
use crate::domain::ledger::ManagementType;

/// Audit entries record rows as stored: a typed row must serialise exactly as the text
/// and 0/1 it is stored as.
#[test]
fn a_project_serialises_in_its_stored_shape() {
    let row = ProjectRow {
        id: "p1".into(),
        code: "SX-1".into(),
        name: "小区".into(),
        address: None,
        town_id: "t".into(),
        community_id: "c".into(),
        management_type: ManagementType::CommunityManaged,
        households: 120,
        floor_area: dec!(5000.25),
        fee_standard: Some(dec!(1.2)),
        staff_count: Some(3),
        committee_formed: true,
        committee_formed_on: Some(Date::constant(2022, 6, 1)),
        committee_members: Some(7),
        committee_party_members: Some(4),
        version: 2,
        created_at: "2024-01-01T00:00:00.000000Z".into(),
        updated_at: "2024-01-02T00:00:00.000000Z".into(),
    };
    assert_eq!(
        serde_json::to_string(&row).unwrap(),
        r#"{"id":"p1","code":"SX-1","name":"小区","address":null,"town_id":"t","community_id":"c","management_type":"community_managed","households":120,"floor_area":"5000.25","fee_standard":"1.2","staff_count":3,"committee_formed":1,"committee_formed_on":"2022-06-01","committee_members":7,"committee_party_members":4,"version":2,"created_at":"2024-01-01T00:00:00.000000Z","updated_at":"2024-01-02T00:00:00.000000Z"}"#
    );
}
