use super::{HEAD, problems, rubric};
use crate::domain::rubric::{Kind, parse};

const ONE_ITEM: &str = r#"
renormalise = "none"
[[category]]
code = "1"
title = "甲"
points = 10
[[category.item]]
code = "1.1"
title = "乙"
max = 10
method = "points"
step = 0.5
"#;

#[test]
fn header_and_content_hash() {
    let r = rubric(ONE_ITEM);
    assert_eq!(r.id(), "t");
    assert_eq!(r.version(), 1);
    assert_eq!(r.kind(), Kind::UnitAssessment);
    assert_eq!(r.title(), "测试");
    assert_eq!(r.content_hash().len(), 64);
    let other = rubric(&ONE_ITEM.replace("title = \"乙\"", "title = \"丙\""));
    assert_ne!(r.content_hash(), other.content_hash());
    assert!(r.is_effective_on(jiff::civil::date(2023, 12, 31)));
    assert!(!r.is_effective_on(jiff::civil::date(2024, 1, 1)));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let body = ONE_ITEM
        .replace("step = 0.5", "step = 3")
        .replace("points = 10", "points = 12")
        .replace("method = \"points\"", "method = \"points\"\nper = \"day\"");
    let got = problems(&body);
    assert_eq!(
        got,
        [
            "item 1.1: `per` does not apply to method `points`",
            "item 1.1: step 3 does not divide max 10",
        ]
    );
    // Sums are checked once items are valid.
    let got = problems(&ONE_ITEM.replace("points = 10", "points = 12"));
    assert_eq!(got, ["items of category 1 sum to 10, expected 12"]);
}

#[test]
fn kind_specific_checks() {
    let no_bands = format!("{HEAD}{ONE_ITEM}");
    let ds = parse("t.toml", &no_bands).unwrap_err();
    assert_eq!(
        ds[0].to_string(),
        "t.toml:1:1: needs at least one [[grade]] band"
    );
    let veto = ONE_ITEM.to_owned()
        + "[[category.item]]\ncode = \"1.2\"\ntitle = \"否决\"\nmethod = \"veto\"\nmax_grade = \"特等\"\n";
    assert_eq!(
        problems(&veto),
        ["`max_grade` = `特等` is not one of the grade bands"]
    );
    let bonus = ONE_ITEM.to_owned()
        + "[[category.item]]\ncode = \"1.2\"\ntitle = \"加分\"\nmax = 1\nmethod = \"bonus\"\n[[category.item.award]]\ncode = \"a\"\ntitle = \"奖\"\npoints = 1\n";
    assert_eq!(
        problems(&bonus),
        ["bonus items need a rubric-level `bonus_cap`"]
    );
    let deadline = ONE_ITEM.replace(
        "method = \"points\"\nstep = 0.5",
        "method = \"deadline\"\nper = \"week\"\nlate_points = 1\nongoing = true",
    );
    assert_eq!(
        problems(&deadline),
        ["item 1.1: method `deadline` needs a `deadline` date"]
    );
}

#[test]
fn threshold_shape_and_unit_load_with_their_defaults() {
    use crate::domain::rubric::model::{BelowFloor, Method, Node, ShareUnit};
    let body = r#"
renormalise = "none"
[[category]]
code = "1"
title = "甲"
points = 20
[[category.item]]
code = "1.1"
title = "功效"
max = 10
method = "threshold"
measure = "率"
target = 0.9
floor = 0.5
curve = "efficacy"
[[category.item]]
code = "1.2"
title = "百分数"
max = 10
method = "threshold"
measure = "率"
measured_in = "percent"
target = 90
floor = 50
curve = "efficacy"
base = 50
span = 50
below_floor = "base"
"#;
    let r = rubric(body);
    let a = r.assessment().unwrap();
    let shape = |n: usize| match &a.categories[0].children[n] {
        Node::Item(i) => match &i.method {
            Method::Threshold {
                measured_in,
                base,
                span,
                below_floor,
                ..
            } => (*measured_in, *base, *span, *below_floor),
            m => panic!("{m:?}"),
        },
        n => panic!("{n:?}"),
    };
    use super::d;
    assert_eq!(
        shape(0),
        (ShareUnit::Share, d("60"), d("40"), BelowFloor::Zero)
    );
    assert_eq!(
        shape(1),
        (ShareUnit::Percent, d("50"), d("50"), BelowFloor::Base)
    );
    assert_eq!(r.header().display_places, 4);
    let six = rubric(&format!("display_places = 6\n{body}"));
    assert_eq!(six.header().display_places, 6);
}
