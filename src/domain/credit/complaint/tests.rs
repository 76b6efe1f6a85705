//! Hand-worked cases of the shipped `[daily]` rules (base 100, upheld −2, late −2, 12 months)
//! and properties of the handling status.

use jiff::civil::{Date, date};
use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;
use crate::domain::rubric::daily::{ComplaintCategory, ComplaintChannel};

fn rules() -> DailyRules {
    DailyRules {
        component: "daily".into(),
        base: dec!(100),
        upheld_points: dec!(2),
        late_points: dec!(2),
        window_months: 12,
        channels: vec![ComplaintChannel {
            code: "hotline".into(),
            title: "12345".into(),
            limit_days: 7,
        }],
        categories: vec![ComplaintCategory {
            code: "other".into(),
            title: "其他".into(),
        }],
    }
}

fn facts(received: Date, resolved: Option<(Date, Outcome)>) -> ComplaintFacts {
    ComplaintFacts {
        received_on: received,
        due_on: due_on(received, 7),
        resolved_on: resolved.map(|r| r.0),
        outcome: resolved.map(|r| r.1),
        withdrawn_on: None,
    }
}

#[test]
fn the_deadline_counts_from_the_day_after_receipt() {
    assert_eq!(due_on(date(2023, 5, 1), 7), date(2023, 5, 8));
    assert_eq!(due_on(date(2023, 5, 1), 60), date(2023, 6, 30));
    let c = facts(date(2023, 5, 1), Some((date(2023, 5, 8), Outcome::Upheld)));
    assert_eq!(c.handling_on(date(2023, 5, 8)), Handling::InTime);
    let c = facts(date(2023, 5, 1), Some((date(2023, 5, 9), Outcome::Upheld)));
    assert_eq!(c.handling_on(date(2023, 5, 8)), Handling::Open);
    assert_eq!(c.handling_on(date(2023, 5, 9)), Handling::Late);
    let open = facts(date(2023, 5, 1), None);
    assert_eq!(open.handling_on(date(2023, 5, 8)), Handling::Open);
    assert_eq!(open.handling_on(date(2023, 5, 9)), Handling::Overdue);
}

/// By hand: three complaints received in May 2023 —
/// A upheld and resolved in time (−2), B upheld and resolved late (−2 −2),
/// C not upheld, open past its deadline on 2023-06-30 (−2): 100 − 2 − 4 − 2 = 92.
#[test]
fn upheld_and_late_complaints_take_their_points() {
    let list = vec![
        (
            "A".to_string(),
            facts(date(2023, 5, 1), Some((date(2023, 5, 3), Outcome::Upheld))),
        ),
        (
            "B".to_string(),
            facts(date(2023, 5, 2), Some((date(2023, 5, 20), Outcome::Upheld))),
        ),
        ("C".to_string(), facts(date(2023, 5, 3), None)),
    ];
    let v = daily_value(&rules(), &list, date(2023, 6, 30));
    assert_eq!((v.value, v.received, v.deductions.len()), (dec!(92), 3, 3));
    assert_eq!(
        v.explain(dec!(100)),
        "信访投诉 3 件：100 − 2（A 属实） − 4（B 属实、未按时办结） − 2（C 未按时办结） = 92"
    );
    // As of 2023-05-05: A upheld (−2); B open within its limit; C open within its limit.
    let v = daily_value(&rules(), &list, date(2023, 5, 5));
    assert_eq!(v.value, dec!(98));
}

#[test]
fn the_window_and_withdrawal_bound_what_counts() {
    let mut old = facts(date(2022, 6, 30), Some((date(2022, 7, 1), Outcome::Upheld)));
    let list = vec![("old".to_string(), old.clone())];
    // 12 months up to 2023-06-30 start on 2022-07-01: the complaint of 2022-06-30 is out.
    assert_eq!(window_start(&rules(), date(2023, 6, 30)), date(2022, 7, 1));
    assert_eq!(
        daily_value(&rules(), &list, date(2023, 6, 29)).value,
        dec!(98)
    );
    assert_eq!(
        daily_value(&rules(), &list, date(2023, 6, 30)).value,
        dec!(100)
    );
    old.withdrawn_on = Some(date(2022, 8, 1));
    let list = vec![("old".to_string(), old)];
    assert_eq!(
        daily_value(&rules(), &list, date(2022, 7, 31)).value,
        dec!(98)
    );
    assert_eq!(
        daily_value(&rules(), &list, date(2022, 8, 1)).value,
        dec!(100)
    );
}

#[test]
fn the_value_never_goes_below_zero() {
    // 60 overdue complaints take 2 points each: 120 > 100.
    let list: Vec<(String, ComplaintFacts)> = (0..60)
        .map(|i| (format!("X{i}"), facts(date(2023, 1, 1), None)))
        .collect();
    let v = daily_value(&rules(), &list, date(2023, 6, 30));
    assert_eq!(v.value, dec!(0));
    assert_eq!(v.deductions.len(), 60);
}

proptest! {
    /// Status moves one way: open → (in time | late | overdue → late), never back, and a
    /// complaint in time is never late on a later day.
    #[test]
    fn handling_never_goes_back(limit in 0u32..90, resolve_after in proptest::option::of(0i64..200), d in 0i64..300) {
        let received = date(2023, 1, 1);
        let resolved = resolve_after.map(|n| received.saturating_add(n.days()));
        let c = ComplaintFacts {
            received_on: received,
            due_on: due_on(received, limit),
            resolved_on: resolved,
            outcome: resolved.map(|_| Outcome::NotUpheld),
            withdrawn_on: None,
        };
        let day = received.saturating_add(d.days());
        let later = day.saturating_add(1.day());
        let (now, next) = (c.handling_on(day), c.handling_on(later));
        match now {
            Handling::InTime => prop_assert_eq!(next, Handling::InTime),
            Handling::Late => prop_assert_eq!(next, Handling::Late),
            Handling::Overdue => prop_assert!(matches!(next, Handling::Overdue | Handling::Late)),
            Handling::Open => {}
        }
        // Late or overdue exactly when the deadline passed without a resolution by it.
        let past = day > c.due_on && resolved.is_none_or(|r| r > c.due_on);
        prop_assert_eq!(matches!(now, Handling::Late | Handling::Overdue), past);
    }
}
