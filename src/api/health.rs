//! Liveness and readiness probes.

use poem::http::StatusCode;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::error::{ApiError, ApiResult};

use super::Tag;
use crate::service::AppState;

/// Probe endpoints.
pub struct HealthApi {
    pub state: AppState,
}

/// Readiness report.
#[derive(Debug, Object)]
pub struct Readiness {
    /// Database answers.
    pub database: bool,
    /// All migrations applied.
    pub migrations: bool,
    /// Rubrics loaded.
    pub rubrics: usize,
}

#[OpenApi(tag = "Tag::Health")]
impl HealthApi {
    /// 存活探针 (liveness): the process is up.
    #[oai(path = "/healthz", method = "get")]
    async fn healthz(&self) -> poem_openapi::payload::PlainText<&'static str> {
        poem_openapi::payload::PlainText("ok")
    }

    /// 就绪探针 (readiness): database reachable, migrations applied, rubrics loaded.
    #[oai(path = "/readyz", method = "get")]
    async fn readyz(&self) -> ApiResult<Json<Readiness>> {
        let db = &self.state.db;
        let database = db.ping().await.is_ok();
        let migrations = database && db.migrations_applied().await.unwrap_or(false);
        let rubrics = self.state.rubrics.len();
        if database && migrations && rubrics > 0 {
            Ok(Json(Readiness {
                database,
                migrations,
                rubrics,
            }))
        } else {
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "未就绪 (not ready): database={database}, migrations={migrations}, rubrics={rubrics}"
                ),
            ))
        }
    }
}
