//! `/api/v1/companies`: property-service companies (物业服务企业).

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::{no_version, required_version};
use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::Versioned;
use crate::service::AppState;
use crate::service::ledger::companies::{self, CompanyFilter, CompanyInput, CompanyView};

/// Company endpoints.
pub struct CompaniesApi {
    pub state: AppState,
}

/// A company's fields (with `version` on update).
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct CompanyBody {
    /// 统一社会信用代码, 18 characters, check character verified (GB 32100-2015; the check
    /// character is a rule a pattern cannot state).
    #[oai(validator(pattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"))]
    pub credit_code: String,
    /// Full registered name.
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\x00-\\x1f\\x7f-\\x9f]*$"
    ))]
    pub name: String,
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 50, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub contact_person: Option<String>,
    /// Digits, spaces, `+`, `-` and brackets, at most 30.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 30, pattern = "^[0-9 +()-]*$"))]
    pub contact_phone: Option<String>,
    /// 资质等级.
    #[oai(skip_serializing_if_is_none)]
    #[oai(validator(max_length = 50, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"))]
    pub qualification: Option<String>,
    /// 是否建立党组织.
    pub has_party_org: bool,
    /// On update: the version last read.
    #[oai(skip)]
    pub version: Option<i64>,
}

/// A company.
#[derive(Debug, Object)]
pub struct Company {
    pub id: String,
    pub credit_code: String,
    pub name: String,
    #[oai(skip_serializing_if_is_none)]
    pub contact_person: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub contact_phone: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub qualification: Option<String>,
    pub has_party_org: bool,
    pub version: i64,
    /// Beijing time with the offset, e.g. `2023-06-30T18:00:00+08:00`.
    pub created_at: String,
    /// Beijing time with the offset.
    pub updated_at: String,
}

impl From<CompanyView> for Company {
    fn from(r: CompanyView) -> Self {
        Self {
            id: r.id,
            credit_code: r.credit_code,
            name: r.name,
            contact_person: r.contact_person,
            contact_phone: r.contact_phone,
            qualification: r.qualification,
            has_party_org: r.has_party_org,
            version: r.version,
            created_at: crate::service::shown_at(&r.created_at),
            updated_at: crate::service::shown_at(&r.updated_at),
        }
    }
}

/// A page of companies.
#[derive(Debug, Object)]
pub struct CompanyPage {
    pub items: Vec<Company>,
    pub total: i64,
}

fn input(b: CompanyBody) -> CompanyInput {
    CompanyInput {
        credit_code: b.credit_code,
        name: b.name,
        contact_person: b.contact_person,
        contact_phone: b.contact_phone,
        qualification: b.qualification,
        has_party_org: b.has_party_org,
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl CompaniesApi {
    /// 登记物业服务企业 (register a company).
    #[oai(path = "/companies", method = "post")]
    async fn create(
        &self,
        caller: Allowed<can::WriteLedger>,
        body: JsonBody<CompanyBody>,
    ) -> ApiResult<Json<Company>> {
        let who = &caller.who;
        no_version(body.0.version)?;
        Ok(Json(
            companies::create(&self.state, who, &input(body.0))
                .await?
                .into(),
        ))
    }

    /// 物业服务企业列表 (list companies) the caller may see.
    #[oai(path = "/companies", method = "get")]
    async fn list(
        &self,
        caller: Allowed<can::ReadLedger>,
        /// Part of the name or credit code.
        q: Query<Option<String>>,
        /// Only companies with (or without) a Party organisation.
        has_party_org: Query<Option<bool>>,
        /// Page number, from 1 (at most 1,000,000).
        #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))]
        page: Query<Option<i64>>,
        /// Items per page (1–500, default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        page_size: Query<Option<i64>>,
    ) -> ApiResult<Json<CompanyPage>> {
        let who = &caller.who;
        let f = CompanyFilter {
            q: q.0,
            has_party_org: has_party_org.0,
        };
        let p = companies::list(&self.state, who, &f, super::page(page.0, page_size.0)).await?;
        Ok(Json(CompanyPage {
            items: p.items.into_iter().map(Company::from).collect(),
            total: p.total,
        }))
    }

    /// 查看物业服务企业 (read a company).
    #[oai(path = "/companies/:id", method = "get")]
    async fn get(
        &self,
        caller: Allowed<can::ReadLedger>,
        id: Path<String>,
    ) -> ApiResult<Json<Company>> {
        let who = &caller.who;
        Ok(Json(companies::get(&self.state, who, &id.0).await?.into()))
    }

    /// 修改物业服务企业 (update a company), with the version last read.
    #[oai(path = "/companies/:id", method = "put")]
    async fn update(
        &self,
        caller: Allowed<can::WriteLedger>,
        id: Path<String>,
        body: JsonBody<Versioned<CompanyBody>>,
    ) -> ApiResult<Json<Company>> {
        let who = &caller.who;
        let version = required_version(body.0.0.version)?;
        Ok(Json(
            companies::update(&self.state, who, &id.0, version, &input(body.0.0))
                .await?
                .into(),
        ))
    }
}
