//! Companies and projects as typed records, parsed from text with every field error collected.
//!
//! Field names in errors are the API's snake_case keys; the spreadsheet layer maps them to its
//! Chinese column headers, so one set of rules serves JSON requests and imports alike. Each
//! `…Fields` type declares its fields' rules with `#[derive(Validate)]`
//! ([`crate::domain::field_rules`]); `parse` checks them first, then the rules across fields.

mod company;
mod project;
#[cfg(test)]
mod tests;

pub use company::{CompanyData, CompanyFields};
pub use project::{OwnersCommittee, ProjectData, ProjectFields, ProjectRowLinks};

use validator::Validate;

use crate::domain::FieldError;
use crate::domain::field_rules as rules;

/// Largest household count accepted for one estate.
pub const MAX_HOUSEHOLDS: i64 = 1_000_000;
/// Largest committee size accepted.
pub const MAX_COMMITTEE: i64 = 1_000;
/// Largest staff count accepted for one project.
pub const MAX_STAFF: i64 = 100_000;

/// Collects field errors while parsing many fields: at most one per field, the first found
/// (a record's field rules run first, so a cross-field rule never repeats a field's own error).
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Starts with the errors of a record's declared field rules (see
    /// [`crate::domain::field_rules`]), in the order of `fields`.
    pub fn validated(record: &impl Validate, fields: &[&str]) -> Self {
        match record.validate() {
            Ok(()) => Self::default(),
            Err(e) => Self(rules::field_errors(&e, fields)),
        }
    }

    /// Keeps the value, or records its error and returns `None`.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.add(e)).ok()
    }

    /// Records one error.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.add(FieldError::new(field, message));
    }

    /// Records several errors.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        for e in errors {
            self.add(e);
        }
    }

    /// The errors in the order of `fields` (others last, as found).
    pub fn ordered(mut self, fields: &[&str]) -> Vec<FieldError> {
        self.0.sort_by_key(|e| {
            fields
                .iter()
                .position(|f| *f == e.field)
                .unwrap_or(usize::MAX)
        });
        self.0
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, e: FieldError) {
        if !self.0.iter().any(|old| old.field == e.field) {
            self.0.push(e);
        }
    }
}
