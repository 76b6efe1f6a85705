//! `/api/v1/tokens`: admin management of bearer tokens.

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::Tag;
use super::auth::{Allowed, can};
use super::body::JsonBody;
use super::error::ApiResult;
use crate::api::typed::{Choice, Typed};
use crate::domain::access::Role;
use crate::service::AppState;
use crate::service::tokens::{self, NewToken, TokenView};

/// Token endpoints.
pub struct TokensApi {
    pub state: AppState,
}

/// Request to create a token.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// Who will use it, e.g. "濉溪镇 联络员".
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    /// admin / reviewer / unit / company / inspector.
    pub role: Choice<Role>,
    /// Required for role `unit`: the assessed unit's id.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 64, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub unit_id: Option<String>,
    /// Required for role `company`: the company's id.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 64, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub company_id: Option<String>,
    /// Required for role `reviewer`: the review team's id.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 64, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub team_id: Option<String>,
}

/// A token (without its secret).
#[derive(Debug, Object)]
pub struct Token {
    pub id: String,
    pub name: String,
    pub role: Typed<Role>,
    #[oai(skip_serializing_if_is_none)]
    pub unit_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub company_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub team_id: Option<String>,
    /// Beijing time with the offset.
    pub created_at: String,
    /// Beijing time with the offset.
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<String>,
}

/// A newly created token with its secret, shown only this once.
#[derive(Debug, Object)]
pub struct CreatedToken {
    pub token: Token,
    /// The bearer secret. Store it now: only its hash is kept.
    pub secret: String,
}

/// Who the caller is.
#[derive(Debug, Object)]
pub struct WhoAmI {
    pub token_id: String,
    pub name: String,
    pub role: Typed<Role>,
    #[oai(skip_serializing_if_is_none)]
    pub unit_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub company_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub team_id: Option<String>,
}

impl From<TokenView> for Token {
    fn from(t: TokenView) -> Self {
        Self {
            id: t.id,
            name: t.name,
            role: Typed(t.role),
            unit_id: t.unit_id,
            company_id: t.company_id,
            team_id: t.team_id,
            created_at: crate::service::shown_at(&t.created_at),
            revoked_at: crate::service::shown_at_opt(t.revoked_at.as_deref()),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Tokens")]
impl TokensApi {
    /// 创建令牌 (create a token); the secret is returned once.
    #[oai(path = "/tokens", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::ManageTokens>,
        body: JsonBody<CreateTokenRequest>,
    ) -> ApiResult<poem_openapi::payload::Json<CreatedToken>> {
        let who = &caller.who;
        let b = body.0;
        let input = NewToken {
            name: b.name,
            role: b.role.code(),
            unit_id: b.unit_id,
            company_id: b.company_id,
            team_id: b.team_id,
        };
        let (token, secret) = tokens::create(&self.state, who, &input).await?;
        Ok(Json(CreatedToken {
            token: token.into(),
            secret,
        }))
    }

    /// 令牌列表 (list tokens).
    #[oai(path = "/tokens", method = "get")]
    async fn list(&self, caller: Allowed<can::ManageTokens>) -> ApiResult<Json<Vec<Token>>> {
        let list = tokens::list(&self.state, &caller.who).await?;
        Ok(Json(list.into_iter().map(Token::from).collect()))
    }

    /// 撤销令牌 (revoke a token).
    #[oai(path = "/tokens/:id/revoke", method = "post")]
    async fn revoke(
        &self,
        caller: Allowed<can::ManageTokens>,
        id: Path<String>,
    ) -> ApiResult<Json<Token>> {
        let who = &caller.who;
        let t = tokens::revoke(&self.state, who, &id.0).await?;
        Ok(Json(t.into()))
    }

    /// 当前身份 (who am I): the caller's role and bindings.
    #[oai(path = "/me", method = "get")]
    async fn me(&self, caller: Allowed<can::WhoAmI>) -> ApiResult<Json<WhoAmI>> {
        let p = &caller.who;
        Ok(Json(WhoAmI {
            token_id: p.token_id.clone(),
            name: p.name.clone(),
            role: Typed(p.role),
            unit_id: p.unit_id.clone(),
            company_id: p.company_id.clone(),
            team_id: p.team_id.clone(),
        }))
    }
}
