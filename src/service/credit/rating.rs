//! A company's credit rating as of a date: Σ(project quality × floor-area share among the
//! projects it served that day) + good conduct (capped) − bad conduct valid that day, graded
//! by the `credit` rubric in force that day ([`crate::domain::rubric::credit_score`]). The
//! same inputs and date always give the same result, and the trace names every project and
//! record. A company with nothing rated — no project quality and no record counting that day —
//! is 未评级 (unrated), never 0.
//!
//! Project quality is the `composite` rubric over the on-site evaluation and the residents'
//! satisfaction as of the same day ([`super::quality`]); a company none of whose served
//! projects has one gets the rubric's `base` for the quality part, said so in the trace.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::quality::Served;
use super::{readable, rubric_on};
use crate::domain::access::Principal;
use crate::domain::credit::quality::QualityResult;
use crate::domain::rubric::credit::{
    ConductRecord, CreditInputs, CreditResult, ProjectQuality, ProjectRenewal, credit_score_of,
    project_renewal,
};
use crate::domain::rubric::figures::Precision;
use crate::service::{AppState, ServiceError};
use crate::store::credit::{self as store, ServedRow, WindowRow};

/// The grade shown for a company with nothing rated.
pub const UNRATED: &str = "未评级";

/// A project the company served on the day, with its weight and quality (when rated).
#[derive(Debug, Clone, PartialEq)]
pub struct ServedProject {
    pub project_id: String,
    pub project_name: String,
    /// 建筑面积 m², the weight.
    pub floor_area: Decimal,
    /// Its quality score 0–100, when rated.
    pub quality: Option<Decimal>,
    /// How the quality was reached (components, sources, re-normalisation), when rated.
    pub quality_line: Option<String>,
    /// The quality's grade by the composite rubric's bands (优秀/良好/合格/不合格), when rated.
    pub quality_grade: Option<String>,
    /// The renewal recommendation (续签建议) from the company's grade and this quality grade;
    /// absent while the company is unrated.
    pub renewal: Option<ProjectRenewal>,
}

/// One company's rating on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingView {
    pub company_id: String,
    pub company_name: String,
    pub as_of: Date,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// False when nothing is rated: the grade is [`UNRATED`] and the score absent.
    pub rated: bool,
    pub grade: String,
    pub score: Option<Decimal>,
    pub projects: Vec<ServedProject>,
    /// Record ids, in the order of `result.records`.
    pub record_ids: Vec<String>,
    /// The computation with its trace.
    pub result: CreditResult,
    /// What each of the rubric's alert lines means (by line), when it says.
    pub alert_measures: BTreeMap<Decimal, String>,
}

/// The day a rating is for: `raw` (`YYYY-MM-DD`, field `as_of`), or today in Beijing.
pub fn day(state: &AppState, raw: Option<&str>) -> Result<Date, ServiceError> {
    match raw {
        Some(raw) => crate::domain::ledger::fields::date("as_of", raw)
            .map_err(|e| ServiceError::Invalid(vec![e])),
        None => Ok(state.db.clock.today()),
    }
}

/// The rating of one company as of `as_of` (404 for one the caller may not read).
pub async fn of_company(
    state: &AppState,
    who: &Principal,
    company_id: &str,
    as_of: Date,
) -> Result<RatingView, ServiceError> {
    super::check_company(state, who, company_id).await?;
    let mut all = rate(state, Some(company_id), as_of).await?;
    all.pop()
        .ok_or_else(|| ServiceError::NotFound(format!("企业 {company_id}")))
}

/// The ratings of every company the caller may read as of `as_of`, by company name.
pub async fn all(
    state: &AppState,
    who: &Principal,
    as_of: Date,
) -> Result<Vec<RatingView>, ServiceError> {
    rate(state, readable(who)?, as_of).await
}

