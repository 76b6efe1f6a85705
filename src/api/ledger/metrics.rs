//! `/api/v1/metrics`: campaign metrics of the ledger for a scope and a date.

use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use rust_decimal::Decimal;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::error::ApiResult;
use crate::api::typed::{DateText, Typed};
use crate::domain::ledger::kinds::ManagementType;
use crate::domain::ledger::metrics::Ratio;
use crate::service::AppState;
use crate::service::ledger::metrics;

/// Metrics endpoint.
pub struct MetricsApi {
    pub state: AppState,
}

/// A ratio with its target, decided exactly.
#[derive(Debug, Object)]
pub struct MetricRatio {
    pub numerator: i64,
    pub denominator: i64,
    /// Rounded to 6 decimals; absent when the denominator is 0.
    #[oai(skip_serializing_if_is_none)]
    pub rate: Option<Decimal>,
    /// Target share, e.g. 0.9.
    #[oai(skip_serializing_if_is_none)]
    pub target: Option<Decimal>,
    /// numerator ≥ target × denominator, exactly.
    #[oai(skip_serializing_if_is_none)]
    pub met: Option<bool>,
    /// The formula in words.
    pub rule: String,
}

impl From<Ratio> for MetricRatio {
    fn from(r: Ratio) -> Self {
        Self {
            numerator: r.numerator,
            denominator: r.denominator,
            rate: r.rate,
            target: r.target,
            met: r.met,
            rule: r.rule,
        }
    }
}

/// Count of projects of one management type.
#[derive(Debug, Object)]
pub struct TypeCount {
    /// `{code, label}`.
    pub management_type: Typed<ManagementType>,
    pub projects: i64,
}

/// Campaign metrics of one scope on one date.
#[derive(Debug, Object)]
pub struct Metrics {
    /// `county`, or the region's level.
    pub scope: String,
    #[oai(skip_serializing_if_is_none)]
    pub region_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub region_name: Option<String>,
    pub as_of: String,
    pub projects: i64,
    pub by_management_type: Vec<TypeCount>,
    /// 物业服务覆盖率.
    pub service_coverage: MetricRatio,
    /// 业委会组建率 (target ≥ 90%).
    pub committee_formation: MetricRatio,
    /// 业委会成员党员比例: Party members over members of all committees, pooled (target ≥ 50%).
    pub committee_party_share: MetricRatio,
    /// 业委会党员比例达标率: committees at least half of whose members are Party members, over
    /// committees formed (each committee on its own; target 100%).
    pub committee_party_compliance: MetricRatio,
    /// 物业企业党组织覆盖率 (target 100%).
    pub company_party_organisation: MetricRatio,
    /// 承接查验业主代表达标率: inspections dated by `as_of` whose owner representatives are at
    /// least 1/3 of the group (3 × owners ≥ group) / inspections dated by `as_of` (target 100%).
    pub handover_owner_representation: MetricRatio,
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Ledger")]
impl MetricsApi {
    /// 攻坚行动指标 (campaign metrics) for the county, a town/park or a community on a date.
    #[oai(path = "/metrics", method = "get")]
    async fn metrics(
        &self,
        caller: Allowed<can::ReadMetrics>,
        /// A region id (town, park, community or the county); absent: the whole ledger (a town
        /// or park unit gets its own area).
        scope: Query<Option<String>>,
        /// `YYYY-MM-DD`; today when absent.
        as_of: Query<Option<DateText>>,
    ) -> ApiResult<Json<Metrics>> {
        let who = &caller.who;
        let s = metrics::compute(
            &self.state,
            who,
            scope.0.as_deref(),
            as_of.0.as_ref().map(|d| d.0.as_str()),
        )
        .await?;
        let m = s.metrics;
        Ok(Json(Metrics {
            scope: s
                .region
                .as_ref()
                .map_or("county".into(), |r| r.level.code().into()),
            region_id: s.region.as_ref().map(|r| r.id.clone()),
            region_name: s.region.map(|r| r.name),
            as_of: m.as_of.to_string(),
            projects: m.projects,
            by_management_type: m
                .by_management_type
                .into_iter()
                .filter_map(|(k, v)| {
                    // Every key is a management type's code (the metrics count by them).
                    let t = ManagementType::parse("management_type", k).ok()?;
                    Some(TypeCount {
                        management_type: Typed(t),
                        projects: v,
                    })
                })
                .collect(),
            service_coverage: m.service_coverage.into(),
            committee_formation: m.committee_formation.into(),
            committee_party_share: m.committee_party_share.into(),
            committee_party_compliance: m.committee_party_compliance.into(),
            company_party_organisation: m.company_party_organisation.into(),
            handover_owner_representation: m.handover_owner_representation.into(),
        }))
    }
}
