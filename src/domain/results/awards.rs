//! Award eligibility of a unit (评优评先): the top grade after the period's quota, no veto,
//! every category minimum met and no 通报批评 in the period. Each rule is named in the entry,
//! whether it admitted or excluded the unit, so a unit reads why it is (not) on the list.

use serde::{Deserialize, Serialize};

use super::Standing;
use crate::domain::rubric::model::Grading;

/// Whether a unit may be named 优秀 for awards, with every rule that decided it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AwardEntry {
    /// True when every rule admits the unit.
    pub eligible: bool,
    /// The rules, in order: the ones that excluded it when not eligible, else every one met.
    pub rules: Vec<String>,
}

/// Decides a unit's eligibility from its standing. The quota is already in `s.grade`; the
/// veto and the category minimum are checked again by name (a rubric may grade without
/// them moving the grade), and 通报批评 — which no grade rule sees — excludes on its own
/// (the plan, 附件3 三(三): overdue or poorly done supervision is criticised county-wide).
pub fn award_of(grading: &Grading, s: &Standing) -> AwardEntry {
    let top = grading.bands.first().map_or("", |b| b.name.as_str());
    let mut met = Vec::new();
    let mut failed = Vec::new();
    let mut rule = |ok: bool, yes: String, no: String| {
        if ok { met.push(yes) } else { failed.push(no) }
    };
    let within = s.grade == top;
    rule(
        within,
        format!("等次 {top}（名额内，第 {} 名）", s.rank),
        match (s.grade_before_quota == top, within) {
            (true, false) => format!("超出 {top} 名额，等次降为 {} (top-grade quota)", s.grade),
            _ => format!("等次为 {}，未达 {top} (grade)", s.grade),
        },
    );
    rule(
        !s.vetoed,
        "无一票否决事项".to_owned(),
        "触发一票否决，不得评优 (veto)".to_owned(),
    );
    let short = s.category_short.as_deref();
    rule(
        short.is_none(),
        match &grading.category_minimum {
            Some(m) => format!("各类别得分均达到其分值的 {}", m.share),
            None => "细则未设类别最低得分".to_owned(),
        },
        format!(
            "类别 {} 得分低于细则规定的最低比例 (category minimum)",
            short.unwrap_or_default()
        ),
    );
    rule(
        s.criticisms == 0,
        "考核期内无通报批评".to_owned(),
        format!(
            "考核期内被通报批评 {} 次，不得评优 (public criticism)",
            s.criticisms
        ),
    );
    let eligible = failed.is_empty();
    AwardEntry {
        eligible,
        rules: if eligible { met } else { failed },
    }
}
