//! The ledger: CRUD with optimistic concurrency, service periods, handover inspections, access
//! per role, imports, campaign metrics.

mod access;
mod crud;
pub mod fixture;
mod handover;
mod handover_import;
mod import;
mod import_files;
mod metrics;
mod search;
