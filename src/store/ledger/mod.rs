//! Queries on the ledger tables: regions, units, companies, projects, their service periods and
//! handover inspections. Lists take a typed query (e.g. [`projects::ProjectQuery`]) carrying the
//! caller's [`Visibility`](crate::domain::ledger::Visibility); this module turns it into SQL.
//!
//! Rows serialise in their stored shape (codes, decimal and date text, 0/1 flags): they are
//! what audit entries record.

pub mod companies;
pub mod handover;
pub mod projects;
pub mod regions;
pub mod service_periods;
pub mod units;
