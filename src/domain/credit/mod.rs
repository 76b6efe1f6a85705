//! Company credit outside the score itself: conduct records as officials enter them
//! ([`record`]), checked against the `credit` rubric's record kinds. The score as of a date is
//! [`crate::domain::rubric::credit`].

pub mod complaint;
pub mod evaluation;
pub mod quality;
pub mod record;
pub mod repair;

pub use record::{ConductEntry, ConductFields, EndKind};
