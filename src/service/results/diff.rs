//! What changed between two published snapshots of a period: per unit its total, grade, rank
//! and award eligibility; per company its grade and score; units or companies that appeared or
//! went; the inputs' hash. Pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::PeriodResults;

/// One difference from the previous snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Difference {
    /// `unit`, `company` or `inputs`.
    pub kind: String,
    /// The unit's or company's id (empty for the inputs).
    pub id: String,
    /// Its name.
    pub name: String,
    /// What changed: 总分, 等次, 排名, 评优资格, 信用等级, 信用分, 列入 / 移出, 输入.
    pub field: String,
    /// The value before (absent when it appeared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The value after (absent when it went).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The differences from `old` to `new`, units then companies, each by name.
pub fn diff(old: &PeriodResults, new: &PeriodResults) -> Vec<Difference> {
    let mut out = Vec::new();
    if old.inputs_hash != new.inputs_hash {
        out.push(change(
            "inputs",
            "",
            "全部输入",
            "输入哈希",
            &old.inputs_hash,
            &new.inputs_hash,
        ));
    }
    let unit_fields = |s: &crate::domain::results::Standing| {
        vec![
            ("总分", s.total.to_string()),
            ("等次", s.grade.clone()),
            ("排名", s.rank.to_string()),
            (
                "评优资格",
                if s.award.eligible { "是" } else { "否" }.to_owned(),
            ),
        ]
    };
    let before = by_id(
        old.units
            .iter()
            .map(|s| (&s.unit_id, &s.unit_name, unit_fields(s))),
    );
    let after = by_id(
        new.units
            .iter()
            .map(|s| (&s.unit_id, &s.unit_name, unit_fields(s))),
    );
    compare("unit", &before, &after, &mut out);
    let company_fields = |c: &super::CompanyCredit| {
        vec![
            ("信用等级", c.grade.clone()),
            ("信用分", c.score.map(|s| s.to_string()).unwrap_or_default()),
        ]
    };
    let before = by_id(
        old.companies
            .iter()
            .map(|c| (&c.company_id, &c.company_name, company_fields(c))),
    );
    let after = by_id(
        new.companies
            .iter()
            .map(|c| (&c.company_id, &c.company_name, company_fields(c))),
    );
    compare("company", &before, &after, &mut out);
    out
}

type Fields = (String, Vec<(&'static str, String)>);

fn by_id<'a>(
    rows: impl Iterator<Item = (&'a String, &'a String, Vec<(&'static str, String)>)>,
) -> BTreeMap<&'a str, Fields> {
    rows.map(|(id, name, f)| (id.as_str(), (name.clone(), f)))
        .collect()
}

fn compare(
    kind: &str,
    before: &BTreeMap<&str, Fields>,
    after: &BTreeMap<&str, Fields>,
    out: &mut Vec<Difference>,
) {
    for (id, (name, old)) in before {
        match after.get(id) {
            None => out.push(Difference {
                kind: kind.into(),
                id: (*id).into(),
                name: name.clone(),
                field: "移出".into(),
                before: Some(name.clone()),
                after: None,
            }),
            Some((_, new)) => {
                for ((field, a), (_, b)) in old.iter().zip(new) {
                    if a != b {
                        out.push(change(kind, id, name, field, a, b));
                    }
                }
            }
        }
    }
    for (id, (name, _)) in after {
        if !before.contains_key(id) {
            out.push(Difference {
                kind: kind.into(),
                id: (*id).into(),
                name: name.clone(),
                field: "列入".into(),
                before: None,
                after: Some(name.clone()),
            });
        }
    }
}

fn change(kind: &str, id: &str, name: &str, field: &str, before: &str, after: &str) -> Difference {
    Difference {
        kind: kind.into(),
        id: id.into(),
        name: name.into(),
        field: field.into(),
        before: Some(before.into()),
        after: Some(after.into()),
    }
}
