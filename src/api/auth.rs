//! Authentication and authorisation at the edge, in one place: a bearer token becomes a
//! [`Principal`] ([`Caller`]), and every operation declares the [`Action`] it performs with an
//! [`Allowed`]`<can::X>` parameter, decided by [`crate::domain::access`] before the request body
//! is read. Ownership (which unit, which team) is then the service layer's job.

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

/// A permission an operation demands, as a type, so the decision runs while the request is
/// extracted — after the token, before the body is read: a caller whose role may not perform
/// the action gets 403 without its payload being parsed or echoed back.
pub trait Permission: Send + Sync {
    /// The action checked against [`crate::domain::access`].
    const ACTION: Action;
}

/// An authenticated caller whose role may perform `P::ACTION` (ownership is the service's job).
pub struct Allowed<P: Permission> {
    /// Who is calling.
    pub who: Principal,
    _permission: std::marker::PhantomData<P>,
}

impl<'a, P: Permission> poem_openapi::ApiExtractor<'a> for Allowed<P> {
    const TYPES: &'static [poem_openapi::ApiExtractorType] =
        &[poem_openapi::ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut poem_openapi::registry::Registry) {
        <Caller as poem_openapi::ApiExtractor>::register(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        <Caller as poem_openapi::ApiExtractor>::security_schemes()
    }

    async fn from_request(
        request: &'a Request,
        body: &mut poem::RequestBody,
        param_opts: poem_openapi::ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let caller =
            <Caller as poem_openapi::ApiExtractor>::from_request(request, body, param_opts).await?;
        access::authorize(&caller.0, P::ACTION).map_err(ApiError::from)?;
        Ok(Self {
            who: caller.0,
            _permission: std::marker::PhantomData,
        })
    }
}

/// One marker type per [`Action`], for `Allowed<can::X>`.
pub mod can {
    use super::{Action, Permission};

    macro_rules! permissions {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("Permission to perform [`Action::", stringify!($name), "`].")]
            pub struct $name;
            impl Permission for $name {
                const ACTION: Action = Action::$name;
            }
        )*};
    }

    permissions!(
        ManageTokens,
        ReadAudit,
        WhoAmI,
        ReadRubrics,
        ReadLedger,
        WriteLedger,
        ReadMetrics,
        ManagePeriods,
        ReadAssessments,
        SelfAssess,
        Review,
        SendBack,
        AttachEvidence,
        Appeal,
        DecideAppeal,
        DeclareConflict,
        ReadReliability,
    );
}
