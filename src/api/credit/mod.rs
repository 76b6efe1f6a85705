//! Company credit (企业信用): conduct records (`records`) and ratings as of a date (`rating`).
//! Only the bureau writes; the bureau, review teams and inspectors read every company, a
//! company only its own (another's answers 404); units are refused.

use poem_openapi::Object;

use crate::service::AppState;

pub mod complaint_import;
pub mod complaints;
pub mod evaluations;
pub mod lists;
pub mod project_quality;
pub mod rating;
pub mod record_objections;
pub mod records;
pub mod records_import;
pub mod repairs;

/// The credit operation groups, nested as one member of [`super::Apis`].
pub type Apis = (
    records::ConductApi,
    rating::RatingApi,
    lists::ListsApi,
    evaluations::EvaluationsApi,
    evaluations::EvaluationImportApi,
    complaints::ComplaintsApi,
    complaint_import::ComplaintImportApi,
    repairs::RepairApi,
    records_import::ConductImportApi,
    evaluations::EvaluationPhotoApi,
    record_objections::RecordObjectionApi,
    project_quality::ProjectQualityApi,
);

/// The credit operation groups over `state`.
pub fn apis(state: AppState) -> Apis {
    (
        records::ConductApi {
            state: state.clone(),
        },
        rating::RatingApi {
            state: state.clone(),
        },
        lists::ListsApi {
            state: state.clone(),
        },
        evaluations::EvaluationsApi {
            state: state.clone(),
        },
        evaluations::EvaluationImportApi {
            state: state.clone(),
        },
        complaints::ComplaintsApi {
            state: state.clone(),
        },
        complaint_import::ComplaintImportApi {
            state: state.clone(),
        },
        repairs::RepairApi {
            state: state.clone(),
        },
        records_import::ConductImportApi {
            state: state.clone(),
        },
        evaluations::EvaluationPhotoApi {
            state: state.clone(),
        },
        record_objections::RecordObjectionApi {
            state: state.clone(),
        },
        project_quality::ProjectQualityApi { state },
    )
}

/// A stable code with its Chinese label (`{"code": "bad", "label": "不良行为"}`).
#[derive(Debug, Clone, Object)]
pub struct CodeLabel {
    /// Stable code, for programs.
    pub code: String,
    /// Chinese label, for people.
    pub label: String,
}

impl CodeLabel {
    fn of(code: &str, label: &str) -> Self {
        Self {
            code: code.to_owned(),
            label: label.to_owned(),
        }
    }
}
