//! Tests of [`super`].

use jiff::civil::Date;

use super::write::insert_sql;
use super::{Bind, Filter, contains_pattern};

#[test]
fn filter_numbers_placeholders_in_order() {
    let mut f = Filter::default();
    f.eq("p.town_id", Some("t"))
        .eq("p.x", None::<i64>)
        .any_of("p.management_type", vec!["a".into(), "b".into()])
        .push(
            "(p.code LIKE ? OR p.name LIKE ?)",
            vec!["%".into(), "%".into()],
        );
    assert_eq!(
        f.sql(),
        " WHERE p.town_id = $1 AND p.management_type IN ($2, $3) AND \
         (p.code LIKE $4 OR p.name LIKE $5)"
    );
    assert_eq!(f.next_param(), 6);
}

#[test]
fn like_patterns_escape_wildcards() {
    assert_eq!(contains_pattern("SX_001"), "%SX\\_001%");
    assert_eq!(contains_pattern("100%"), "%100\\%%");
    assert_eq!(contains_pattern("\\"), "%\\\\%");
}

#[test]
fn typed_values_bind_in_their_stored_form() {
    assert_eq!(Bind::from(true), Bind::Int(Some(1)));
    assert_eq!(
        Bind::from(rust_decimal_macros::dec!(120.50)),
        Bind::Text(Some("120.50".into()))
    );
    assert_eq!(
        Bind::from(Some(Date::constant(2023, 1, 5))),
        Bind::Text(Some("2023-01-05".into()))
    );
    assert_eq!(Bind::from(None::<Date>), Bind::Text(None));
}

#[test]
fn inserts_number_placeholders_only_on_postgres() {
    assert_eq!(
        insert_sql("t", &["a", "b"], 2, true),
        "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
    );
    assert_eq!(
        insert_sql("t", &["a"], 2, false),
        "INSERT INTO t (a) VALUES (?), (?)"
    );
}
