//! `/api/v1/surveys`: satisfaction survey rounds, code batches and indices (the bureau's side),
//! paper surveys ([`paper`]: template, import, annotated copy), and the public side
//! ([`public`]): submissions, published indices and receipts.

pub mod exports;
pub mod lists;
pub mod paper;
pub mod public;
pub mod throttle;

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{Choice, DeadlineText, LineText, Typed, typed};
use crate::domain::survey::round::DistributorKind;
use crate::service::survey::lists as service_lists;
use crate::service::survey::{batches, index, rounds};
use crate::service::{AppState, ServiceError};
use crate::service::{shown_at, shown_at_opt};
use crate::store::survey::rounds::RoundRow;

/// Survey endpoints of the bureau and those reading indices.
pub struct SurveysApi {
    pub state: AppState,
}

/// A new round.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewRoundBody {
    /// 轮次名称, unique (one line, at most 100 characters).
    pub name: LineText<100>,
    /// The assessment period the round belongs to (optional).
    #[oai(skip_serializing_if_is_none)]
    pub period_id: Option<String>,
    /// A `satisfaction` rubric id, e.g. `satisfaction`.
    pub rubric_id: String,
    /// Its version.
    #[oai(validator(minimum(value = "1")))]
    pub rubric_version: u32,
    /// Opens at, Beijing time: `2026-06-15T08:00`, or `2026-06-15` for the start of that day.
    pub opens_at: DeadlineText,
    /// Closes at, Beijing time: `2026-06-30` means the end of that day.
    pub closes_at: DeadlineText,
    /// Every project of this town or park … (exactly one of `town_id` and `project_ids`)
    #[oai(skip_serializing_if_is_none)]
    pub town_id: Option<String>,
    /// … or these projects (1–10,000).
    #[oai(
        skip_serializing_if_is_none,
        validator(min_items = 1, max_items = 10000)
    )]
    pub project_ids: Option<Vec<String>>,
}

/// A round.
#[derive(Debug, Object)]
pub struct SurveyRound {
    pub id: String,
    pub name: String,
    #[oai(skip_serializing_if_is_none)]
    pub period_id: Option<String>,
    pub rubric_id: String,
    pub rubric_version: i64,
    /// Beijing time with offset.
    pub opens_at: String,
    /// Beijing time with offset.
    pub closes_at: String,
    #[oai(skip_serializing_if_is_none)]
    pub published_at: Option<String>,
    pub version: i64,
    /// Each project with its households and required sample.
    pub projects: Vec<RoundProject>,
}

/// A project of a round.
#[derive(Debug, Object)]
pub struct RoundProject {
    pub project_id: String,
    /// 户数 (N) when the round opened.
    pub households: i64,
    /// Required valid responses: Cochran with the finite-population correction, the
    /// rubric's floor, every household when there are fewer.
    pub required: i64,
}

fn round_object(r: RoundRow, projects: Vec<RoundProject>) -> SurveyRound {
    SurveyRound {
        opens_at: shown_at(&r.opens_at),
        closes_at: shown_at(&r.closes_at),
        published_at: shown_at_opt(r.published_at.as_deref()),
        id: r.id,
        name: r.name,
        period_id: r.period_id,
        rubric_id: r.rubric_id,
        rubric_version: r.rubric_version,
        version: r.version,
        projects,
    }
}

fn view_object(v: rounds::RoundView) -> SurveyRound {
    let projects = v
        .projects
        .into_iter()
        .map(|p| RoundProject {
            project_id: p.project_id,
            households: p.households,
            required: p.required,
        })
        .collect();
    round_object(v.round, projects)
}

/// A batch to generate.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewBatchBody {
    pub project_id: String,
    /// 发放人, e.g. 张三（网格员） (one line, at most 100 characters).
    pub distributor: LineText<100>,
    /// `grid_worker` 社区网格员, `town_office` 镇（园区）办, `third_party` 第三方调查机构, `other`
    /// 其他: the code, the label or the `{code, label}` object.
    pub distributor_kind: Choice<DistributorKind>,
    /// The distributor's company, if any: never one serving the project.
    #[oai(skip_serializing_if_is_none)]
    pub company_id: Option<String>,
    /// Codes (1–5000; at least 10 unless fewer households are left to invite, never more than
    /// the households left); default the project's required sample plus `reserve_percent`.
    #[oai(
        skip_serializing_if_is_none,
        validator(minimum(value = "1"), maximum(value = "5000"))
    )]
    pub codes: Option<u32>,
    /// Reserve share in percent for the default size (0–100, default 20).
    #[oai(
        skip_serializing_if_is_none,
        validator(minimum(value = "0"), maximum(value = "100"))
    )]
    pub reserve_percent: Option<u32>,
}

/// A generated batch: the codes are shown this once and never again.
#[derive(Debug, Object)]
pub struct GeneratedBatch {
    pub batch_id: String,
    pub project_id: String,
    pub distributor: String,
    /// `{code, label}`.
    pub distributor_kind: Typed<DistributorKind>,
    /// The codes, `K7QM3-XPAZ9`.
    pub codes: Vec<String>,
}

/// A generated batch, never cached (it carries live codes).
#[derive(Debug, poem_openapi::ApiResponse)]
pub enum GeneratedBatchAnswer {
    /// The batch with its codes.
    #[oai(status = 200)]
    Ok(
        Json<GeneratedBatch>,
        #[oai(header = "Cache-Control")] String,
    ),
}

