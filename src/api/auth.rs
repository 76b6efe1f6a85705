//! Authentication at the edge: a bearer token becomes a [`Principal`]; operations then call
//! [`Caller::require`] with their [`Action`], which defers to [`crate::domain::access`].

use poem::Request;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;

use super::error::ApiError;
use crate::domain::access::{self, Action, Principal};
use crate::service::{AppState, tokens};

/// Bearer token issued by `kaoping token create` or `POST /api/v1/tokens`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "check_bearer")]
pub struct Caller(pub Principal);

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<Principal> {
    let state = req.data::<AppState>().ok_or_else(|| {
        poem::Error::from_string(
            "state missing",
            poem::http::StatusCode::INTERNAL_SERVER_ERROR,
        )
    })?;
    match tokens::authenticate(&state.db, &bearer.token).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(poem_openapi::error::AuthorizationError.into()),
        Err(e) => Err(ApiError::from(e).into()),
    }
}

impl Caller {
    /// Refuses with 403 unless the caller's role may perform `action`.
    pub fn require(&self, action: Action) -> Result<&Principal, ApiError> {
        access::authorize(&self.0, action)?;
        Ok(&self.0)
    }
}
