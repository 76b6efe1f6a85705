use super::*;

fn project() -> ProjectFields<'static> {
    ProjectFields {
        code: "SX-001",
        name: "翡翠城",
        management_type: "专业化物业服务",
        households: "820",
        floor_area: "96500.5",
        fee_standard: Some("1.2"),
        committee_formed: "是",
        committee_formed_on: Some("2022-06-01"),
        committee_members: Some("7"),
        committee_party_members: Some("4"),
        ..Default::default()
    }
}

#[test]
fn a_complete_project_parses() {
    let p = ProjectData::parse(&project()).unwrap();
    assert_eq!(p.committee.unwrap().party_members, 4);
    assert_eq!(p.floor_area.to_string(), "96500.5");
}

#[test]
fn every_broken_field_is_reported_at_once() {
    let f = ProjectFields {
        households: "many",
        management_type: "物业",
        committee_party_members: Some("9"),
        ..project()
    };
    let errs = ProjectData::parse(&f).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["management_type", "households", "committee_party_members"]
    );
}

#[test]
fn committee_fields_follow_the_formed_flag() {
    let f = ProjectFields {
        committee_formed: "否",
        ..project()
    };
    assert_eq!(ProjectData::parse(&f).unwrap_err().len(), 3);
    let f = ProjectFields {
        committee_formed_on: None,
        ..project()
    };
    assert_eq!(
        ProjectData::parse(&f).unwrap_err()[0].field,
        "committee_formed_on"
    );
    let f = ProjectFields {
        committee_formed: "否",
        committee_formed_on: None,
        committee_members: None,
        committee_party_members: None,
        ..project()
    };
    assert_eq!(ProjectData::parse(&f).unwrap().committee, None);
}

#[test]
fn company_with_bad_code_and_phone() {
    let errs = CompanyData::parse(&CompanyFields {
        credit_code: "91350100M000100Y44",
        name: "濉溪物业",
        contact_phone: Some("call me"),
        has_party_org: "是",
        ..Default::default()
    })
    .unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["credit_code", "contact_phone"]);
}
