//! `/api/v1/evaluations`: on-site evaluations (第三方现场测评) — an inspector opens and fills
//! one, submits it; the bureau accepts or returns it; the company objects to a finding within
//! the rubric's window and the bureau decides.

mod body;
mod import;
mod photo_file;
mod photos;
mod view;

use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{Typed, typed};
use crate::service::AppState;
use crate::service::credit::evaluations::write::{self, Step};
use crate::service::credit::evaluations::{self as service, objections};

pub use body::{NewEvaluation, SheetsBody};
pub use import::EvaluationImportApi;
pub use photos::EvaluationPhotoApi;
pub use view::Evaluation;

/// Evaluation endpoints.
pub struct EvaluationsApi {
    pub state: AppState,
}

type One = ApiResult<Json<Typed<Evaluation>>>;

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl EvaluationsApi {
    /// 新建现场测评 (open a draft evaluation of a project's visit; inspector or admin).
    #[oai(path = "/evaluations", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteEvaluations>,
        body: JsonBody<NewEvaluation>,
    ) -> One {
        let b = body.0;
        let input = write::NewEvaluation {
            project_id: b.project_id,
            visit_on: b.visit_on.0,
            inspectors: b.inspectors.into_iter().map(|n| n.0).collect(),
        };
        typed(
            write::create(&self.state, &caller.who, &input)
                .await?
                .into(),
        )
    }

    /// 现场测评列表 (evaluations of a project or a company that the caller may see, newest first).
    #[oai(path = "/evaluations", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadEvaluations>,
        /// Only this project.
        #[oai(validator(max_length = 64))]
        project_id: Query<Option<String>>,
        /// Only this company (a company token always reads its own).
        #[oai(validator(max_length = 64))]
        company_id: Query<Option<String>>,
    ) -> ApiResult<Json<Typed<Vec<Evaluation>>>> {
        let all = service::list(
            &self.state,
            &caller.who,
            project_id.0.as_deref(),
            company_id.0.as_deref(),
        )
        .await?;
        typed(all.into_iter().map(Evaluation::from).collect())
    }

    /// 现场测评 (one evaluation with its findings, objections and score).
    #[oai(path = "/evaluations/:id", method = "get")]
    async fn get(&self, caller: Allowed<can::ReadEvaluations>, id: Path<String>) -> One {
        typed(service::get(&self.state, &caller.who, &id.0).await?.into())
    }

    /// 填写检查表 (replace a draft's sheets: findings, measures, vetoes, items not applicable).
    #[oai(path = "/evaluations/:id/sheets", method = "put")]
    async fn sheets(
        &self,
        caller: Allowed<can::WriteEvaluations>,
        id: Path<String>,
        body: JsonBody<SheetsBody>,
    ) -> One {
        let (version, sheets) = body.0.sheets()?;
        typed(
            write::save_sheets(&self.state, &caller.who, &id.0, version, &sheets)
                .await?
                .into(),
        )
    }

    /// 提交现场测评 (submit a complete draft to the bureau).
    #[oai(path = "/evaluations/:id/submit", method = "post")]
    async fn submit(
        &self,
        caller: Allowed<can::WriteEvaluations>,
        id: Path<String>,
        body: JsonBody<body::StepBody>,
    ) -> One {
        typed(
            write::step(
                &self.state,
                &caller.who,
                &id.0,
                body.0.version,
                &Step::Submit,
            )
            .await?
            .into(),
        )
    }

    /// 采纳现场测评 (accept a submitted evaluation: it counts from the acceptance day `on`,
    /// default today; admin).
    #[oai(path = "/evaluations/:id/accept", method = "post")]
    async fn accept(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        id: Path<String>,
        body: JsonBody<body::AcceptBody>,
    ) -> One {
        let on = body.0.on.map(|d| d.0);
        typed(
            write::step(
                &self.state,
                &caller.who,
                &id.0,
                body.0.version,
                &Step::Accept { on },
            )
            .await?
            .into(),
        )
    }

    /// 退回现场测评 (return a submitted evaluation to draft, with why; admin).
    #[oai(path = "/evaluations/:id/return", method = "post")]
    async fn give_back(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        id: Path<String>,
        body: JsonBody<body::ReturnBody>,
    ) -> One {
        let b = body.0;
        let step = Step::Return { reason: b.reason.0 };
        typed(
            write::step(&self.state, &caller.who, &id.0, b.version, &step)
                .await?
                .into(),
        )
    }

    /// 提出异议 (the company objects to one finding of an accepted evaluation, within the window).
    #[oai(path = "/evaluations/:id/objections", method = "post")]
    async fn object(
        &self,
        caller: Allowed<can::ObjectToEvaluation>,
        id: Path<String>,
        body: JsonBody<body::NewObjection>,
    ) -> One {
        let b = body.0;
        let finding = usize::try_from(b.finding).unwrap_or(usize::MAX);
        typed(
            objections::lodge(&self.state, &caller.who, &id.0, finding, &b.reason.0)
                .await?
                .into(),
        )
    }

    /// 异议决定 (uphold or reject an objection; admin).
    #[oai(path = "/evaluation-objections/:id/decision", method = "post")]
    async fn decide(
        &self,
        caller: Allowed<can::DecideEvaluations>,
        id: Path<String>,
        body: JsonBody<body::ObjectionDecision>,
    ) -> One {
        let b = body.0;
        typed(
            objections::decide(
                &self.state,
                &caller.who,
                &id.0,
                b.version,
                b.uphold,
                &b.reason.0,
            )
            .await?
            .into(),
        )
    }
}