/// Three reads whatever the number of companies, at once: the companies, the projects served
/// that day, the records valid that day (beside the projects' quality); then each company is
/// scored in memory.
pub(crate) async fn rate(
    state: &AppState,
    only: Option<&str>,
    as_of: Date,
) -> Result<Vec<RatingView>, ServiceError> {
    let (rubric, spec) = rubric_on(state, as_of, "as_of")?;
    let pool = &state.db.pool;
    // Independent reads, each on its own connection (see `quality::as_of`).
    let (companies, served, records, qualities) = tokio::try_join!(
        async { Ok::<_, ServiceError>(store::companies(pool, only).await?) },
        async { Ok(store::served_on(pool, as_of, only).await?) },
        async { Ok(store::valid_on(pool, as_of, only).await?) },
        super::quality::as_of(state, as_of),
    )?;
    let mut served = group(served, |r| &r.company_id);
    let mut records = group(records, |r| &r.company_id);
    let precision = Precision::of(&rubric.header);
    let measures: BTreeMap<Decimal, String> = spec
        .alerts
        .iter()
        .copied()
        .zip(spec.alert_measures.iter().cloned())
        .collect();
    let mut out = Vec::with_capacity(companies.len());
    for (id, name) in companies {
        let served = served.remove(&id).unwrap_or_default();
        let records = records.remove(&id).unwrap_or_default();
        let mut projects: Vec<ServedProject> =
            served.into_iter().map(|r| project(r, &qualities)).collect();
        let inputs = inputs(&name, as_of, &records, &projects);
        let mut result =
            credit_score_of(&spec, rubric.header.rounding.as_ref(), precision, &inputs).map_err(
                |errors| anyhow::anyhow!("stored records of company {id} do not score: {errors:?}"),
            )?;
        result.steps.insert(0, quality_step(&projects, spec.base));
        let rated = conclude(&spec, &mut result, &mut projects);
        out.push(RatingView {
            company_id: id,
            company_name: name,
            as_of,
            rubric_id: rubric.header.id.clone(),
            rubric_version: rubric.header.version,
            rated,
            grade: if rated {
                result.grade.clone()
            } else {
                UNRATED.to_owned()
            },
            score: rated.then_some(result.score),
            projects,
            record_ids: records.iter().map(|r| r.id.clone()).collect(),
            result,
            alert_measures: measures.clone(),
        });
    }
    Ok(out)
}

/// Whether anything is rated (a project's quality or a record counting); when not, the trace
/// says so instead of grading the base score; when so, each project gets its renewal advice.
fn conclude(
    spec: &crate::domain::rubric::credit::CreditSpec,
    result: &mut CreditResult,
    projects: &mut [ServedProject],
) -> bool {
    let rated =
        projects.iter().any(|p| p.quality.is_some()) || result.records.iter().any(|r| r.in_window);
    if rated {
        for p in projects {
            p.renewal = project_renewal(spec, &result.grade, p.quality_grade.as_deref());
        }
    } else {
        // The last step graded the base score as if it were a rating: replace it.
        result.steps.pop();
        result.steps.push(format!(
            "当日既无项目质量评价、也无计分的信用记录：{UNRATED}，不给等级 \
             (nothing rated on the day: no grade)"
        ));
    }
    rated
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> &String) -> BTreeMap<String, Vec<T>> {
    let mut map: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for r in rows {
        map.entry(key(&r).clone()).or_default().push(r);
    }
    map
}

fn inputs(
    name: &str,
    as_of: Date,
    records: &[WindowRow],
    projects: &[ServedProject],
) -> CreditInputs {
    CreditInputs {
        company: name.to_owned(),
        as_of,
        projects: projects
            .iter()
            .filter_map(|p| {
                p.quality.map(|quality| ProjectQuality {
                    project: p.project_name.clone(),
                    quality,
                    floor_area: p.floor_area,
                })
            })
            .collect(),
        records: records
            .iter()
            .map(|r| ConductRecord {
                kind: r.kind.clone(),
                date: r.recorded_on,
                reference: Some(r.reference.clone()),
                valid_until: Some(r.valid_until),
                ended: r.ended_on,
            })
            .collect(),
    }
}

fn project(r: ServedRow, qualities: &BTreeMap<Served, QualityResult>) -> ServedProject {
    let q = qualities.get(&(r.project_id.clone(), r.company_id.clone()));
    ServedProject {
        project_id: r.project_id,
        project_name: r.project_name,
        floor_area: r.floor_area,
        quality: q.map(|q| q.total),
        quality_line: q.map(|q| q.line.clone()),
        quality_grade: q.and_then(|q| q.grade.clone()),
        renewal: None,
    }
}

fn quality_step(projects: &[ServedProject], base: Decimal) -> String {
    let rated: Vec<String> = projects
        .iter()
        .filter_map(|p| {
            let line = p.quality_line.as_deref()?;
            Some(format!("{}：{line}", p.project_name))
        })
        .collect();
    if !rated.is_empty() {
        return format!(
            "当日在服务项目 {} 个，其中 {} 个有项目质量评价（{}），质量部分按其建筑面积加权 \
             (quality part: floor-area-weighted over the rated projects)",
            projects.len(),
            rated.len(),
            rated.join("；")
        );
    }
    let area: Decimal = projects.iter().map(|p| p.floor_area).sum();
    let names: Vec<&str> = projects.iter().map(|p| p.project_name.as_str()).collect();
    format!(
        "当日在服务项目 {} 个（{}；建筑面积合计 {area} m²），均无项目质量评价，质量部分按标准取基准分 {base} \
         (no served project has a quality score: the quality part is the rubric's base)",
        projects.len(),
        if names.is_empty() {
            "无".to_owned()
        } else {
            names.join("、")
        },
    )
}