/// The service's input from the body. A reserve share over 100% is refused here (the
/// service would otherwise cap it without a word).
pub(crate) fn batch_input(b: NewBatchBody) -> ApiResult<batches::NewBatch> {
    if b.reserve_percent.is_some_and(|r| r > 100) {
        return Err(crate::api::error::ApiError::invalid(vec![
            crate::domain::FieldError::new(
                "reserve_percent",
                "备用比例须在 0–100（百分数）之间 (reserve share 0 to 100 percent)",
            ),
        ]));
    }
    Ok(batches::NewBatch {
        project_id: b.project_id,
        distributor: b.distributor.0,
        distributor_kind: b.distributor_kind.code(),
        company_id: b.company_id,
        codes: b.codes,
        reserve_percent: b.reserve_percent,
    })
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Surveys")]
impl SurveysApi {
    /// 新建调查轮次 (open a survey round; admin).
    #[oai(path = "/surveys", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::ManageSurveys>,
        body: JsonBody<NewRoundBody>,
    ) -> ApiResult<Json<SurveyRound>> {
        let b = body.0;
        let input = rounds::NewRound {
            name: b.name.0,
            period_id: b.period_id,
            rubric_id: b.rubric_id,
            rubric_version: b.rubric_version,
            opens_at: b.opens_at.0,
            closes_at: b.closes_at.0,
            town_id: b.town_id,
            project_ids: b.project_ids.unwrap_or_default(),
        };
        let view = rounds::create(&self.state, &caller.who, &input).await?;
        Ok(Json(view_object(view)))
    }

    /// 调查轮次 (a round with its projects' required samples).
    #[oai(path = "/surveys/:round", method = "get")]
    async fn get(
        &self,
        caller: Allowed<can::ReadSurveys>,
        round: Path<String>,
    ) -> ApiResult<Json<SurveyRound>> {
        Ok(Json(view_object(
            rounds::get(&self.state, &caller.who, &round.0).await?,
        )))
    }

    /// 考核周期的调查轮次 (the survey rounds of an assessment period, by opening time).
    #[oai(path = "/periods/:period/surveys", method = "get")]
    async fn of_period(
        &self,
        caller: Allowed<can::ReadSurveys>,
        period: Path<String>,
    ) -> ApiResult<Json<Vec<SurveyRound>>> {
        let views = service_lists::rounds_of_period(&self.state, &caller.who, &period.0).await?;
        Ok(Json(views.into_iter().map(view_object).collect()))
    }

    /// 邀请码批次 (a round's code batches: who holds them; the codes themselves are never
    /// shown again).
    #[oai(path = "/surveys/:round/batches", method = "get")]
    async fn batches(
        &self,
        caller: Allowed<can::ReadSurveys>,
        round: Path<String>,
    ) -> ApiResult<Json<Vec<lists::SurveyBatch>>> {
        let rows = service_lists::batches(&self.state, &caller.who, &round.0).await?;
        let objects = rows.into_iter().map(lists::batch_object);
        Ok(Json(objects.collect::<Result<_, _>>()?))
    }

    /// 生成邀请码批次 (generate a batch of one-time codes for a named distributor; admin; the
    /// codes are shown this once and the answer is never cached).
    #[oai(path = "/surveys/:round/batches", method = "post")]
    async fn batch(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
        body: JsonBody<NewBatchBody>,
    ) -> ApiResult<GeneratedBatchAnswer> {
        let input = batch_input(body.0)?;
        let g = batches::generate(&self.state, &caller.who, &round.0, &input).await?;
        // The stored code is one the service parsed; another is a fault, not the caller's.
        let kind = DistributorKind::parse("distributor_kind", &g.batch.distributor_kind)
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("stored batch: {}", e.message)))?;
        let batch = Json(GeneratedBatch {
            batch_id: g.batch.id,
            project_id: g.batch.project_id,
            distributor: g.batch.distributor,
            distributor_kind: Typed(kind),
            codes: g.codes,
        });
        Ok(GeneratedBatchAnswer::Ok(batch, exports::NO_STORE.into()))
    }

    /// 公布结果 (publish a closed round: public indices and the receipt list; admin).
    #[oai(path = "/surveys/:round/publish", method = "post")]
    async fn publish(
        &self,
        caller: Allowed<can::ManageSurveys>,
        round: Path<String>,
    ) -> ApiResult<Json<SurveyRound>> {
        let r = rounds::publish(&self.state, &caller.who, &round.0).await?;
        Ok(Json(round_object(r, Vec::new())))
    }

    /// 满意度指数 (index of a scope: weighted index 0–100 with its 95% t interval and
    /// finite-population correction, share satisfied against the benchmark, dimension means,
    /// valid/invalid counts, response rate, `provisional` with the shortfall; the bureau,
    /// reviewers and inspectors also see per-batch flags). `scope`: `project:<id>`,
    /// `company:<id>`, `community:<id>`, `town:<id>`, or absent for every project the caller
    /// may see. Units see their own area; companies their own projects once the round closed.
    #[oai(path = "/surveys/:round/index", method = "get")]
    async fn index(
        &self,
        caller: Allowed<can::ReadSurveyIndex>,
        round: Path<String>,
        scope: Query<Option<String>>,
    ) -> ApiResult<Json<Typed<index::IndexView>>> {
        let view = index::index(
            &self.state,
            &caller.who,
            &round.0,
            scope.0.as_deref().unwrap_or(""),
        )
        .await?;
        typed(view)
    }
}
