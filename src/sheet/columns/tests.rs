//! Tests of [`super`].

use super::*;

#[test]
fn headers_match_loosely() {
    assert_eq!(
        normalise(" 建筑面积(平方米) *"),
        normalise("建筑面积（平方米）")
    );
    assert_eq!(Kind::from_sheet_name(" 物业项目"), Some(Kind::Projects));
    assert_eq!(
        Kind::from_headers(&["项目编号".into()]),
        Some(Kind::Projects)
    );
    let inspections: Vec<String> = HANDOVER_COLUMNS.iter().map(|c| c.header.into()).collect();
    assert_eq!(Kind::from_headers(&inspections), Some(Kind::Handovers));
}

#[test]
fn keys_and_headers_are_unique() {
    for kind in Kind::ALL {
        let cols = kind.columns();
        for (i, a) in cols.iter().enumerate() {
            for b in &cols[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(normalise(a.header), normalise(b.header));
            }
        }
    }
}
