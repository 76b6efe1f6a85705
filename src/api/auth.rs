//! Authentication and authorisation at the edge, in one place: a bearer token becomes a
//! [`Principal`] ([`Caller`]), and every operation declares the [`Action`] it performs with an
//! [`Allowed`]`<can::X>` parameter, decided by [`crate::domain::access`] before the request body
//! is read. Ownership (which unit, which team) is then the service layer's job.

use poem::Request;
use poem::http::{StatusCode, header};
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;

use super::error::ApiError;
use crate::domain::FieldError;
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

/// The name errors give the header.
const HEADER: &str = "Authorization";

/// A 401 naming the `Authorization` header.
pub fn unauthorized(message: &str) -> ApiError {
    ApiError {
        errors: vec![FieldError::new(HEADER, message)],
        ..ApiError::new(StatusCode::UNAUTHORIZED, message)
    }
}

fn unreadable(message: &str) -> ApiError {
    ApiError {
        errors: vec![FieldError::new(HEADER, message)],
        ..ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

/// Checks the request's `Authorization` header has the form `Bearer <token>`; see the
/// module docs. The token itself is then checked against the database.
pub fn bearer_header(req: &Request) -> Result<(), ApiError> {
    let mut values = req.headers().get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(unauthorized(
            "缺少 Authorization 头，请以 `Authorization: Bearer <令牌>` 提供令牌 (missing bearer token)",
        ));
    };
    if values.next().is_some() {
        return Err(unreadable(
            "Authorization 头只能出现一次 (more than one Authorization header)",
        ));
    }
    let text = value
        .to_str()
        .ok()
        .filter(|t| t.bytes().all(|b| b == b' ' || b.is_ascii_graphic()))
        .ok_or_else(|| {
            unreadable(
                "Authorization 头包含非 ASCII 或控制字符，无法读取 (unreadable Authorization header)",
            )
        })?;
    let (scheme, token) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(unauthorized(
            "Authorization 头应为 `Bearer <令牌>` (expected the Bearer scheme)",
        ));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(unauthorized("Bearer 之后缺少令牌 (empty bearer token)"));
    }
    if token.contains(' ') {
        return Err(unauthorized("令牌不能包含空格 (malformed bearer token)"));
    }
    Ok(())
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
        bearer_header(request)?;
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
        ReadCredit,
        WriteCredit,
        ManageSurveys,
        ReadSurveys,
        ReadSurveyIndex,
        ReadEvaluations,
        WriteEvaluations,
        DecideEvaluations,
        ObjectToEvaluation,
        ReadComplaints,
        WriteComplaints,
        ApplyForRepair,
        ObjectToConductRecord,
        ReadProjectQuality,
        ReadResults,
        PublishResults,
    );
}
