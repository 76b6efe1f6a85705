//! Pure domain rules: no I/O, no poem, no sqlx. Most tests live here.

pub mod access;
pub mod assessment;
pub mod audit;
pub mod calendar;
pub mod credit;
pub mod evidence;
pub mod field_rules;
pub mod form;
pub(crate) mod labelled;
pub mod ledger;
pub mod number;
pub mod period;
pub mod privacy;
pub mod read_error;
pub mod reliability;
pub mod results;
pub mod review;
pub mod roles;
pub mod rubric;
pub mod stats;
pub mod supervision;
pub mod survey;
pub mod text;
pub mod workflow;

use serde::Serialize;

/// One field's failure of one rule, in words a bureau official can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    /// Path of the field in the request, e.g. `items[3].score`.
    pub field: String,
    /// What is wrong, in Chinese with the rule that was broken.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
