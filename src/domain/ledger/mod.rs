//! The property-management ledger (物业管理信息台账): regions, assessed units, companies,
//! projects, who served which project when, their handover inspections (承接查验), and the
//! campaign metrics computed from them.
//!
//! Everything here is pure: raw text in, typed records or every [`FieldError`](crate::domain::FieldError) out.

pub mod credit_code;
pub mod fields;
pub mod handover;
pub mod kinds;
pub mod metrics;
pub mod period;
pub mod records;
pub mod visibility;

pub use credit_code::CreditCode;
pub use handover::{HandoverInspection, InspectionGroup};
pub use kinds::{ManagementType, RegionLevel, UnitType};
pub use period::ServicePeriod;
pub use records::{CompanyData, OwnersCommittee, ProjectData};
pub use visibility::Visibility;
