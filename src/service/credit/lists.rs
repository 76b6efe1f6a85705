//! Red and black lists (守信红名单 / 失信黑名单) of a quarter or a year: the companies as rated
//! on the period's last day. Black: a black-list event counts that day. Red: a grade in the
//! rubric's `red_list` and no black-list event. Each entry says why, naming the records.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::rating::{self, RatingView};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::service::{AppState, ServiceError};

/// A company on a list (or in a publication), with the reasons people read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListEntry {
    pub company_id: String,
    pub company_name: String,
    pub grade: String,
    pub score: Option<Decimal>,
    /// Why it is on the list, or why it has its grade: the counting records, named.
    pub reasons: Vec<String>,
}

/// The lists of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditLists {
    /// e.g. `2023年第2季度`, `2023年度`.
    pub period: String,
    /// The period's last day, the day rated.
    pub as_of: Date,
    pub red: Vec<ListEntry>,
    pub black: Vec<ListEntry>,
}

/// The last day of `year`'s `quarter` (1–4), or of the year, with the period's Chinese name.
pub fn period_end(year: i16, quarter: Option<i8>) -> Result<(Date, String), ServiceError> {
    let bad =
        |field: &str, message: &str| ServiceError::Invalid(vec![FieldError::new(field, message)]);
    if !(2000..=2100).contains(&year) {
        return Err(bad("year", "年份须在 2000–2100 之间 (year out of range)"));
    }
    let (month, label) = match quarter {
        None => (12, format!("{year}年度")),
        Some(q @ 1..=4) => (q * 3, format!("{year}年第{q}季度")),
        Some(_) => return Err(bad("quarter", "季度须为 1–4 (quarter must be 1..4)")),
    };
    let first = Date::new(year, month, 1).map_err(|e| anyhow::anyhow!("month {month}: {e}"))?;
    Ok((first.last_of_month(), label))
}

/// The red and black lists of a period, rated on its last day.
pub async fn lists(
    state: &AppState,
    who: &Principal,
    year: i16,
    quarter: Option<i8>,
) -> Result<CreditLists, ServiceError> {
    let (as_of, period) = period_end(year, quarter)?;
    let (_, spec) = super::rubric_on(state, as_of, "year")?;
    let all = rating::all(state, who, as_of).await?;
    let (mut red, mut black) = (Vec::new(), Vec::new());
    for r in &all {
        match list_of(r, &spec.red_list) {
            Some(List::Black) => black.push(entry(r)),
            Some(List::Red) => red.push(entry(r)),
            None => {}
        }
    }
    Ok(CreditLists {
        period,
        as_of,
        red,
        black,
    })
}

/// Which list a rating puts its company on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// 守信红名单.
    Red,
    /// 失信黑名单.
    Black,
}

/// Black when a black-list event counts; red when rated with a grade of `red_grades` and not
/// black-listed; otherwise neither.
pub fn list_of(r: &RatingView, red_grades: &[String]) -> Option<List> {
    if r.result.blacklisted {
        Some(List::Black)
    } else if r.rated && red_grades.contains(&r.grade) {
        Some(List::Red)
    } else {
        None
    }
}

/// A rating as a list entry: the reasons are the black-list events when black-listed, the
/// bad records counting when graded by them, the score otherwise.
pub fn entry(r: &RatingView) -> ListEntry {
    let named = |keep: &dyn Fn(&crate::domain::rubric::credit::RecordLine) -> bool| -> Vec<String> {
        r.result
            .records
            .iter()
            .filter(|l| l.in_window && keep(l))
            .map(|l| {
                let reference = l.reference.as_deref().unwrap_or("无文号");
                format!("{}（{reference}，{}）", l.title, l.date)
            })
            .collect()
    };
    let reasons = if r.result.blacklisted {
        named(&|l| l.blacklist)
    } else {
        let bad = named(&|l| l.points < Decimal::ZERO);
        match r.score {
            Some(score) if bad.is_empty() => vec![format!("得分 {score}，期内无不良行为记录")],
            Some(score) => {
                let mut v = vec![format!("得分 {score}，期内不良行为记录 {} 条", bad.len())];
                v.extend(bad);
                v
            }
            None => vec!["未评级：当日无项目质量评价，亦无有效信用记录".to_owned()],
        }
    };
    ListEntry {
        company_id: r.company_id.clone(),
        company_name: r.company_name.clone(),
        grade: r.grade.clone(),
        score: r.score,
        reasons,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::rubric::credit::{
        ConductRecord, CreditInputs, ProjectQuality, credit_score_of,
    };
    use crate::domain::rubric::figures::Precision;
    use crate::domain::rubric::model::Body;

    /// A rating by the shipped credit rubric of one project of quality `quality` and `records`.
    fn rated(quality: rust_decimal::Decimal, records: &[&str]) -> RatingView {
        let path = format!("{}/rubrics/credit.toml", env!("CARGO_MANIFEST_DIR"));
        let rubric =
            crate::domain::rubric::parse("credit.toml", &std::fs::read_to_string(path).unwrap())
                .unwrap();
        let Body::Credit(spec) = &rubric.body else {
            panic!("not credit")
        };
        let inputs = CreditInputs {
            company: "甲物业".into(),
            as_of: date(2023, 12, 31),
            projects: vec![ProjectQuality {
                project: "小区".into(),
                quality,
                floor_area: dec!(1000),
            }],
            records: records
                .iter()
                .map(|k| ConductRecord {
                    kind: (*k).into(),
                    date: date(2023, 6, 1),
                    reference: Some("1号".into()),
                    valid_until: None,
                    ended: None,
                })
                .collect(),
        };
        let result = credit_score_of(
            spec,
            rubric.header.rounding.as_ref(),
            Precision::of(&rubric.header),
            &inputs,
        )
        .unwrap();
        RatingView {
            company_id: "a".into(),
            company_name: "甲物业".into(),
            as_of: inputs.as_of,
            rubric_id: "credit".into(),
            rubric_version: 1,
            rated: true,
            grade: result.grade.clone(),
            score: Some(result.score),
            projects: Vec::new(),
            record_ids: Vec::new(),
            result,
            alert_measures: std::collections::BTreeMap::new(),
        }
    }

    #[test]
    fn aaa_without_black_list_events_is_red_and_an_event_is_black_whatever_the_score() {
        let red = vec!["AAA".to_owned()];
        // credit.toml: AAA ≥ 85 with no bad record; 90 + 5 (city award) = 95 → AAA.
        let top = rated(dec!(90), &["award-city"]);
        assert_eq!(
            (top.grade.as_str(), list_of(&top, &red)),
            ("AAA", Some(List::Red))
        );
        // 78 + 5 = 83 → AA: neither list.
        assert_eq!(list_of(&rated(dec!(78), &["award-city"]), &red), None);
        // A black-list event: C and black, even from 100.
        let black = rated(dec!(100), &["fund-misuse"]);
        assert_eq!(
            (black.grade.as_str(), list_of(&black, &red)),
            ("C", Some(List::Black))
        );
        assert_eq!(
            entry(&black).reasons,
            ["挪用、侵占物业专项维修资金（1号，2023-06-01）"]
        );
        // An unrated company is on no list.
        let mut none = rated(dec!(90), &[]);
        none.rated = false;
        assert_eq!(list_of(&none, &red), None);
    }
}
