//! The ledger: CRUD with optimistic concurrency, service periods, access per role, imports,
//! campaign metrics.

mod access;
mod crud;
pub mod fixture;
mod import;
mod import_files;
mod metrics;
mod search;
