//! Tests of [`super`].

use super::*;
use jiff::civil::date;

fn facts(formed: Option<(Date, i64, i64)>, served: Option<(&str, bool)>) -> ProjectFacts {
    ProjectFacts {
        management_type: if served.is_some() {
            ManagementType::Professional
        } else {
            ManagementType::Unmanaged
        },
        committee: formed.map(|(formed_on, members, party_members)| OwnersCommittee {
            formed_on,
            members,
            party_members,
        }),
        served_by: served.map(|(c, h)| (c.to_owned(), h)),
    }
}

#[test]
fn hand_computed_fixture() {
    let d = date(2023, 6, 30);
    let projects = [
        facts(Some((date(2022, 1, 1), 7, 4)), Some(("A", true))),
        facts(Some((date(2023, 6, 30), 5, 2)), Some(("A", true))),
        facts(Some((date(2023, 7, 1), 9, 9)), Some(("B", false))), // formed after the date
        facts(None, None),
    ];
    let m = compute(d, &projects, &[]);
    assert_eq!(m.projects, 4);
    assert_eq!(
        (m.service_coverage.numerator, m.service_coverage.rate),
        (3, Some(dec!(0.75)))
    );
    assert_eq!(
        (m.committee_formation.numerator, m.committee_formation.met),
        (2, Some(false))
    );
    // (4 + 2) / (7 + 5) = 0.5 exactly: the target is met at the line.
    assert_eq!(m.committee_party_share.rate, Some(dec!(0.5)));
    assert_eq!(m.committee_party_share.met, Some(true));
    // Each committee on its own: 4/7 meets 50%, 2/5 does not (the 2023-07-01 one is out).
    assert_eq!(
        (
            m.committee_party_compliance.numerator,
            m.committee_party_compliance.denominator
        ),
        (1, 2)
    );
    assert_eq!(
        (
            m.company_party_organisation.numerator,
            m.company_party_organisation.denominator
        ),
        (1, 2)
    );
    assert_eq!(m.by_management_type["professional"], 3);
    assert_eq!(m.by_management_type["community_managed"], 0);
}

fn handover(on: Date, size: i64, owner_representatives: i64) -> HandoverFacts {
    HandoverFacts {
        inspected_on: on,
        group: InspectionGroup {
            size,
            owner_representatives,
        },
    }
}

#[test]
fn handover_owner_representation_hand_computed() {
    let d = date(2023, 6, 30);
    let handovers = [
        handover(date(2023, 3, 1), 9, 3),  // 3 × 3 = 9 ≥ 9: met at the line
        handover(date(2023, 4, 1), 10, 3), // 9 < 10: not met
        handover(date(2023, 6, 30), 6, 2), // 6 ≥ 6: met, dated on the day itself
        handover(date(2023, 7, 1), 9, 0),  // after the date: not counted
    ];
    let r = compute(d, &[], &handovers).handover_owner_representation;
    assert_eq!((r.numerator, r.denominator), (2, 3));
    assert_eq!(r.rate, Some(dec!(0.666667)));
    assert_eq!(r.target, Some(dec!(1)));
    assert_eq!(r.met, Some(false));
    assert!(r.rule.contains("3 × 业主代表人数 ≥ 查验组人数"));
    let all = compute(d, &[], &handovers[..1]).handover_owner_representation;
    assert_eq!(
        (all.numerator, all.denominator, all.met),
        (1, 1, Some(true))
    );
    // Nothing held by the date: no rate, nothing decided.
    let none = compute(date(2023, 1, 1), &[], &handovers).handover_owner_representation;
    assert_eq!((none.denominator, none.rate, none.met), (0, None, None));
}

#[test]
fn met_is_exact_even_when_the_rate_rounds_up() {
    // 899999 / 1000000 would round to 0.9 at 5 decimals but is below 90%.
    let r = Ratio::new(8_999_999, 10_000_000, Some(dec!(0.9)), "");
    assert_eq!(r.met, Some(false));
    assert_eq!(r.rate, Some(dec!(0.9)));
    let empty = Ratio::new(0, 0, Some(dec!(0.9)), "");
    assert_eq!((empty.rate, empty.met), (None, None));
}
