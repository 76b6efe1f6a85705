//! The on-site and daily inputs of project quality for the credit benchmark: accepted
//! evaluations (some with upheld or rejected objections) and complaints, written through the
//! store as the conduct records are.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use kaoping::domain::credit::complaint::Outcome;
use kaoping::domain::credit::evaluation::{
    EvaluationStatus, Finding, Measure, ObjectionStatus, Sheets,
};
use kaoping::domain::rubric::model::Body;
use kaoping::service::AppState;
use kaoping::store::credit::ServedRow;
use kaoping::store::credit::complaints::ComplaintRow;
use kaoping::store::credit::evaluations::{EvaluationRow, ObjectionRow};
use rust_decimal::Decimal;

const AT: &str = "2023-12-31T00:00:00Z";

/// Deduction findings of the shipped `service-quality.toml` the sheets draw from.
const FINDINGS: [(&str, &str); 7] = [
    ("1.1", "no-guard"),
    ("1.2", "blocked"),
    ("2.2", "broken-light"),
    ("3.1", "weeds"),
    ("4.2", "dirty"),
    ("5.1", "outdated"),
    ("7.2", "extinguisher"),
];

/// `n` days after 2023-01-20 (the 2023 rubrics' first day).
fn day(n: u32) -> Date {
    date(2023, 1, 20).saturating_add(i64::from(n).days())
}

/// Two inspectors' sheets for visit `v` of project `i`: two to four findings, and 6.2 (投诉按时
/// 办结率) measured on both sheets.
fn sheets(i: usize, v: usize) -> Sheets {
    let k = i * 3 + v;
    let findings = (0..2 + k % 3)
        .map(|f| {
            let (item, finding) = FINDINGS[(k + f * 2) % FINDINGS.len()];
            Finding {
                sheet: 1 + (f % 2) as u32,
                item: item.into(),
                finding: finding.into(),
                count: 1 + ((k + f) % 3) as u32,
                note: Some("现场所见".into()),
                location: Some(format!("{}号楼", 1 + f)),
                photos: Vec::new(),
            }
        })
        .collect();
    let share = Decimal::new(80 + (k % 20) as i64, 2);
    let measures = (1..=2)
        .map(|sheet| Measure {
            sheet,
            item: "6.2".into(),
            value: share,
            note: None,
        })
        .collect();
    Sheets {
        inspectors: vec!["张三".into(), "李四".into()],
        findings,
        measures,
        ..Default::default()
    }
}

/// One or two accepted visits per project in 2023 (every other project visited again in the
/// autumn), accepted five days after the visit.
pub fn evaluations(served: &[ServedRow]) -> Vec<EvaluationRow> {
    let mut out = Vec::new();
    for (i, s) in served.iter().enumerate() {
        let visits = 1 + usize::from(i % 2 == 0);
        for v in 0..visits {
            let visit_on = day(40 + (i % 60) as u32 + 180 * v as u32);
            out.push(EvaluationRow {
                id: format!("e{i:07}{v}"),
                project_id: s.project_id.clone(),
                company_id: s.company_id.clone(),
                visit_on,
                rubric_id: "service-quality".into(),
                rubric_version: 1,
                organisation: "第三方测评机构".into(),
                created_by: None,
                sheets: sheets(i, v),
                status: EvaluationStatus::Accepted,
                submitted_at: Some(AT.into()),
                accepted_on: Some(visit_on.saturating_add(5.days())),
                returned_reason: None,
                version: 3,
                created_at: AT.into(),
                updated_at: AT.into(),
            });
        }
    }
    out
}

/// An upheld objection to the first finding of every fifth evaluation, a rejected one to the
/// second finding of every seventh.
pub fn objections(evaluations: &[EvaluationRow]) -> Vec<ObjectionRow> {
    let mut out = Vec::new();
    for (i, e) in evaluations.iter().enumerate() {
        let accepted = e.accepted_on.unwrap_or(e.visit_on);
        let picks = [
            (i % 5 == 0, 0, ObjectionStatus::Upheld, "属实，予以撤销"),
            (i % 7 == 0, 1, ObjectionStatus::Rejected, "不属实"),
        ];
        for (chosen, finding, status, why) in picks {
            if !chosen {
                continue;
            }
            out.push(ObjectionRow {
                id: format!("o{i:08}{finding}"),
                evaluation_id: e.id.clone(),
                finding,
                company_id: e.company_id.clone(),
                reason: "已整改，有记录".into(),
                filed_on: accepted.saturating_add(1.days()),
                status,
                decision_reason: Some(why.into()),
                decided_on: Some(accepted.saturating_add(3.days())),
                version: 2,
                created_at: AT.into(),
                updated_at: AT.into(),
            });
        }
    }
    out
}

/// One to four complaints per project over 2023 by the shipped composite rubric's channels
/// and categories: most resolved in time, every fourth late, every ninth still open;
/// alternately found 属实 and 不属实.
pub fn complaints(state: &AppState, served: &[ServedRow]) -> Vec<ComplaintRow> {
    let rubric = state.rubrics.get("composite", 1).expect("composite v1");
    let Body::Composite(spec) = rubric.body() else {
        panic!("composite.toml is not a composite rubric")
    };
    let rules = spec.daily.as_ref().expect("composite [daily]");
    let mut out = Vec::new();
    for (i, s) in served.iter().enumerate() {
        for k in 0..1 + i % 4 {
            let n = out.len();
            let channel = &rules.channels[n % rules.channels.len()];
            let received_on = day(((i * 37 + k * 113) % 340) as u32);
            let due_on = received_on.saturating_add(i64::from(channel.limit_days).days());
            let resolved_on = match n % 36 {
                x if x % 9 == 0 => None,
                x if x % 4 == 0 => Some(due_on.saturating_add(5.days())),
                _ => Some(received_on.saturating_add(3.days())),
            };
            let outcome = resolved_on.map(|_| {
                if n % 2 == 0 {
                    Outcome::Upheld
                } else {
                    Outcome::NotUpheld
                }
            });
            out.push(ComplaintRow {
                id: format!("c{n:08}"),
                project_id: s.project_id.clone(),
                company_id: s.company_id.clone(),
                rubric_id: "composite".into(),
                rubric_version: 1,
                channel: channel.code.clone(),
                category: rules.categories[n % rules.categories.len()].code.clone(),
                reference: format!("GD{n:08}"),
                received_on,
                due_on,
                summary: Some("楼道照明损坏".into()),
                resolved_on,
                outcome,
                resolution: resolved_on.map(|_| "已处理".into()),
                withdrawn_on: None,
                withdrawn_reason: None,
                version: 1 + i64::from(resolved_on.is_some()),
                created_at: AT.into(),
                updated_at: AT.into(),
            });
        }
    }
    out
}
