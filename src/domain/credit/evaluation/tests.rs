//! Checks and scores against the shipped `rubrics/service-quality.toml`; every expected value is
//! worked by hand from the file's points (1.1 门岗 max 6: no-guard 2, no-log 1; 2.2 设施设备 max
//! 10: broken-light 0.5 each; 6.2 投诉按时办结率 threshold 0.95 for the full 8; total 100,
//! scale-to-max for 不适用, two places half-up at the total; 8.1 veto → 不合格).

use rust_decimal_macros::dec;

use super::*;
use crate::domain::rubric::model::{Assessment, Body};
use crate::domain::rubric::{Rubric, parse};

fn rubric() -> Rubric {
    let path = format!(
        "{}/rubrics/service-quality.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    parse(
        "service-quality.toml",
        &std::fs::read_to_string(path).unwrap(),
    )
    .unwrap()
}

fn assessment(r: &Rubric) -> &Assessment {
    match &r.body {
        Body::Assessment(a) => a,
        _ => panic!("not a points rubric"),
    }
}

fn finding(sheet: u32, item: &str, code: &str, count: u32) -> Finding {
    Finding {
        sheet,
        item: item.into(),
        finding: code.into(),
        count,
        note: None,
        location: Some(" 3号楼 ".into()),
        photos: Vec::new(),
    }
}

fn measure(sheet: u32, value: rust_decimal::Decimal) -> Measure {
    Measure {
        sheet,
        item: "6.2".into(),
        value,
        note: None,
    }
}

/// Sheet 1: 1.1 no-guard ×1 (−2), 2.2 broken-light ×3 (−1.5), 6.2 at 0.95 (full): 100 − 3.5 = 96.50.
fn first_sheet() -> Sheets {
    Sheets {
        inspectors: vec!["张三".into()],
        findings: vec![
            finding(1, "1.1", "no-guard", 1),
            finding(1, "2.2", "broken-light", 3),
        ],
        measures: vec![measure(1, dec!(0.95))],
        ..Default::default()
    }
}

#[test]
fn the_rubric_states_two_inspectors_and_a_five_day_window() {
    let r = rubric();
    let rules = &assessment(&r).evaluation;
    assert_eq!((rules.inspectors, rules.objection_days), (2, 5));
}

#[test]
fn one_sheet_scores_as_the_rubric_scores_it() {
    let r = rubric();
    let sheets = check_sheets(assessment(&r), &first_sheet()).unwrap();
    assert_eq!(
        sheets.findings[0].location.as_deref(),
        Some("3号楼"),
        "texts trimmed"
    );
    let v = score(&r, "p1", &sheets).unwrap();
    assert_eq!((v.total, v.grade.as_str()), (dec!(96.50), "优秀"));
    assert_eq!(
        v.total.to_string(),
        "96.50",
        "published with the rubric's two places"
    );
}

/// Sheet 2: 1.1 no-log ×1 (−1), 6.2 不适用: applicable 92, 91 × 100 / 92 = 98.913… → 98.91.
/// The visit: (96.50 + 98.91) / 2 = 97.705 → 97.71 (half-up), 优秀.
fn two_sheets() -> Sheets {
    let mut s = first_sheet();
    s.inspectors.push("李四".into());
    s.findings.push(finding(2, "1.1", "no-log", 1));
    s.exemptions.push(Exemption {
        sheet: 2,
        item: "6.2".into(),
        reason: "检查期内无投诉".into(),
    });
    s
}

#[test]
fn two_sheets_combine_by_their_mean_rounded_as_a_total() {
    let r = rubric();
    let sheets = check_sheets(assessment(&r), &two_sheets()).unwrap();
    let v = score(&r, "p1", &sheets).unwrap();
    assert_eq!(v.sheets[1].total, dec!(98.91));
    assert_eq!((v.total, v.grade.as_str()), (dec!(97.71), "优秀"));
    assert_eq!(v.line, "(96.50 + 98.91) / 2 = 97.705 → 97.71，优秀");
}

#[test]
fn a_vetoed_sheet_holds_the_visit_at_its_grade() {
    let r = rubric();
    let mut s = two_sheets();
    s.vetoes.push(Veto {
        sheet: 2,
        item: "8.1".into(),
        note: "电梯困人致伤".into(),
    });
    let v = score(&r, "p1", &check_sheets(assessment(&r), &s).unwrap()).unwrap();
    assert_eq!(v.total, dec!(97.71), "a veto does not move points");
    assert_eq!(v.grade, "不合格");
    assert!(
        v.line.ends_with("限为 不合格 (held by a sheet)"),
        "{}",
        v.line
    );
}

#[test]
fn a_sheet_without_a_needed_measure_names_the_measures_line_the_sheet_and_the_item() {
    let r = rubric();
    let mut s = first_sheet();
    s.measures.clear();
    let e = score(&r, "p1", &check_sheets(assessment(&r), &s).unwrap()).unwrap_err();
    assert_eq!(e[0].field, "measures", "{e:?}");
    assert!(
        e[0].message.contains("第 1 张检查表缺少检查项 6.2"),
        "{e:?}"
    );
}

fn fields(s: &Sheets) -> Vec<String> {
    let r = rubric();
    let mut out: Vec<String> = check_sheets(assessment(&r), s)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    out.sort();
    out
}

#[test]
fn each_wrong_line_is_named_by_its_field() {
    let mut s = two_sheets();
    s.findings.extend([
        finding(1, "9.9", "x", 1),        // findings[3]: no such item
        finding(1, "6.2", "late", 1),     // findings[4]: threshold item
        finding(1, "2.2", "no-such", 1),  // findings[5]: unknown finding
        finding(1, "2.1", "late-fix", 0), // findings[6]: count 0
        finding(3, "2.1", "late-fix", 1), // findings[7]: no third inspector
        finding(1, "1.1", "no-guard", 2), // findings[8]: same line twice
        finding(2, "6.2", "late", 1),     // findings[9]: threshold item (and exempted)
    ]);
    s.vetoes.push(Veto {
        sheet: 1,
        item: "8.1".into(),
        note: "  ".into(),
    });
    s.measures.push(measure(2, dec!(0.9))); // measures[1]: 6.2 exempted on sheet 2
    assert_eq!(
        fields(&s),
        [
            "findings[3].item",
            "findings[4].item",
            "findings[5].finding",
            "findings[6].count",
            "findings[7].sheet",
            "findings[8].item",
            "findings[9].item",
            "measures[1].item",
            "vetoes[0].note",
        ]
    );
}

#[test]
fn a_finding_on_an_item_marked_not_applicable_is_refused() {
    let mut s = two_sheets();
    s.findings.push(finding(2, "2.2", "broken-light", 1));
    s.exemptions.push(Exemption {
        sheet: 2,
        item: "2.2".into(),
        reason: "无公共照明".into(),
    });
    assert_eq!(fields(&s), ["findings[3].item"]);
}

#[test]
fn inspectors_are_one_or_two_distinct_names() {
    assert_eq!(check_inspectors(&[" 张三 ".into()], 2).unwrap(), ["张三"]);
    let three: Vec<String> = ["甲", "乙", "丙"].map(String::from).into();
    assert_eq!(
        check_inspectors(&three, 2).unwrap_err()[0].field,
        "inspectors"
    );
    let twice = check_inspectors(&["甲".into(), "甲 ".into()], 2).unwrap_err();
    assert_eq!(twice[0].field, "inspectors[1]");
    assert_eq!(check_inspectors(&[], 2).unwrap_err()[0].field, "inspectors");
}
