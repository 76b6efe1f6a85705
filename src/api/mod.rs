//! HTTP API (poem-openapi): one file per resource, each an `#[OpenApi]` struct. Requests are
//! parsed into domain types at the edge; every error is `application/problem+json`. JSON bodies
//! are read strictly ([`body`]); the edge middleware ([`edge`]) knows the routes ([`routes`]).

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod body;
pub mod credit;
pub mod edge;
pub mod error;
pub mod evidence_upload;
pub mod health;
pub mod ledger;
pub mod periods;
pub mod results;
pub mod reviews;
pub mod routes;
pub mod rubrics;
pub mod spec;
pub mod surveys;
pub mod tokens;
pub mod typed;
pub mod xlsx;

use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::{OpenApiService, Tags};

use crate::service::AppState;

/// Groups of operations in the docs.
#[derive(Tags)]
pub enum Tag {
    /// 健康检查 (health probes)
    Health,
    /// 令牌与身份 (tokens and identity)
    Tokens,
    /// 审计 (audit trail)
    Audit,
    /// 考核标准 (rubrics)
    Rubrics,
    /// 物业管理信息台账 (the ledger: regions, units, companies, projects, handover inspections, import, metrics)
    Ledger,
    /// 考核周期、考核组与督查督办 (periods, review teams, supervision items)
    Periods,
    /// 自评与复核 (self-assessment, re-check, evidence, appeals, results)
    Assessments,
    /// 企业信用 (conduct records, credit ratings)
    Credit,
    /// 满意度调查 (satisfaction surveys: rounds, codes, responses, indices)
    Surveys,
    /// 考核结果、评优评先与公示 (results and rankings, awards, published snapshots, public notice)
    Results,
}

/// Every operation group, as one tuple for [`OpenApiService`] (poem-openapi implements tuples
/// of up to 16; a step with several groups nests its own tuple, e.g. [`credit::Apis`]).
pub type Apis = (
    health::HealthApi,
    tokens::TokensApi,
    audit::AuditApi,
    rubrics::RubricsApi,
    LedgerApis,
    (
        periods::PeriodsApi,
        periods::teams::TeamsApi,
        periods::supervision::SupervisionApi,
    ),
    assessments::AssessmentsApi,
    reviews::ReviewsApi,
    credit::Apis,
    (
        surveys::SurveysApi,
        surveys::exports::SurveyExportsApi,
        surveys::paper::SurveyPaperApi,
        surveys::public::PublicSurveyApi,
    ),
    results::ResultsApi,
);

/// The ledger's operation groups (a tuple of its own: poem-openapi takes at most 16 per tuple).
pub type LedgerApis = (
    ledger::regions::RegionsApi,
    ledger::units::UnitsApi,
    ledger::companies::CompaniesApi,
    ledger::projects::ProjectsApi,
    ledger::service_periods::ServicePeriodsApi,
    ledger::handover::HandoverApi,
    ledger::import::ImportApi,
    ledger::metrics::MetricsApi,
);

/// The OpenAPI service holding every operation (with a throttle of its own; the served
/// application shares one with the answer pages, see [`app`]).
pub fn openapi(state: &AppState) -> OpenApiService<Apis, ()> {
    openapi_with(state, std::sync::Arc::default())
}

/// The OpenAPI service whose public survey submission counts code guesses in `throttle`.
fn openapi_with(
    state: &AppState,
    throttle: std::sync::Arc<surveys::throttle::Throttle>,
) -> OpenApiService<Apis, ()> {
    let s = || state.clone();
    OpenApiService::new(
        (
            health::HealthApi { state: s() },
            tokens::TokensApi { state: s() },
            audit::AuditApi { state: s() },
            rubrics::RubricsApi { state: s() },
            (
                ledger::regions::RegionsApi { state: s() },
                ledger::units::UnitsApi { state: s() },
                ledger::companies::CompaniesApi { state: s() },
                ledger::projects::ProjectsApi { state: s() },
                ledger::service_periods::ServicePeriodsApi { state: s() },
                ledger::handover::HandoverApi { state: s() },
                ledger::import::ImportApi { state: s() },
                ledger::metrics::MetricsApi { state: s() },
            ),
            (
                periods::PeriodsApi { state: s() },
                periods::teams::TeamsApi { state: s() },
                periods::supervision::SupervisionApi { state: s() },
            ),
            assessments::AssessmentsApi { state: s() },
            reviews::ReviewsApi { state: s() },
            credit::apis(s()),
            (
                surveys::SurveysApi { state: s() },
                surveys::exports::SurveyExportsApi { state: s() },
                surveys::paper::SurveyPaperApi { state: s() },
                surveys::public::PublicSurveyApi {
                    state: s(),
                    throttle: throttle.clone(),
                },
            ),
            results::ResultsApi { state: s() },
        ),
        "kaoping 考评",
        env!("CARGO_PKG_VERSION"),
    )
    .description("县住建局住宅物业管理攻坚行动考评服务 (scoring service of a county housing bureau's property-management campaign)")
}

/// The whole HTTP application: operations, `/openapi.json`, `/docs`, and the edge middleware.
pub fn app(state: AppState) -> impl Endpoint + use<> {
    // One count of code guesses per address for the API and the answer pages alike, or a
    // guesser would simply switch to `GET /s/{code}`.
    let throttle = std::sync::Arc::new(surveys::throttle::Throttle::new(
        state.settings.trusted_nets(),
    ));
    let api = openapi_with(&state, throttle.clone());
    // The document with the edge's rules stated (see `spec`); built once, served as is.
    let document = spec::document(&api.spec());
    let spec = poem::endpoint::make_sync(move |_| {
        poem::Response::builder()
            .content_type("application/json; charset=utf-8")
            .body(document.clone())
    });
    let docs = api.swagger_ui();
    let body_limit = usize::try_from(state.settings.json_body_limit).unwrap_or(usize::MAX);
    let mut routes = routes::Routes::from_meta(&<Apis as poem_openapi::OpenApi>::meta());
    for path in ["/openapi.json", "/docs", "/docs/oauth-receiver.html"] {
        routes.add(path, poem::http::Method::GET, false);
    }
    for (path, methods) in crate::web::PATHS {
        for m in methods {
            if let Ok(method) = poem::http::Method::from_bytes(m.as_bytes()) {
                routes.add(path, method, false);
            }
        }
    }
    let routes = std::sync::Arc::new(routes);
    crate::web::mount(Route::new())
        .nest("/", api)
        // The spec and the docs answer GET (and HEAD) only, like every other read.
        .at("/openapi.json", poem::get(spec))
        .nest("/docs", poem::get(docs))
        // A panic is a bug, but the client still gets a problem document (the edge converts
        // this 500) and the server keeps serving.
        .with(poem::middleware::CatchPanic::new())
        .data(state)
        .data(throttle)
        .with(edge::Edge { body_limit, routes })
}
