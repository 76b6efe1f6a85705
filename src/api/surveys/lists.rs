//! The objects of the survey lists: a period's rounds and a round's code batches.

use poem_openapi::Object;

use crate::api::typed::Typed;
use crate::domain::survey::round::DistributorKind;
use crate::service::ServiceError;
use crate::service::shown_at;
use crate::store::survey::codes::BatchRow;

/// A batch of codes as the bureau reads it later: who holds it, never the codes.
#[derive(Debug, Object)]
pub struct SurveyBatch {
    pub batch_id: String,
    pub project_id: String,
    /// 发放人.
    pub distributor: String,
    /// `{code, label}`.
    pub distributor_kind: Typed<DistributorKind>,
    /// The distributor's company, if any.
    #[oai(skip_serializing_if_is_none)]
    pub company_id: Option<String>,
    /// Codes in the batch.
    #[oai(validator(minimum(value = "0")))]
    pub codes: i64,
    /// Beijing time with offset.
    pub created_at: String,
}

/// The object of a stored batch.
pub(super) fn batch_object(b: BatchRow) -> Result<SurveyBatch, ServiceError> {
    // The stored code is one the service parsed; another is a fault, not the caller's.
    let kind = DistributorKind::parse("distributor_kind", &b.distributor_kind)
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("stored batch: {}", e.message)))?;
    Ok(SurveyBatch {
        created_at: shown_at(&b.created_at),
        batch_id: b.id,
        project_id: b.project_id,
        distributor: b.distributor,
        distributor_kind: Typed(kind),
        company_id: b.company_id,
        codes: b.codes,
    })
}
