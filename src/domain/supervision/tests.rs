//! Tests of [`super`].

use super::*;
use jiff::civil::date;

fn item(deadline: Date) -> SupervisionItem {
    SupervisionItem {
        assigned_on: date(2023, 3, 1),
        deadline,
        deadline_stated: false,
        completed_on: None,
        feedback_on: None,
        sent_back: 0,
        public_criticism: false,
        summons: false,
    }
}

#[test]
fn a_stated_deadline_is_kept_however_far_away() {
    let a = date(2023, 1, 31);
    let six_weeks = date(2023, 3, 14);
    assert_eq!(
        due_date(a, Some(six_weeks)).unwrap(),
        Deadline {
            due: six_weeks,
            stated: true
        }
    );
    assert_eq!(due_date(a, Some(a)).unwrap().due, a);
    let err = due_date(a, Some(date(2023, 1, 30))).unwrap_err();
    assert_eq!(err.field, "deadline");
}

#[test]
fn no_stated_deadline_means_one_week() {
    assert_eq!(
        due_date(date(2023, 1, 31), None).unwrap(),
        Deadline {
            due: date(2023, 2, 7),
            stated: false
        }
    );
}

#[test]
fn the_default_extends_to_one_month_at_most() {
    let mut i = item(date(2023, 1, 31).saturating_add(7.days()));
    i.assigned_on = date(2023, 1, 31);
    // 1 month after 31 January is the last day of February.
    assert_eq!(latest_extension(i.assigned_on), date(2023, 2, 28));
    assert_eq!(
        extended_deadline(&i, date(2023, 2, 28)).unwrap(),
        date(2023, 2, 28)
    );
    assert_eq!(
        extended_deadline(&i, date(2023, 3, 1)).unwrap_err().field,
        "deadline"
    );
    assert!(
        extended_deadline(&i, date(2023, 2, 7)).is_err(),
        "not later"
    );
    assert!(extended_deadline(&i, date(2023, 2, 1)).is_err(), "earlier");
}

#[test]
fn a_stated_deadline_cannot_be_extended() {
    let mut i = item(date(2023, 3, 8));
    i.deadline_stated = true;
    let err = extended_deadline(&i, date(2023, 3, 20)).unwrap_err();
    assert_eq!(err.field, "deadline");
    assert!(err.message.contains("不能延期"), "{}", err.message);
}

#[test]
fn an_extension_moves_what_counts_as_overdue() {
    let mut i = item(date(2023, 3, 8));
    i.completed_on = Some(date(2023, 3, 20));
    i.feedback_on = Some(date(2023, 3, 20));
    let calendar = WorkCalendar::plain();
    let as_of = date(2023, 4, 1);
    assert_eq!(
        findings(std::slice::from_ref(&i), as_of, &calendar)
            .unwrap()
            .overdue,
        1
    );
    i.deadline = extended_deadline(&i, date(2023, 3, 25)).unwrap();
    assert_eq!(
        findings(std::slice::from_ref(&i), as_of, &calendar)
            .unwrap()
            .overdue,
        0
    );
}

#[test]
fn feedback_is_due_the_next_working_day() {
    let calendar = WorkCalendar::plain();
    // Friday 2023-03-03 → Monday 2023-03-06.
    assert_eq!(
        calendar.add_working_days(date(2023, 3, 3), 1).unwrap(),
        date(2023, 3, 6)
    );
    let text = include_str!("../../../calendars/cn-workdays.toml");
    let official = WorkCalendar::parse(text).unwrap();
    // Finished Friday 2023-01-20, reported Saturday 1/28 (a make-up working day): on time.
    let mut item = item(date(2023, 1, 31));
    item.assigned_on = date(2023, 1, 16);
    item.completed_on = Some(date(2023, 1, 20));
    item.feedback_on = Some(date(2023, 1, 28));
    assert_eq!(
        findings(std::slice::from_ref(&item), date(2023, 2, 10), &official)
            .unwrap()
            .late_feedback,
        0
    );
    item.feedback_on = Some(date(2023, 1, 30));
    assert_eq!(
        findings(std::slice::from_ref(&item), date(2023, 2, 10), &official)
            .unwrap()
            .late_feedback,
        1
    );
}

#[test]
fn findings_count_overdue_late_feedback_and_sanctions() {
    let mut done_late = item(date(2023, 3, 8));
    done_late.completed_on = Some(date(2023, 3, 10)); // Friday, after the deadline
    done_late.feedback_on = Some(date(2023, 3, 13)); // Monday: on time
    let mut late_report = item(date(2023, 3, 8));
    late_report.completed_on = Some(date(2023, 3, 7));
    late_report.feedback_on = Some(date(2023, 3, 9)); // due 03-08
    late_report.sent_back = 2;
    let mut open = item(date(2023, 3, 8));
    open.public_criticism = true;
    open.summons = true;
    let items = [done_late, late_report, open];
    let before = findings(&items, date(2023, 3, 8), &WorkCalendar::plain()).unwrap();
    assert_eq!(
        before.overdue, 1,
        "the open item is not overdue yet on its deadline"
    );
    let f = findings(&items, date(2023, 3, 20), &WorkCalendar::plain()).unwrap();
    // The open item is overdue, summoned and criticised: one failure, charged once as a
    // criticism.
    assert_eq!(
        f,
        SupervisionFindings {
            overdue: 1,
            late_feedback: 1,
            sent_back: 2,
            public_criticism: 1,
            summons: 0
        }
    );
}
